//! Integration tests for `ds01-events follow`, driving the real binary.
//!
//! Each test spawns the binary with a scrubbed environment (util::cmd:
//! `env_clear`, then PATH, TZ=UTC, NO_COLOR=1), stdout piped and read line
//! by line on a thread
//! that stamps each line with the instant it arrived, so a test can wait for
//! lines with a timeout and measure how late they come.

use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use serde_json::Value;
use tempfile::TempDir;

use crate::util::{self, bin, tempdir};

// ---------------------------------------------------------------- helpers

/// The two rotation tests start many processes: they take turns, so that on
/// two cores neither starves the follower it is measuring.
static ROTATION: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// One v1 line (with its newline).
fn event(user: &str, seq: u64) -> String {
    util::ev("2026-01-30T14:30:00.000000Z", "test.seq")
        .user(user)
        .detail("seq", seq)
        .nl()
}

/// Appends bytes with one write to an O_APPEND descriptor, as the writer does.
fn append(path: &Path, bytes: &str) {
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    f.write_all(bytes.as_bytes()).unwrap();
}

fn seq_of(v: &Value) -> u64 {
    v["details"]["seq"]
        .as_u64()
        .unwrap_or_else(|| panic!("no seq in {v}"))
}

/// A running `follow`.
struct Follow {
    child: Child,
    lines: Receiver<(Instant, String)>,
    stderr: Arc<Mutex<String>>,
}

impl Follow {
    fn spawn(args: &[&str]) -> Follow {
        let mut child = util::cmd()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Follow {
            child,
            lines: rx,
            stderr,
        }
    }

    fn next(&self, timeout: Duration) -> Option<(Instant, String)> {
        self.lines.recv_timeout(timeout).ok()
    }

    /// The next `n` lines as JSON, failing after `timeout`.
    fn json(&self, n: usize, timeout: Duration) -> Vec<Value> {
        let deadline = Instant::now() + timeout;
        (0..n)
            .map(|i| {
                let left = deadline.saturating_duration_since(Instant::now());
                let (_, line) = self.next(left).unwrap_or_else(|| {
                    panic!(
                        "line {} of {n} did not come within {timeout:?}; stderr: {}",
                        i + 1,
                        self.stderr()
                    )
                });
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"))
            })
            .collect()
    }

    /// Lines that arrive within `d`.
    fn quiet_for(&self, d: Duration) -> Vec<String> {
        let deadline = Instant::now() + d;
        let mut got = Vec::new();
        while let Some((_, l)) = self.next(deadline.saturating_duration_since(Instant::now())) {
            got.push(l);
        }
        got
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn signal(&self, sig: Signal) {
        kill(Pid::from_raw(self.child.id() as i32), sig).unwrap();
    }

    /// Waits for the exit: its status and how long it took.
    fn wait(&mut self, timeout: Duration) -> (ExitStatus, Duration) {
        wait_child(&mut self.child, timeout)
    }
}

impl Drop for Follow {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_child(child: &mut Child, timeout: Duration) -> (ExitStatus, Duration) {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status, start.elapsed());
        }
        assert!(start.elapsed() < timeout, "still running after {timeout:?}");
        thread::sleep(Duration::from_millis(5));
    }
}

/// A temp dir with `events.jsonl` holding `lines` (each with its newline).
fn fixture(lines: &[String]) -> (TempDir, PathBuf) {
    let log = util::TempLog::new(lines.concat());
    (log.dir, log.path)
}

const START: Duration = Duration::from_secs(10);

// ------------------------------------------------------------------ tests

