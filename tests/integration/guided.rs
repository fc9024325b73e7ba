//! Integration tests for `ds01-events guided`: the real binary in a real
//! pseudo-terminal (rexpect), keys in, screen out.
//!
//! Each test scrubs the environment (TERM=xterm, NO_COLOR=1 so the plain
//! theme draws `> ` before the current item, TZ=UTC) and points `--file` at a
//! fixture in a fresh temp dir. dialoguer redraws menus with cursor
//! movements, so the tests strip escape codes (where the test is not about
//! them) and wait for stable text before each key.

use std::fs;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::{SignedDuration, Timestamp};
use rexpect::process::wait::WaitStatus;
use rexpect::session::{spawn_with_options, Options, PtySession};
use serde_json::json;
use tempfile::TempDir;

use crate::util::{self, bin};

/// How long any one expected text may take to appear.
const TIMEOUT_MS: u64 = 10_000;

pub(super) const DOWN: &str = "\x1b[B";
pub(super) const ENTER: &str = "\r";
const ESC: &str = "\x1b";

/// A log with three users and a few types; times relative to now, so
/// "last hour" has a stable meaning.
pub(super) fn fixture() -> (TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("ds01-guided-test.")
        .tempdir()
        .unwrap();
    let path = dir.path().join("events.jsonl");
    let now = Timestamp::now();
    let at = |mins: i64| {
        (now - SignedDuration::from_mins(mins))
            .strftime("%Y-%m-%dT%H:%M:%S.%6fZ")
            .to_string()
    };
    let rows = [
        (3000, "container.create", Some("alice"), "alice-old-box"),
        (180, "container.stop", Some("bob"), "bob-old-run"),
        (30, "container.create", Some("alice"), "alice-notebook"),
        (25, "gpu.allocate", Some("bob"), "bob-train"),
        (20, "gpu.reject", Some("carol"), "carol-sim"),
        (10, "container.start", Some("alice"), "alice-notebook"),
        (5, "health.check", None, "none"),
    ];
    let mut text = String::new();
    for (mins, t, user, container) in rows {
        let mut e = json!({
            "timestamp": at(mins),
            "event_type": t,
            "schema_version": "1",
            "source": "test",
            "details": {"container": container},
        });
        if let Some(u) = user {
            e["user"] = json!(u);
        }
        text += &e.to_string();
        text.push('\n');
    }
    fs::write(&path, text).unwrap();
    (dir, path)
}

/// `ds01-events guided --file PATH` in a 160x50 pseudo-terminal.
pub(super) fn spawn_guided(file: &Path, strip_ansi: bool) -> PtySession {
    let mut cmd = util::cmd();
    cmd.env("TERM", "xterm")
        .arg("guided")
        .arg("--file")
        .arg(file);
    let s = spawn_with_options(
        cmd,
        Options::new()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(strip_ansi),
    )
    .unwrap();
    set_size(&s, 50, 160);
    s
}

/// Gives the terminal a size, as a real one has (the table fits its width).
fn set_size(s: &PtySession, rows: u16, cols: u16) {
    let master = s.process.get_file_handle().unwrap();
    let ws = nix::libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCSWINSZ reads one winsize from a valid pointer.
    let rc = unsafe { nix::libc::ioctl(master.as_raw_fd(), nix::libc::TIOCSWINSZ, &ws) };
    assert_eq!(rc, 0, "TIOCSWINSZ failed");
}

/// Presses a key and waits for the text that shows it took effect.
pub(super) fn key(s: &mut PtySession, k: &str, then: &str) {
    s.send(k).unwrap();
    s.flush().unwrap();
    wait_for(s, then);
}

pub(super) fn wait_for(s: &mut PtySession, text: &str) -> String {
    s.exp_string(text)
        .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"))
}

/// Waits for the end of output and the exit code.
pub(super) fn finish(s: &mut PtySession) -> (String, i32) {
    let rest = s.exp_eof().expect("the program should end");
    match s.process.wait().unwrap() {
        WaitStatus::Exited(_, code) => (rest, code),
        other => panic!("unexpected end: {other:?}"),
    }
}

/// Main menu: "Events of a user" (the first item).
fn choose_events_of_a_user(s: &mut PtySession) {
    wait_for(s, "What do you want to see?");
    wait_for(s, "Quit");
    key(s, ENTER, "Which user? (3 in the log)");
    wait_for(s, "Type a user name...");
}

