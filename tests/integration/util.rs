//! What every area shares: the binary, the scrubbed command, a temp log,
//! the event-line builder, a run that cannot hang, the realistic demo
//! generator. One way to do each; an area adds only what is its own.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value};
use tempfile::TempDir;

pub use ds01_events::commands::demo::{generate, Sample, Spec};

// ---------------------------------------------------------------- binary

/// The PATH every scrubbed command gets: the system directories only, so no
/// test depends on the developer's shell.
pub const PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The binary under test (built by cargo for the integration tests), as
/// text for argument lists.
pub const BIN: &str = env!("CARGO_BIN_EXE_ds01-events");

/// The binary under test, [`BIN`] as a path.
pub fn bin() -> PathBuf {
    PathBuf::from(BIN)
}

/// Clears `c`'s environment (every DS01_EVENTS_* variable, HOME, LANG,
/// COLUMNS, PAGER, XDG_*...) and sets what every run gets: [`PATH`], TZ=UTC
/// and NO_COLOR=1. A test adds (or removes) the rest.
pub fn scrub(c: &mut Command) -> &mut Command {
    c.env_clear()
        .env("PATH", PATH)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
}

/// `program` with a scrubbed environment ([`scrub`]).
pub fn scrubbed(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::new(program);
    scrub(&mut c);
    c
}

/// The binary with a scrubbed environment ([`scrub`]).
pub fn cmd() -> Command {
    scrubbed(bin())
}

/// [`cmd`] as an `assert_cmd` command (for `.write_stdin`, `.timeout`).
pub fn assert_cmd() -> assert_cmd::Command {
    assert_cmd::Command::from_std(cmd())
}

/// [`scrubbed`] as an `assert_cmd` command.
pub fn assert_scrubbed(program: impl AsRef<std::ffi::OsStr>) -> assert_cmd::Command {
    assert_cmd::Command::from_std(scrubbed(program))
}

/// Runs `c` (stdout and stderr piped) and returns its output; a run longer
/// than `limit` is killed and fails the test: a hang is a bug, never a
/// stuck test run. The output is read while waiting, so a full pipe is not
/// taken for a hang.
#[track_caller]
pub fn output_within(c: &mut Command, limit: Duration, what: &str) -> Output {
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    let child = c
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(o) => o.unwrap(),
        Err(_) => {
            let _ = nix::sys::signal::kill(pid, nix::sys::signal::SIGKILL);
            panic!("{what} still running after {limit:?}: it hangs");
        }
    }
}

/// Stdout as text (lossy).
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Stderr as text (lossy).
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `word` quoted for sh.
pub fn sh(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

// -------------------------------------------------------------- temp log

/// A fresh temp dir (named so that a leftover says whose it is).
pub fn tempdir() -> TempDir {
    tempfile::Builder::new()
        .prefix("ds01-events-test.")
        .tempdir()
        .unwrap()
}

/// A temp dir with `events.jsonl` in it: the log most tests query.
pub struct TempLog {
    pub dir: TempDir,
    pub path: PathBuf,
}

impl TempLog {
    /// `events.jsonl` holding `content`, in a fresh dir.
    pub fn new(content: impl AsRef<[u8]>) -> TempLog {
        let dir = tempdir();
        let path = dir.path().join("events.jsonl");
        fs::write(&path, content).unwrap();
        TempLog { dir, path }
    }

    /// `events.jsonl` holding `lines`, each ended by a newline.
    pub fn lines(lines: &[String]) -> TempLog {
        TempLog::new(joined(lines))
    }

    /// Another file `name` in the same dir.
    pub fn file(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        fs::write(&p, content).unwrap();
        p
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// [`cmd`] reading this log (`--file PATH`), as an `assert_cmd`
    /// command killed after 120 s (a hang fails the test, never the run).
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = assert_cmd();
        c.arg("--file")
            .arg(&self.path)
            .timeout(Duration::from_secs(120));
        c
    }
}

/// Lines joined with a newline after each.
pub fn joined(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// gzip of `bytes`, as logrotate's `compress` writes it.
pub fn gz(bytes: impl AsRef<[u8]>) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes.as_ref()).unwrap();
    e.finish().unwrap()
}