#[test]
fn shows_newest_ten_then_new_events_within_250ms() {
    let (_dir, path) = fixture(&(1..=15).map(|i| event("alice", i)).collect::<Vec<_>>());
    let p = path.to_str().unwrap();
    let f = Follow::spawn(&["follow", "--json", "--file", p]);
    let first = f.json(10, START);
    assert_eq!(
        first.iter().map(seq_of).collect::<Vec<_>>(),
        (6..=15).collect::<Vec<_>>()
    );
    assert!(f.quiet_for(Duration::from_millis(100)).is_empty());

    let mut latencies = Vec::new();
    for seq in 100..120 {
        let written = Instant::now();
        append(&path, &event("alice", seq));
        let (at, line) = f
            .next(Duration::from_secs(5))
            .unwrap_or_else(|| panic!("event {seq} not shown; stderr: {}", f.stderr()));
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(seq_of(&v), seq);
        latencies.push(at.saturating_duration_since(written));
        thread::sleep(Duration::from_millis(20));
    }
    latencies.sort();
    let median = latencies[latencies.len() / 2];
    let max = *latencies.last().unwrap();
    println!("follow latency over 20 appends: median {median:?}, max {max:?} (target < 250 ms)");
    // The target is 250 ms; 1 s leaves room for a loaded CI machine.
    assert!(max < Duration::from_secs(1), "slowest event took {max:?}");
}

#[test]
fn limit_and_global_follow_flag() {
    let (_dir, path) = fixture(&(1..=15).map(|i| event("alice", i)).collect::<Vec<_>>());
    let p = path.to_str().unwrap();
    let f = Follow::spawn(&["--follow", "--json", "--limit", "3", "--file", p]);
    let first = f.json(3, START);
    assert_eq!(
        first.iter().map(seq_of).collect::<Vec<_>>(),
        vec![13, 14, 15]
    );
    append(&path, &event("alice", 16));
    assert_eq!(seq_of(&f.json(1, START)[0]), 16);
}

#[test]
fn filters_apply_to_new_events() {
    let (_dir, path) = fixture(&[event("alice", 1), event("bob", 2), event("alice", 3)]);
    let p = path.to_str().unwrap();
    let f = Follow::spawn(&["follow", "--json", "--user", "alice", "--file", p]);
    let first = f.json(2, START);
    assert_eq!(first.iter().map(seq_of).collect::<Vec<_>>(), vec![1, 3]);
    for (user, seq) in [
        ("bob", 4),
        ("alice", 5),
        ("bob", 6),
        ("alicex", 7),
        ("alice", 8),
    ] {
        append(&path, &event(user, seq));
    }
    let new = f.json(2, START);
    assert_eq!(new.iter().map(seq_of).collect::<Vec<_>>(), vec![5, 8]);
    assert!(new.iter().all(|v| v["user"] == "alice"));
    assert_eq!(
        f.quiet_for(Duration::from_millis(300)),
        Vec::<String>::new()
    );
}

#[test]
fn partial_line_waits_for_its_newline() {
    let (_dir, path) = fixture(&[event("alice", 1)]);
    let p = path.to_str().unwrap();
    let f = Follow::spawn(&["follow", "--json", "--file", p]);
    f.json(1, START);
    let line = event("alice", 2);
    let (a, b) = line.split_at(line.len() / 2);
    append(&path, a);
    assert_eq!(
        f.quiet_for(Duration::from_millis(300)),
        Vec::<String>::new(),
        "half a line was printed"
    );
    append(&path, b);
    assert_eq!(seq_of(&f.json(1, START)[0]), 2);
    assert_eq!(
        f.quiet_for(Duration::from_millis(300)),
        Vec::<String>::new()
    );
    assert!(!f.stderr().contains("malformed"), "{}", f.stderr());
}

#[test]
fn waits_for_a_missing_file_then_shows_its_events() {
    let dir = tempdir();
    // The directory does not exist yet either.
    let path = dir.path().join("log").join("events.jsonl");
    let p = path.to_str().unwrap();
    let f = Follow::spawn(&["follow", "--json", "--file", p]);
    let deadline = Instant::now() + START;
    while !f.stderr().contains("waiting for") {
        assert!(Instant::now() < deadline, "no waiting note: {}", f.stderr());
        thread::sleep(Duration::from_millis(20));
    }
    assert!(f.stderr().contains(&format!("waiting for {p} to appear")));
    thread::sleep(Duration::from_millis(300));
    fs::create_dir(dir.path().join("log")).unwrap();
    append(&path, &(event("alice", 1) + &event("bob", 2)));
    let got = f.json(2, Duration::from_secs(3));
    assert_eq!(got.iter().map(seq_of).collect::<Vec<_>>(), vec![1, 2]);
    // Deleted and created again: followed again.
    fs::remove_file(&path).unwrap();
    thread::sleep(Duration::from_millis(100));
    append(&path, &event("carol", 3));
    assert_eq!(seq_of(&f.json(1, Duration::from_secs(3))[0]), 3);
    assert_eq!(
        f.stderr().matches("waiting for").count(),
        1,
        "{}",
        f.stderr()
    );
}

