//! Exit codes (sysexits.h), one place, documented in `--help` and `--info`.

/// Success, including "no events matched" and a `log` whose event went to syslog.
pub const OK: i32 = 0;
/// `doctor` found a failing check.
pub const CHECK_FAILED: i32 = 1;
/// Usage error: unknown flag, bad time phrase, bad event type, bad filter.
pub const USAGE: i32 = 64;
/// Data error (sysexits' EX_DATAERR), in two commands: `verify` found
/// sealed history that differs from its checkpoints (tampering) ...
pub const DATA_ERR: i32 = 65;
/// ... and a query gave its answer, but an input was skipped (not a
/// regular file) or found damaged (a truncated `.gz`): one stderr line
/// names each.
pub const PARTIAL: i32 = DATA_ERR;
/// The events file (or an archive) exists but cannot be read.
pub const NO_INPUT: i32 = 66;
/// Internal software error (a bug: please report it). Documented and
/// reserved: no path returns it today (a panic aborts).
#[allow(dead_code)]
pub const SOFTWARE: i32 = 70;
/// Output could not be written (disk full, `--output` target unwritable).
pub const CANT_CREATE: i32 = 73;
/// `log --strict`: the event could not be appended to the file.
pub const TEMP_FAIL: i32 = 75;
/// `setup` run without the privileges it needs.
pub const NO_PERM: i32 = 77;

/// The table printed in `--help` and `--info`.
pub const TABLE: &str = "\
  0   success (also: nothing matched; log fell back to syslog)
  1   doctor: a check failed
  64  usage error (bad flag, time phrase, event type or filter)
  65  data error: verify found tampering; or an answer was given but a rotated
      file was skipped or damaged (named on stderr)
  66  events file or archive unreadable
  70  internal error
  73  output could not be written
  75  log --strict: event not appended to the file
  77  setup: needs root";

/// An error that knows its exit code. Its message is one line.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(USAGE, message)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// Prints one line on stderr, ignoring failures: a full disk or closed
/// stderr must not turn a warning into a crash.
pub fn say(line: &str) {
    use std::io::Write;
    let mut e = std::io::stderr().lock();
    let _ = writeln!(e, "{line}");
}

/// `say` with format arguments.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => { $crate::exit::say(&format!($($arg)*)) };
}