// ---------------------------------------------------------------- events

/// The v1 writer's timestamp text (UTC, microseconds, `Z`).
pub fn ts_text(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string()
}

/// Now minus `secs`, as the writer writes it.
pub fn ago(secs: i64) -> String {
    ts_text(Timestamp::now() - SignedDuration::from_secs(secs))
}

/// One v1 event line, built as the writers write it: compact JSON in the
/// writer's key order (timestamp, event_type, schema_version, user, source,
/// details), `details` left out when empty, no newline.
///
/// `ev(ts, ty).user("alice").detail("container", "web").line()`
#[derive(Clone, Debug)]
pub struct Ev {
    timestamp: String,
    event_type: String,
    user: Option<String>,
    source: Option<String>,
    details: Map<String, Value>,
}

/// A v1 event at `timestamp` (the text as written) of type `event_type`.
pub fn ev(timestamp: impl Into<String>, event_type: &str) -> Ev {
    Ev {
        timestamp: timestamp.into(),
        event_type: event_type.into(),
        user: None,
        source: None,
        details: Map::new(),
    }
}

impl Ev {
    pub fn user(mut self, user: &str) -> Ev {
        self.user = Some(user.into());
        self
    }

    pub fn maybe_user(mut self, user: Option<&str>) -> Ev {
        self.user = user.map(String::from);
        self
    }

    pub fn source(mut self, source: &str) -> Ev {
        self.source = Some(source.into());
        self
    }

    pub fn maybe_source(mut self, source: Option<&str>) -> Ev {
        self.source = source.map(String::from);
        self
    }

    /// One detail (added in call order).
    pub fn detail(mut self, key: &str, value: impl Into<Value>) -> Ev {
        self.details.insert(key.into(), value.into());
        self
    }

    /// All details from a JSON object (`json!({...})`); anything else adds
    /// none.
    pub fn details(mut self, details: Value) -> Ev {
        if let Value::Object(m) = details {
            self.details.extend(m);
        }
        self
    }

    /// The line, without its newline.
    pub fn line(&self) -> String {
        let mut m = Map::new();
        m.insert("timestamp".into(), self.timestamp.clone().into());
        m.insert("event_type".into(), self.event_type.clone().into());
        m.insert("schema_version".into(), "1".into());
        if let Some(u) = &self.user {
            m.insert("user".into(), u.clone().into());
        }
        if let Some(s) = &self.source {
            m.insert("source".into(), s.clone().into());
        }
        if !self.details.is_empty() {
            m.insert("details".into(), Value::Object(self.details.clone()));
        }
        Value::Object(m).to_string()
    }

    /// The line with its newline, as it sits in the file.
    pub fn nl(&self) -> String {
        let mut l = self.line();
        l.push('\n');
        l
    }
}

// ------------------------------------------------------ realistic samples

/// A 30-day log of `lines` lines ending now (the generator behind
/// `ds01-events demo`, src/commands/demo.rs): v1, old-schema and flat
/// lines, a few malformed ones (0.1%), concurrent-writer jitter. Relative to
/// the current time, so relative phrases ("6 hours ago") find events.
pub fn sample(lines: usize, seed: u64) -> Sample {
    generate(&Spec::new(lines, seed, Timestamp::now()))
}

/// [`sample`] written to `dir/events.jsonl`.
pub fn sample_file(dir: &Path, lines: usize, seed: u64) -> PathBuf {
    let path = dir.join("events.jsonl");
    sample(lines, seed).write(&path).unwrap();
    path
}

// ------------------------------------------------------------------ setup

/// A root for `setup --root` (and `doctor --root`) with its own /etc/group:
/// root and the group `loggers` (gid `gid`, members `members`, comma
/// separated).
pub fn setup_root(gid: u32, members: &str) -> TempDir {
    let d = tempdir();
    fs::create_dir_all(d.path().join("etc")).unwrap();
    fs::write(
        d.path().join("etc/group"),
        format!("root:x:0:\nloggers:x:{gid}:{members}\n"),
    )
    .unwrap();
    d
}