#[test]
fn malformed_lines_are_skipped_and_counted_and_fields_escaped() {
    let (_dir, path) = fixture(&[event("alice", 1)]);
    let p = path.to_str().unwrap();
    let f = Follow::spawn(&["follow", "--file", p]);
    // Table: a header, then the row.
    let header = f.next(START).expect("header").1;
    assert!(header.starts_with("TIME"), "{header}");
    f.next(START).expect("first row");
    append(&path, "not json\n");
    append(
        &path,
        "{\"timestamp\":\"2026-01-30T14:30:01Z\",\"event_type\":\"test.evil\",\
         \"user\":\"mal\\u001b]52;c;ZXZpbA==\\u0007\",\"details\":{\"msg\":\"a\\rFAKE\\u202e\"}}\n",
    );
    let row = f.next(START).expect("evil row").1;
    assert!(!row.contains('\x1b') && !row.contains('\r') && !row.contains('\u{202e}'));
    assert!(row.contains("mal\\e]52;c;ZXZpbA==\\x07"), "{row}");
    assert!(row.contains("msg=a\\rFAKE\\u{202e}"), "{row}");
    f.signal(Signal::SIGTERM);
    let mut f = f;
    let (status, _) = f.wait(Duration::from_secs(3));
    assert_eq!(status.code(), Some(0));
    thread::sleep(Duration::from_millis(50));
    assert!(
        f.stderr().contains("skipped 1 malformed line"),
        "{}",
        f.stderr()
    );
}

#[test]
fn sigint_and_sigterm_exit_zero_promptly() {
    for sig in [Signal::SIGINT, Signal::SIGTERM] {
        let (_dir, path) = fixture(&[event("alice", 1)]);
        let mut f = Follow::spawn(&["follow", "--json", "--file", path.to_str().unwrap()]);
        f.json(1, START);
        f.signal(sig);
        let (status, took) = f.wait(Duration::from_secs(3));
        println!("{sig}: exit {status} after {took:?}");
        assert_eq!(status.code(), Some(0), "{sig}: {status}; {}", f.stderr());
        assert!(took < Duration::from_secs(1), "{sig}: took {took:?}");
    }
}