#[test]
fn user_events_last_hour_prints_the_command_and_runs_it() {
    let (_dir, path) = fixture();
    let mut s = spawn_guided(&path, true);
    choose_events_of_a_user(&mut s);
    // alice, bob, carol in name order: one down is bob.
    key(&mut s, DOWN, "> bob");
    key(&mut s, ENTER, "(so far: --user 'bob')");
    wait_for(&mut s, "A field condition");
    key(&mut s, ENTER, "Which time range?");
    wait_for(&mut s, "From / to a time you type");
    key(&mut s, DOWN, "> Last hour");
    key(&mut s, ENTER, "Show it as?");
    wait_for(&mut s, "CSV");
    key(&mut s, ENTER, "How many events?");
    wait_for(&mut s, "Another number...");
    s.send(ENTER).unwrap();
    s.flush().unwrap();
    let expected = format!(
        "ds01-events --user 'bob' --since '1 hour ago' --file '{}'",
        path.display()
    );
    wait_for(&mut s, &expected);
    let (rest, code) = finish(&mut s);
    assert_eq!(code, 0, "output after the command line:\n{rest}");
    assert!(rest.contains("TYPE"), "a table header:\n{rest}");
    assert!(rest.contains("gpu.allocate"), "bob's event:\n{rest}");
    assert!(rest.contains("bob-train"), "bob's event:\n{rest}");
    assert!(!rest.contains("bob-old-run"), "older than an hour:\n{rest}");
    assert!(!rest.contains("alice"), "another user's events:\n{rest}");
    assert!(!rest.contains("carol"), "another user's events:\n{rest}");
}

#[test]
fn user_events_all_time_with_the_defaults() {
    let (_dir, path) = fixture();
    let mut s = spawn_guided(&path, true);
    choose_events_of_a_user(&mut s);
    key(&mut s, ENTER, "(so far: --user 'alice')");
    wait_for(&mut s, "A field condition");
    key(&mut s, ENTER, "Which time range?");
    wait_for(&mut s, "From / to a time you type");
    // The answer stays on screen after the prompt.
    key(&mut s, ENTER, "Which time range? All time");
    wait_for(&mut s, "CSV");
    key(&mut s, ENTER, "How many events?");
    wait_for(&mut s, "Another number...");
    s.send(ENTER).unwrap();
    s.flush().unwrap();
    // "All time", table and the default limit add no flag.
    let expected = format!("ds01-events --user 'alice' --file '{}'", path.display());
    wait_for(&mut s, &expected);
    let (rest, code) = finish(&mut s);
    assert_eq!(code, 0, "output after the command line:\n{rest}");
    assert!(rest.contains("alice-old-box"), "all time:\n{rest}");
    assert!(rest.contains("alice-notebook"), "alice's events:\n{rest}");
    assert!(!rest.contains("bob"), "another user's events:\n{rest}");
}

#[test]
fn escape_at_the_first_menu_leaves_cleanly() {
    let (_dir, path) = fixture();
    let mut s = spawn_guided(&path, false);
    wait_for(&mut s, "What do you want to see?");
    wait_for(&mut s, "Quit");
    s.send(ESC).unwrap();
    s.flush().unwrap();
    let (rest, code) = finish(&mut s);
    assert_eq!(code, 0, "Esc is not an error:\n{rest:?}");
    assert!(
        rest.contains("\x1b[?25h"),
        "the cursor is shown again: {rest:?}"
    );
    assert!(!rest.contains("ds01-events --"), "nothing ran: {rest:?}");
}

#[test]
fn ctrl_c_in_a_menu_leaves_cleanly() {
    let (_dir, path) = fixture();
    let mut s = spawn_guided(&path, false);
    choose_events_of_a_user(&mut s);
    s.send_control('c').unwrap();
    let (rest, code) = finish(&mut s);
    assert_eq!(
        code, 130,
        "Ctrl-C leaves with 130 (128 + SIGINT):\n{rest:?}"
    );
    assert!(
        rest.contains("\x1b[?25h"),
        "the cursor is shown again: {rest:?}"
    );
}

#[test]
fn without_a_terminal_it_points_to_the_flags() {
    let (_dir, path) = fixture();
    for args in [&["guided"][..], &["--guided"][..]] {
        let out = util::assert_cmd()
            .args(args)
            .arg("--file")
            .arg(&path)
            .write_stdin("")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(64), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "one line: {err:?}");
        assert!(
            err.contains("guided needs a terminal; use flags instead: ds01-events --help"),
            "{err:?}"
        );
    }
}

#[test]
fn stdout_not_a_terminal_is_refused_too() {
    // stdin is the terminal, stdout a file.
    let (dir, path) = fixture();
    let out_file = dir.path().join("out");
    let mut cmd = Command::new("sh");
    cmd.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("TERM", "xterm")
        .arg("-c")
        .arg("\"$0\" guided --file \"$1\" > \"$2\"; echo \"rc=$?\"")
        .arg(bin())
        .arg(&path)
        .arg(&out_file);
    let mut s = spawn_with_options(cmd, Options::new().timeout_ms(Some(TIMEOUT_MS))).unwrap();
    wait_for(&mut s, "guided needs a terminal");
    wait_for(&mut s, "rc=64");
    assert_eq!(fs::read_to_string(&out_file).unwrap(), "");
}
