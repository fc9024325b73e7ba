//! guided's container picker: "type a name" first, type-to-filter (fuzzy),
//! a typed name that matches nothing says so with close names; Ctrl-C 130.
//! The real binary in a pseudo-terminal (rexpect), as tests/integration/guided.rs.

use std::fs;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::{SignedDuration, Timestamp};
use rexpect::process::wait::WaitStatus;
use rexpect::session::{spawn_with_options, Options, PtySession};
use serde_json::json;
use tempfile::TempDir;

/// How long any one expected text may take to appear.
const TIMEOUT_MS: u64 = 10_000;

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("ds01-events")
}

/// A log with three users and a few types; times relative to now, so
/// "last hour" has a stable meaning.
fn fixture() -> (TempDir, PathBuf) {
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
fn spawn_guided(file: &Path, strip_ansi: bool) -> PtySession {
    let mut cmd = Command::new(bin());
    cmd.env_clear()
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
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
fn key(s: &mut PtySession, k: &str, then: &str) {
    s.send(k).unwrap();
    s.flush().unwrap();
    wait_for(s, then);
}

fn wait_for(s: &mut PtySession, text: &str) -> String {
    s.exp_string(text)
        .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"))
}

/// Waits for the end of output and the exit code.
fn finish(s: &mut PtySession) -> (String, i32) {
    let rest = s.exp_eof().expect("the program should end");
    match s.process.wait().unwrap() {
        WaitStatus::Exited(_, code) => (rest, code),
        other => panic!("unexpected end: {other:?}"),
    }
}

/// Main menu: "Events of a container" (the second item).
fn choose_events_of_a_container(s: &mut PtySession) {
    wait_for(s, "What do you want to see?");
    wait_for(s, "Quit");
    key(s, DOWN, "> Events of a container");
    key(s, ENTER, "Which container?");
    wait_for(s, "Type a container name...");
}

/// From "(so far: ...)" to the command line, with every default.
fn accept_defaults(s: &mut PtySession) {
    wait_for(s, "A field condition");
    key(s, ENTER, "Which time range?");
    wait_for(s, "From / to a time you type");
    key(s, ENTER, "Show it as?");
    wait_for(s, "CSV");
    key(s, ENTER, "How many events?");
    wait_for(s, "Another number...");
    s.send(ENTER).unwrap();
    s.flush().unwrap();
}

#[test]
fn typing_filters_the_container_list() {
    let (_dir, path) = fixture();
    let mut s = spawn_guided(&path, true);
    choose_events_of_a_container(&mut s);
    // "Type a name" is the first entry, and typing narrows the list.
    s.send("train").unwrap();
    s.flush().unwrap();
    wait_for(&mut s, "bob-train");
    key(&mut s, ENTER, "(so far: --container 'bob-train')");
    accept_defaults(&mut s);
    let expected = format!(
        "ds01-events --container 'bob-train' --file '{}'",
        path.display()
    );
    wait_for(&mut s, &expected);
    let (rest, code) = finish(&mut s);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("gpu.allocate"), "{rest}");
    assert!(!rest.contains("alice"), "{rest}");
}

#[test]
fn a_typed_name_that_matches_nothing_says_so_and_suggests() {
    let (_dir, path) = fixture();
    let mut s = spawn_guided(&path, true);
    choose_events_of_a_container(&mut s);
    // The first entry: type a name.
    key(&mut s, ENTER, "The container name");
    s.send("bob-trian").unwrap();
    key(&mut s, ENTER, "No container 'bob-trian'");
    wait_for(&mut s, "close names: bob-train");
    wait_for(&mut s, "Pick again");
    // The first choice takes the suggestion.
    key(&mut s, ENTER, "(so far: --container 'bob-train')");
    accept_defaults(&mut s);
    wait_for(&mut s, "ds01-events --container 'bob-train'");
    let (rest, code) = finish(&mut s);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("bob-train"), "{rest}");
}

#[test]
fn a_typed_name_that_exists_is_taken() {
    let (_dir, path) = fixture();
    let mut s = spawn_guided(&path, true);
    choose_events_of_a_container(&mut s);
    key(&mut s, ENTER, "The container name");
    s.send("carol-sim").unwrap();
    key(&mut s, ENTER, "(so far: --container 'carol-sim')");
    accept_defaults(&mut s);
    wait_for(&mut s, "ds01-events --container 'carol-sim'");
    let (rest, code) = finish(&mut s);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("gpu.reject"), "{rest}");
}

#[test]
fn ctrl_c_in_the_container_picker_exits_130() {
    let (_dir, path) = fixture();
    let mut s = spawn_guided(&path, false);
    wait_for(&mut s, "What do you want to see?");
    wait_for(&mut s, "Quit");
    key(&mut s, DOWN, "Events of a container");
    key(&mut s, ENTER, "Which container?");
    wait_for(&mut s, "Type a container name...");
    s.send_control('c').unwrap();
    let (rest, code) = finish(&mut s);
    assert_eq!(code, 130, "{rest:?}");
    assert!(
        rest.contains("\x1b[?25h"),
        "the cursor is shown again: {rest:?}"
    );
}