#[test]
fn closed_pipe_ends_follow_quietly() {
    // As `follow | head -3`: the reader goes away after three lines, with
    // no new event to write: follow notices without writing.
    let (_dir, path) = fixture(&(1..=10).map(|i| event("alice", i)).collect::<Vec<_>>());
    let mut child = util::cmd()
        .args(["follow", "--json", "--file", path.to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    for _ in 0..3 {
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        assert!(line.ends_with('\n'));
    }
    drop(out);
    let (status, took) = wait_child(&mut child, Duration::from_secs(3));
    println!("closed pipe: exit {status} after {took:?}");
    assert_eq!(status.code(), Some(0));
    assert!(took < Duration::from_secs(1), "took {took:?}");
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(err, "");

    // And when an event comes after the reader left (the write fails).
    let mut child = util::cmd()
        .args([
            "follow",
            "--json",
            "--limit",
            "1",
            "--file",
            path.to_str().unwrap(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    drop(out);
    append(&path, &event("alice", 11));
    let (status, _) = wait_child(&mut child, Duration::from_secs(3));
    assert_eq!(status.code(), Some(0));
}

/// Follow frozen (SIGSTOP) while the file is rotated: once resumed, it
/// shows the unread rest of the old file first, then the new file from its
/// start. Rename: the rest is read from the old descriptor. Copytruncate:
/// the rest is gone from the file and is read from the copy.
#[test]
fn frozen_follow_catches_up_after_rename_and_copytruncate() {
    let _turn = ROTATION.lock().unwrap_or_else(|e| e.into_inner());
    let (_dir, path) = fixture(&[event("alice", 1)]);
    let dir = path.parent().unwrap().to_path_buf();
    let mut f = Follow::spawn(&["follow", "--json", "--file", path.to_str().unwrap()]);
    assert_eq!(seq_of(&f.json(1, START)[0]), 1);
    let mut seq = 1;
    // Appends `n` events in one write; returns the last seq.
    let burst = |seq: &mut u64, n: u64| {
        let lines: String = (0..n)
            .map(|_| {
                *seq += 1;
                event("alice", *seq)
            })
            .collect();
        append(&path, &lines);
    };
    for round in 0..3 {
        // Rename rotation.
        f.signal(Signal::SIGSTOP);
        burst(&mut seq, 3);
        fs::rename(&path, dir.join(format!("events.jsonl.{}", 2 * round + 1))).unwrap();
        burst(&mut seq, 2);
        f.signal(Signal::SIGCONT);
        let got: Vec<u64> = f.json(5, START).iter().map(seq_of).collect();
        assert_eq!(
            got,
            (seq - 4..=seq).collect::<Vec<_>>(),
            "rename, round {round}"
        );
        // Copytruncate.
        f.signal(Signal::SIGSTOP);
        burst(&mut seq, 3);
        fs::copy(&path, dir.join(format!("events.jsonl.{}", 2 * round + 2))).unwrap();
        OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(0)
            .unwrap();
        burst(&mut seq, 2);
        f.signal(Signal::SIGCONT);
        let got: Vec<u64> = f.json(5, START).iter().map(seq_of).collect();
        assert_eq!(
            got,
            (seq - 4..=seq).collect::<Vec<_>>(),
            "copytruncate, round {round}"
        );
    }
    // A plain truncation (no copy): the file is read again from its top.
    f.signal(Signal::SIGSTOP);
    fs::write(&path, "").unwrap();
    burst(&mut seq, 1);
    f.signal(Signal::SIGCONT);
    assert_eq!(seq_of(&f.json(1, START)[0]), seq);
    assert_eq!(
        f.quiet_for(Duration::from_millis(300)),
        Vec::<String>::new()
    );
    f.signal(Signal::SIGTERM);
    assert_eq!(f.wait(Duration::from_secs(3)).0.code(), Some(0));
    assert_eq!(f.stderr(), "");
}

/// The seq numbers in every file of `dir` (current file and rotated copies).
fn seqs_in_files(dir: &Path) -> BTreeSet<u64> {
    let mut all = BTreeSet::new();
    for entry in fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        for line in fs::read_to_string(&p).unwrap().lines() {
            let v: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}: {e}: {line}", p.display()));
            assert!(all.insert(seq_of(&v)), "seq twice in the files: {line}");
        }
    }
    all
}

/// Real processes: a bash loop calls `ds01-events log` once per event
/// (seq = 1, 2, ...) while the test rotates the file 40 times, alternating
/// rename (`mv events.jsonl events.jsonl.K`; the next `log` creates the file
/// again) and copytruncate (copy to `events.jsonl.K`, then truncate, as
/// logrotate does).
///
/// What is guaranteed, and asserted: every seq that exists in any file
/// afterwards (rotated files, copies and the current file) is printed by
/// follow, exactly once, in increasing order. A rename loses nothing. A
/// copytruncate loses, in the files, what is appended between the copy and
/// the truncate (logrotate's loss, not follow's); follow may have shown some
/// of those before the truncate, which is fine (printed, in no file). What
/// follow had not read yet when the file was truncated is read from the
/// copy. Not covered: a file rotated twice before follow reacts once (a few
/// milliseconds), hence the 250-400 ms between rotations.
#[test]
fn rotation_by_rename_and_copytruncate_shows_every_event_once_in_order() {
    follow_through_rotations(12);
}

/// The same through 40 rotations.
#[test]
#[ignore = "slow: 40 rotations a quarter second apart (~15 s)"]
fn forty_rotations_by_rename_and_copytruncate_show_every_event_once_in_order() {
    follow_through_rotations(40);
}

/// `rotations` rotations (half renames, half copytruncates) while a writer
/// appends.
fn follow_through_rotations(rotations: u64) {
    let _turn = ROTATION.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempdir();
    let logdir = dir.path().join("log");
    fs::create_dir(&logdir).unwrap();
    let path = logdir.join("events.jsonl");
    let stop = dir.path().join("stop");
    let writer_err = dir.path().join("writer.err");
    let log = |seq: u64| {
        let st = util::cmd()
            .args(["log", "health.check", &format!("seq={seq}"), "--file"])
            .arg(&path)
            .status()
            .unwrap();
        assert!(st.success());
    };
    log(0);
    let f = Follow::spawn(&["follow", "--json", "--file", path.to_str().unwrap()]);
    assert_eq!(seq_of(&f.json(1, START)[0]), 0);

    let mut writer = util::scrubbed("bash")
        .arg("-c")
        .arg(
            r#"i=0
               while [ ! -e "$STOP" ]; do
                 i=$((i+1))
                 "$BIN" log health.check "seq=$i" --file "$F" 2>>"$ERR"
               done
               echo "$i""#,
        )
        .env("BIN", bin())
        .env("F", &path)
        .env("STOP", &stop)
        .env("ERR", &writer_err)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();

    let (mut renames, mut copies) = (0, 0);
    for k in 1..=rotations {
        // Rotations a quarter second or more apart (logrotate's are hours
        // apart): follow documents that a file created and rotated away
        // again before it reacts is missed.
        thread::sleep(Duration::from_millis(250 + (k * 37) % 150));
        let rotated = logdir.join(format!("events.jsonl.{k}"));
        if k % 2 == 1 {
            // Rename; right after a rename the file may not exist yet.
            while let Err(e) = fs::rename(&path, &rotated) {
                assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
                thread::sleep(Duration::from_millis(2));
            }
            renames += 1;
        } else {
            while let Err(e) = fs::copy(&path, &rotated) {
                assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
                thread::sleep(Duration::from_millis(2));
            }
            // logrotate's copy of a big file takes a while: what is
            // appended meanwhile is lost from the files.
            thread::sleep(Duration::from_millis(k % 7));
            OpenOptions::new()
                .write(true)
                .open(&path)
                .unwrap()
                .set_len(0)
                .unwrap();
            copies += 1;
        }
    }
    thread::sleep(Duration::from_millis(300));
    fs::write(&stop, "").unwrap();
    let (status, _) = wait_child(&mut writer, Duration::from_secs(30));
    assert!(status.success());
    let mut written = String::new();
    writer
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut written)
        .unwrap();
    let written: u64 = written.trim().parse().unwrap();
    assert_eq!(fs::read_to_string(&writer_err).unwrap_or_default(), "");
    assert!(
        written >= 5 * rotations,
        "the writer wrote only {written} events"
    );

    let in_files = seqs_in_files(&logdir);
    let last = *in_files.iter().max().unwrap();
    // Follow has caught up once it printed the last event in the files and
    // then nothing for 500 ms.
    let mut printed = vec![0u64];
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let wait = if printed.last() == Some(&last) {
            Duration::from_millis(500)
        } else {
            deadline.saturating_duration_since(Instant::now())
        };
        match f.next(wait) {
            Some((_, line)) => {
                let v: Value = serde_json::from_str(&line).unwrap();
                printed.push(seq_of(&v));
            }
            None => break,
        }
    }
    let mut f = f;
    f.signal(Signal::SIGTERM);
    let (status, _) = f.wait(Duration::from_secs(3));
    assert_eq!(status.code(), Some(0));

    let printed_set: BTreeSet<u64> = printed.iter().copied().collect();
    let missing: Vec<u64> = in_files.difference(&printed_set).copied().collect();
    let extra = printed_set.difference(&in_files).count();
    println!(
        "rotation: {renames} renames, {copies} copytruncates; {written} events written, \
         {} in files ({} lost by copytruncate), {} printed ({extra} of them in no file)",
        in_files.len(),
        written + 1 - in_files.len() as u64,
        printed.len(),
    );
    assert_eq!(renames, rotations / 2);
    assert_eq!(copies, rotations / 2);
    assert!(
        printed.windows(2).all(|w| w[0] < w[1]),
        "not printed once each in increasing order: {:?}",
        printed
            .windows(2)
            .filter(|w| w[0] >= w[1])
            .take(10)
            .collect::<Vec<_>>()
    );
    assert!(missing.is_empty(), "in a file but not printed: {missing:?}");
    assert!(printed.iter().all(|&s| s <= written));
    assert_eq!(f.stderr(), "");
}
