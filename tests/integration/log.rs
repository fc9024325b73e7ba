//! Integration tests for `ds01-events log`, driving the real binary.
//!
//! Every test scrubs the environment (util::scrub, then the DS01_EVENTS_*
//! variables pointing into a fresh temp dir), so no test touches
//! the real /dev/log, /tmp counter or /var/log/ds01.
//!
//! Tests whose name starts with `bug_` fail against the current src/ on
//! purpose: each documents a defect of the log command (see its comment).

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use proptest::prelude::*;
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::util;

/// The line cap of the format, newline included.
const MAX_LINE: usize = 4096;
const MARK: &str = "…[truncated]";

/// A temp dir holding the events file, the syslog socket path and the lost
/// counter of one test.
struct Sandbox {
    dir: TempDir,
    events: PathBuf,
    sock: PathBuf,
    lost: PathBuf,
}

impl Sandbox {
    fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("ds01-log-test.")
            .tempdir()
            .unwrap();
        let events = dir.path().join("events.jsonl");
        let sock = dir.path().join("syslog.sock");
        let lost = dir.path().join("lost");
        Sandbox {
            dir,
            events,
            sock,
            lost,
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The environment every run gets on top of the scrubbed one
    /// (util::scrub), with the events file at `events`.
    fn env_for(&self, events: &Path) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("DS01_EVENTS_FILE", events.to_path_buf()),
            ("DS01_EVENTS_SYSLOG_SOCKET", self.sock.clone()),
            ("DS01_EVENTS_LOST_COUNTER", self.lost.clone()),
        ]
    }

    /// `ds01-events` with a scrubbed environment writing to `self.events`.
    fn cmd(&self) -> Command {
        self.cmd_to(&self.events)
    }

    /// `ds01-events` with a scrubbed environment writing to `events`.
    fn cmd_to(&self, events: &Path) -> Command {
        let mut c = util::assert_cmd();
        for (k, v) in self.env_for(events) {
            c.env(k, v);
        }
        c.timeout(Duration::from_secs(20));
        c
    }

    /// A std Command for `program` with the same scrubbed environment.
    fn std_cmd(&self, program: &str, events: &Path) -> std::process::Command {
        let mut c = util::scrubbed(program);
        for (k, v) in self.env_for(events) {
            c.env(k, v);
        }
        c
    }

    fn lines(&self) -> Vec<String> {
        read_lines(&self.events)
    }

    /// The counter holds one byte per lost event.
    fn lost_count(&self) -> Option<u64> {
        fs::metadata(&self.lost).ok().map(|m| m.len())
    }
}

fn read_lines(p: &Path) -> Vec<String> {
    let text = fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "file ends mid-line: {text:?}"
    );
    text.lines().map(str::to_string).collect()
}

fn parse(line: &str) -> Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
}

fn stdout_of(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr_of(o: &std::process::Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts stderr is exactly one line and returns it.
fn one_line(stderr: &str) -> &str {
    assert!(
        stderr.ends_with('\n'),
        "stderr not newline-terminated: {stderr:?}"
    );
    let body = &stderr[..stderr.len() - 1];
    assert!(
        !body.is_empty() && !body.contains('\n'),
        "expected exactly one stderr line, got {stderr:?}"
    );
    body
}

/// Runs one `log` and returns the single line it appended, parsed.
fn log_one(sb: &Sandbox, args: &[&str]) -> (String, Value) {
    let out = sb.cmd().arg("log").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr_of(&out));
    let lines = sb.lines();
    let last = lines.last().expect("a line was appended").clone();
    let v = parse(&last);
    (last, v)
}

fn timestamp_re() -> regex::Regex {
    regex::Regex::new(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$").unwrap()
}

/// Replaces the timestamp of a raw line by `TS`, checking its format.
fn with_ts_masked(line: &str) -> String {
    let re = regex::Regex::new(r#"^\{"timestamp":"([^"]*)","#).unwrap();
    let caps = re
        .captures(line)
        .unwrap_or_else(|| panic!("line does not start with the timestamp: {line}"));
    let ts = caps.get(1).unwrap().as_str();
    assert!(timestamp_re().is_match(ts), "timestamp format: {ts}");
    let line = line.replacen(ts, "TS", 1);
    // The writer's real uid, always this test process's.
    let uid = format!(",\"uid\":{}", nix::unistd::getuid().as_raw());
    assert_eq!(
        line.matches(&uid).count(),
        1,
        "one uid, this process's: {line}"
    );
    line.replacen(&uid, ",\"uid\":UID", 1)
}

// ---------------------------------------------------------------- envelope

#[test]
fn envelope_bytes_key_order_and_separators() {
    let sb = Sandbox::new();
    let (line, _) = log_one(
        &sb,
        &[
            "container.create",
            "user=alice",
            "source=docker-wrapper",
            "container=alice-jupyter",
            "image=ds01/pytorch:latest",
        ],
    );
    assert_eq!(
        with_ts_masked(&line),
        r#"{"timestamp":"TS","event_type":"container.create","schema_version":"1","user":"alice","source":"docker-wrapper","uid":UID,"details":{"container":"alice-jupyter","image":"ds01/pytorch:latest"}}"#
    );
    let raw = fs::read(&sb.events).unwrap();
    assert_eq!(raw.iter().filter(|&&b| b == b'\n').count(), 1);
    assert_eq!(raw.last(), Some(&b'\n'));
}

#[test]
fn timestamp_is_utc_microseconds_and_now() {
    let sb = Sandbox::new();
    let before = jiff::Timestamp::now();
    let (_, v) = log_one(&sb, &["system.startup"]);
    let after = jiff::Timestamp::now();
    let ts = v["timestamp"].as_str().unwrap();
    assert!(timestamp_re().is_match(ts), "{ts}");
    let t: jiff::Timestamp = ts.parse().unwrap();
    // Truncation to microseconds may put it just under `before`.
    assert!(
        t >= before - jiff::SignedDuration::from_micros(1),
        "{t} < {before}"
    );
    assert!(t <= after, "{t} > {after}");
    assert_eq!(v["schema_version"], json!("1"));
}

#[test]
fn empty_user_source_details_are_left_out() {
    let sb = Sandbox::new();
    let (line, _) = log_one(&sb, &["system.startup", "user=", "source="]);
    assert_eq!(
        with_ts_masked(&line),
        r#"{"timestamp":"TS","event_type":"system.startup","schema_version":"1","uid":UID}"#
    );
    // --user "" and --source "" too.
    let (line, _) = log_one(&sb, &["--user", "", "--source", "", "system.startup"]);
    assert_eq!(
        with_ts_masked(&line),
        r#"{"timestamp":"TS","event_type":"system.startup","schema_version":"1","uid":UID}"#
    );
}

#[test]
fn user_and_source_flags_fill_the_envelope() {
    let sb = Sandbox::new();
    let (line, _) = log_one(
        &sb,
        &[
            "--user",
            "bob",
            "--source",
            "cron-job",
            "gpu.allocate",
            "gpu=1",
        ],
    );
    assert_eq!(
        with_ts_masked(&line),
        r#"{"timestamp":"TS","event_type":"gpu.allocate","schema_version":"1","user":"bob","source":"cron-job","uid":UID,"details":{"gpu":1}}"#
    );
    // user= and source= words behave the same and never reach details.
    let (_, v) = log_one(&sb, &["gpu.release", "user=carol", "source=s.sh", "gpu=2"]);
    assert_eq!(v["user"], json!("carol"));
    assert_eq!(v["source"], json!("s.sh"));
    assert_eq!(v["details"], json!({"gpu": 2}));
    // Typed-looking values stay text in the envelope fields.
    let (_, v) = log_one(&sb, &["gpu.release", "user=007", "source=true"]);
    assert_eq!(v["user"], json!("007"));
    assert_eq!(v["source"], json!("true"));
}

#[test]
fn source_defaults_to_something_when_not_given() {
    let sb = Sandbox::new();
    let (_, v) = log_one(&sb, &["system.startup"]);
    let s = v["source"].as_str().expect("a default source is filled in");
    assert!(!s.is_empty());
}

#[test]
fn non_ascii_is_written_as_u_escapes() {
    let sb = Sandbox::new();
    let (line, v) = log_one(
        &sb,
        &[
            "container.create",
            "user=jürgen",
            "source=",
            "msg=müller 🎉 \u{1b}[31m",
        ],
    );
    assert!(line.is_ascii(), "line is not ASCII: {line}");
    assert_eq!(
        with_ts_masked(&line),
        r#"{"timestamp":"TS","event_type":"container.create","schema_version":"1","user":"j\u00fcrgen","uid":UID,"details":{"msg":"m\u00fcller \ud83c\udf89 \u001b[31m"}}"#
    );
    assert_eq!(v["user"], json!("jürgen"));
    assert_eq!(v["details"]["msg"], json!("müller 🎉 \u{1b}[31m"));
}

// ---------------------------------------------------------------- typing

#[test]
fn typing_table() {
    let sb = Sandbox::new();
    let (line, v) = log_one(
        &sb,
        &[
            "container.create",
            "source=",
            "a=50",
            "b=true",
            "c=[1,2]",
            "d=1.2",
            "e=null",
            "f=007",
            "g=1.10",
            "h=1e5",
            "i=NaN",
            "j=Infinity",
            "k=-Infinity",
            "l=",
            "m=[1, 2]",
            "n=a=b",
        ],
    );
    assert_eq!(
        with_ts_masked(&line),
        r#"{"timestamp":"TS","event_type":"container.create","schema_version":"1","uid":UID,"details":{"a":50,"b":true,"c":[1,2],"d":1.2,"e":null,"f":"007","g":"1.10","h":"1e5","i":"NaN","j":"Infinity","k":"-Infinity","l":"","m":"[1, 2]","n":"a=b"}}"#
    );
    assert_eq!(v["details"]["a"], json!(50));
}

#[test]
fn raw_json_with_colon_equals() {
    let sb = Sandbox::new();
    let (_, v) = log_one(
        &sb,
        &[
            "container.create",
            r#"obj:={"x": [1, 2.5, "y"]}"#,
            r#"s:="50""#,
            "n:=1e5",
            "z:=null",
        ],
    );
    let d = &v["details"];
    assert_eq!(d["obj"], json!({"x": [1, 2.5, "y"]}));
    assert_eq!(d["s"], json!("50"));
    assert_eq!(d["n"].as_f64(), Some(100000.0));
    assert_eq!(d["z"], Value::Null);
}

#[test]
fn invalid_json_after_colon_equals_is_usage_error() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["log", "container.create", "x:=nope", "a=1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    let err = stderr_of(&out);
    let line = one_line(&err);
    assert!(line.contains("x:=nope"), "{line}");
    assert!(
        !sb.events.exists(),
        "nothing may be written on a usage error"
    );
}

#[test]
fn word_without_equals_warns_and_is_ignored() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["log", "container.create", "stray", "a=1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr_of(&out);
    let line = one_line(&err);
    assert!(line.contains("warning"), "{line}");
    assert!(line.contains("stray"), "{line}");
    let lines = sb.lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(parse(&lines[0])["details"], json!({"a": 1}));
}

// ---------------------------------------------------------------- event type

#[test]
fn bad_event_types_are_usage_errors() {
    let long = "a".repeat(129);
    for bad in [
        "",
        " ",
        "a b",
        "container.create ",
        "a\tb",
        "a\nb",
        "a\u{1b}[31mb",
        "a\u{7}b",
        "a..b",
        ".a",
        "a.",
        long.as_str(),
    ] {
        let sb = Sandbox::new();
        let out = sb.cmd().args(["log", bad, "a=1"]).output().unwrap();
        assert_eq!(out.status.code(), Some(64), "type {bad:?}");
        let err = stderr_of(&out);
        let line = one_line(&err);
        assert!(line.starts_with("ds01-events: "), "{line}");
        assert!(line.contains("event type"), "{line}");
        assert!(
            !line.contains('\u{1b}') && !line.contains('\u{7}'),
            "control characters reach the terminal: {line:?}"
        );
        assert!(!sb.events.exists(), "type {bad:?} was written");
    }
}

#[test]
fn event_type_of_128_bytes_is_accepted() {
    let sb = Sandbox::new();
    let t = format!("x.{}", "a".repeat(126));
    assert_eq!(t.len(), 128);
    let (_, v) = log_one(&sb, &[&t]);
    assert_eq!(v["event_type"], json!(t));
}

#[test]
fn unknown_event_type_is_logged_with_one_warning() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["log", "made.up.type", "a=1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr_of(&out);
    let line = one_line(&err);
    assert!(line.contains("warning"), "{line}");
    assert!(line.contains("made.up.type"), "{line}");
    let lines = sb.lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(parse(&lines[0])["event_type"], json!("made.up.type"));
}

#[test]
fn known_event_types_log_silently() {
    let sb = Sandbox::new();
    for t in [
        "container.create",
        "gpu.allocate",
        "maintenance.idle_kill",
        "container.created",
    ] {
        let out = sb.cmd().args(["log", t]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(stderr_of(&out), "", "type {t}");
    }
    assert_eq!(sb.lines().len(), 4);
}

// ---------------------------------------------------------------- size cap

fn assert_capped(line: &str, keys: &[&str]) -> Value {
    assert!(
        line.len() < MAX_LINE,
        "line is {} bytes + newline, cap is {MAX_LINE}",
        line.len()
    );
    let v = parse(line);
    let d = &v["details"];
    for k in keys {
        assert!(d.get(*k).is_some(), "key {k} was lost: {line}");
    }
    assert_eq!(d["truncated"], json!(true), "{line}");
    assert!(
        d["original_size"].as_u64().unwrap() > MAX_LINE as u64,
        "{line}"
    );
    v
}

#[test]
fn size_cap_multibyte_value() {
    let sb = Sandbox::new();
    // 10 200 bytes of UTF-8: 2-byte "ü" and 4-byte emoji.
    let big: String = "ü🎉".repeat(1700);
    assert!(big.len() > 10_000);
    let big_arg = format!("big={big}");
    let (line, v) = log_one(
        &sb,
        &[
            "container.create",
            "user=alice",
            "a=1",
            "b=hello",
            "c=true",
            &big_arg,
            "z=[1,2]",
        ],
    );
    let raw = fs::read(&sb.events).unwrap();
    assert!(raw.len() <= MAX_LINE, "{} bytes incl. newline", raw.len());
    let v2 = assert_capped(&line, &["a", "b", "c", "big", "z"]);
    assert_eq!(v, v2);
    let d = &v["details"];
    // Escaped, the original is far over 10 kB.
    assert!(d["original_size"].as_u64().unwrap() > 10_000);
    assert_eq!(d["a"], json!(1));
    assert_eq!(d["b"], json!("hello"));
    assert_eq!(d["c"], json!(true));
    assert_eq!(d["z"], json!([1, 2]));
    assert_eq!(v["user"], json!("alice"));
    // serde_json refuses lone surrogates, so parsing proved valid UTF-8.
    let cut = d["big"].as_str().unwrap();
    assert!(cut.ends_with(MARK), "no truncation mark: {cut}");
    let kept = &cut[..cut.len() - MARK.len()];
    assert!(big.starts_with(kept), "the kept part is a prefix");
    assert!(!kept.is_empty(), "something of the value is kept");
}

#[test]
fn size_cap_several_large_values() {
    let sb = Sandbox::new();
    let a = format!("a={}", "x".repeat(3000));
    let b = format!("b={}", "é".repeat(2500));
    let c = format!("c:=[{}]", vec!["123456789"; 400].join(","));
    let (line, _) = log_one(&sb, &["container.create", "k=1", &a, &b, &c]);
    let v = assert_capped(&line, &["k", "a", "b", "c"]);
    assert_eq!(v["details"]["k"], json!(1));
}

#[test]
fn line_of_exactly_the_cap_is_not_truncated() {
    // Find the filler length whose line is exactly 4096 bytes (dry run).
    let sb = Sandbox::new();
    let probe = |n: usize| -> String {
        let out = sb
            .cmd()
            .args(["log", "--dry-run", "--source", "s", "container.create"])
            .arg(format!("f={}", "x".repeat(n)))
            .output()
            .unwrap();
        stdout_of(&out)
    };
    let base = probe(0).len();
    let n = MAX_LINE - base;
    let line = probe(n);
    assert_eq!(line.len(), MAX_LINE);
    assert!(!line.contains("truncated"));
    let over = probe(n + 1);
    assert!(over.len() <= MAX_LINE);
    assert!(over.contains(r#""truncated":true"#));
}

// ---------------------------------------------------------------- refusal

/// One non-regular target, with a check that it was not written to.
struct Target {
    what: &'static str,
    path: PathBuf,
    untouched: Box<dyn Fn()>,
    /// Kept open for the test's life (a FIFO reader).
    _keep: Option<fs::File>,
}

fn targets(sb: &Sandbox) -> Vec<Target> {
    let mut v = Vec::new();

    // A symlink to a regular file.
    let real = sb.path().join("real.jsonl");
    fs::write(&real, "orig\n").unwrap();
    let link = sb.path().join("link.jsonl");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (r, l) = (real.clone(), link.clone());
    v.push(Target {
        what: "symlink",
        path: link,
        untouched: Box::new(move || {
            assert_eq!(fs::read_to_string(&r).unwrap(), "orig\n");
            assert!(fs::symlink_metadata(&l).unwrap().file_type().is_symlink());
        }),
        _keep: None,
    });

    // A FIFO with no reader.
    let fifo = sb.path().join("fifo-noreader");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o644)).unwrap();
    let f = fifo.clone();
    v.push(Target {
        what: "FIFO without reader",
        path: fifo,
        untouched: Box::new(move || {
            assert!(fs::symlink_metadata(&f).unwrap().file_type().is_fifo());
        }),
        _keep: None,
    });

    // A FIFO with a reader that never reads: opening it for writing would
    // succeed, and a blocking write could hang once the pipe is full.
    let fifo = sb.path().join("fifo-reader");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o644)).unwrap();
    let reader = fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK)
        .open(&fifo)
        .unwrap();
    let probe = reader.try_clone().unwrap();
    v.push(Target {
        what: "FIFO with a reader",
        path: fifo,
        untouched: Box::new(move || {
            let mut buf = [0u8; 64];
            match (&probe).read(&mut buf) {
                Ok(0) => {}
                Ok(n) => panic!("{n} bytes were written into the FIFO"),
                Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::WouldBlock),
            }
        }),
        _keep: Some(reader),
    });

    // A directory.
    let dir = sb.path().join("adir");
    fs::create_dir(&dir).unwrap();
    let d = dir.clone();
    v.push(Target {
        what: "directory",
        path: dir,
        untouched: Box::new(move || {
            assert_eq!(fs::read_dir(&d).unwrap().count(), 0);
        }),
        _keep: None,
    });

    // A character device: our own copy of /dev/null when we may mknod.
    let dev = sb.path().join("nulldev");
    let made = nix::unistd::geteuid().is_root()
        && nix::sys::stat::mknod(
            &dev,
            nix::sys::stat::SFlag::S_IFCHR,
            nix::sys::stat::Mode::from_bits_truncate(0o666),
            nix::sys::stat::makedev(1, 3),
        )
        .is_ok();
    let dev = if made {
        dev
    } else {
        eprintln!("notice: mknod not possible; using /dev/null as the device target");
        PathBuf::from("/dev/null")
    };
    let dv = dev.clone();
    v.push(Target {
        what: "character device",
        path: dev,
        untouched: Box::new(move || {
            let m = fs::symlink_metadata(&dv).unwrap();
            assert!(m.file_type().is_char_device());
            assert_eq!(m.rdev(), nix::sys::stat::makedev(1, 3));
        }),
        _keep: None,
    });
    v
}

#[test]
fn refuses_non_regular_targets_without_blocking() {
    let sb = Sandbox::new();
    for t in targets(&sb) {
        for (mode, extra_env, flag, want) in [
            ("default", None, None, 0),
            ("--strict", None, Some("--strict"), 75),
            ("DS01_EVENTS_STRICT=1", Some("1"), None, 75),
        ] {
            let mut c = sb.cmd_to(&t.path);
            c.arg("log");
            if let Some(f) = flag {
                c.arg(f);
            }
            c.args(["container.create", "a=1"]);
            if let Some(v) = extra_env {
                c.env("DS01_EVENTS_STRICT", v);
            }
            let start = Instant::now();
            let out = c.output().unwrap();
            let took = start.elapsed();
            assert!(
                took < Duration::from_secs(2),
                "{} ({mode}): took {took:?}",
                t.what
            );
            assert_eq!(out.status.code(), Some(want), "{} ({mode})", t.what);
            let err = stderr_of(&out);
            let line = one_line(&err);
            assert!(
                line.contains(&t.path.display().to_string()),
                "{} ({mode}): stderr does not name the path: {line}",
                t.what
            );
            (t.untouched)();
        }
    }
}

#[test]
fn dangling_symlink_is_refused_and_not_followed() {
    let sb = Sandbox::new();
    let target = sb.path().join("would-be-created");
    let link = sb.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = sb
        .cmd_to(&link)
        .args(["log", "container.create"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!target.exists(), "the symlink was followed");
    one_line(&stderr_of(&out));
}

// ---------------------------------------------------------------- syslog

#[test]
fn syslog_fallback_gets_the_full_line() {
    let sb = Sandbox::new();
    let listener = UnixDatagram::bind(&sb.sock).unwrap();
    listener
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    // A directory cannot be appended to.
    let dir = sb.path().join("adir");
    fs::create_dir(&dir).unwrap();
    let long = "v".repeat(2500);
    let arg = format!("msg={long}");
    let out = sb
        .cmd_to(&dir)
        .args(["log", "container.create", "user=alice", "gpu=1", &arg])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr_of(&out);
    let line = one_line(&err);
    assert!(line.contains("syslog"), "{line}");
    assert!(!line.contains("LOST"), "{line}");

    let mut buf = vec![0u8; 65536];
    let n = listener.recv(&mut buf).expect("a datagram arrives");
    let msg = std::str::from_utf8(&buf[..n]).unwrap();
    assert!(msg.starts_with('<'), "{msg}");
    assert!(msg.contains("ds01-events"), "no ident: {msg}");
    let json_start = msg.find('{').expect("JSON in the datagram");
    let header = &msg[..json_start];
    assert!(
        header.contains("ds01-events"),
        "ident not in header: {header}"
    );
    let body = &msg[json_start..];
    assert!(!body.ends_with('\n') || body.trim_end().ends_with('}'));
    let v = parse(body.trim_end());
    assert_eq!(v["event_type"], json!("container.create"));
    assert_eq!(v["user"], json!("alice"));
    assert_eq!(v["details"]["gpu"], json!(1));
    assert_eq!(v["details"]["msg"], json!(long));
    assert!(timestamp_re().is_match(v["timestamp"].as_str().unwrap()));
    assert!(sb.lost_count().is_none(), "not lost: it went to syslog");
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
}

#[test]
fn no_syslog_means_lost_and_counted() {
    let sb = Sandbox::new();
    let dir = sb.path().join("adir");
    fs::create_dir(&dir).unwrap();
    for n in 1..=2u64 {
        let out = sb
            .cmd_to(&dir)
            .args(["log", "container.create", "a=1"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let err = stderr_of(&out);
        let line = one_line(&err);
        assert!(line.contains("LOST"), "{line}");
        assert!(
            line.contains(r#""event_type":"container.create""#),
            "{line}"
        );
        assert_eq!(sb.lost_count(), Some(n));
    }
}

// ---------------------------------------------------------------- permissions

const NOBODY: &str = "65534";

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

#[test]
#[ignore = "needs root and setpriv (util-linux) to drop to uid 65534"]
fn unwritable_file_as_unprivileged_user() {
    assert!(is_root(), "needs root to drop to uid 65534");
    let sb = Sandbox::new();
    fs::set_permissions(sb.path(), fs::Permissions::from_mode(0o755)).unwrap();
    fs::write(&sb.events, "orig\n").unwrap();
    fs::set_permissions(&sb.events, fs::Permissions::from_mode(0o644)).unwrap();
    let path_s = sb.events.display().to_string();
    for (flag, env_strict, want) in [
        (None, None, 0),
        (Some("--strict"), None, 75),
        (None, Some("1"), 75),
    ] {
        let mut c = sb.std_cmd("setpriv", &sb.events);
        c.args([
            &format!("--reuid={NOBODY}"),
            &format!("--regid={NOBODY}"),
            "--clear-groups",
            util::BIN,
            "log",
        ]);
        if let Some(f) = flag {
            c.arg(f);
        }
        c.args(["container.create", "a=1"]);
        if let Some(v) = env_strict {
            c.env("DS01_EVENTS_STRICT", v);
        }
        let out = c.output().expect("setpriv (util-linux) runs");
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(want), "{flag:?}: {err}");
        assert_eq!(fs::read_to_string(&sb.events).unwrap(), "orig\n");
        let line = one_line(&err);
        assert!(line.contains(&path_s), "path not named: {line}");
        assert!(
            line.contains("permission denied"),
            "cause not named: {line}"
        );
        assert!(
            line.contains("group"),
            "fix does not mention the group: {line}"
        );
        assert!(line.contains("root"), "fix does not name the group: {line}");
    }
}

// ---------------------------------------------------------------- creation

#[test]
fn missing_parent_directories_are_created() {
    let sb = Sandbox::new();
    let events = sb.path().join("a/b/c/events.jsonl");
    let out = sb
        .cmd_to(&events)
        .args(["log", "container.create", "a=1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let lines = read_lines(&events);
    assert_eq!(lines.len(), 1);
    assert_eq!(parse(&lines[0])["details"], json!({"a": 1}));
}

fn log_under_umask_077(sb: &Sandbox, events: &Path) {
    let out = sb
        .std_cmd("sh", events)
        .args([
            "-c",
            r#"umask 077; exec "$0" "$@""#,
            util::BIN,
            "log",
            "container.create",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}

#[test]
fn new_file_is_0664_under_umask_077() {
    let sb = Sandbox::new();
    log_under_umask_077(&sb, &sb.events);
    let mode = fs::metadata(&sb.events).unwrap().mode() & 0o7777;
    assert_eq!(mode, 0o664, "mode {mode:04o}");
    assert_eq!(sb.lines().len(), 1);
}

// Directories the writer creates are 3775 whatever the umask, so the
// non-root users who log can reach the 0664 file (a regression test: under
// umask 077 they once came out 0700).
#[test]
fn new_directories_are_3775_under_umask_077() {
    let sb = Sandbox::new();
    let events = sb.path().join("d1/d2/events.jsonl");
    log_under_umask_077(&sb, &events);
    assert_eq!(fs::metadata(&events).unwrap().mode() & 0o7777, 0o664);
    for d in ["d1/d2", "d1"] {
        let mode = fs::metadata(sb.path().join(d)).unwrap().mode() & 0o7777;
        assert_eq!(mode, 0o3775, "{d}: mode {mode:04o}");
    }
}

// ---------------------------------------------------------------- concurrency

/// 8 processes appending at once: every line whole, none lost or doubled.
#[test]
fn concurrent_writers_never_interleave() {
    concurrent_writers(8, 300);
}

/// The same with 16,000 events.
#[test]
#[ignore = "slow: 16,000 log processes (~20 s)"]
fn concurrent_writers_never_interleave_16000_events() {
    concurrent_writers(8, 2000);
}

fn concurrent_writers(writers: usize, per_writer: usize) {
    let sb = Sandbox::new();
    let script = r#"i=0
while [ "$i" -lt "$2" ]; do
  "$0" log container.create source=t "writer=$1" "seq=$i" || exit 1
  i=$((i+1))
done"#;
    let start = Instant::now();
    let children: Vec<_> = (0..writers)
        .map(|w| {
            sb.std_cmd("sh", &sb.events)
                .args([
                    "-c",
                    script,
                    util::BIN,
                    &w.to_string(),
                    &per_writer.to_string(),
                ])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert_eq!(stderr_of(&out), "");
    }
    eprintln!(
        "{} events by {writers} processes in {:?}",
        writers * per_writer,
        start.elapsed()
    );
    let lines = sb.lines();
    assert_eq!(lines.len(), writers * per_writer);
    let mut seen = HashSet::new();
    for l in &lines {
        let v = parse(l);
        let w = v["details"]["writer"].as_u64().unwrap();
        let s = v["details"]["seq"].as_u64().unwrap();
        assert!((w as usize) < writers && (s as usize) < per_writer, "{l}");
        assert!(seen.insert((w, s)), "duplicate {l}");
    }
    assert_eq!(seen.len(), writers * per_writer);
}

// ---------------------------------------------------------------- short write

fn prefill(sb: &Sandbox) -> String {
    let out = sb
        .cmd()
        .args(["log", "container.create", "before=1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    fs::read_to_string(&sb.events).unwrap()
}

/// After a short write, the next event must still be a parseable line.
fn assert_next_line_parses(sb: &Sandbox, before: &str) {
    let out = sb
        .cmd()
        .args(["log", "container.create", "after=1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = fs::read_to_string(&sb.events).unwrap();
    assert!(text.starts_with(before), "earlier lines were changed");
    let last = text.lines().last().unwrap();
    let v: Value = serde_json::from_str(last).unwrap_or_else(|e| {
        panic!("the line after a short write does not parse ({e}): the fragment was not terminated: {last}")
    });
    assert_eq!(v["details"]["after"], json!(1));
}

// A write that cannot fit (file size limit here; a full disk likewise) is
// refused before anything is written: a torn fragment would glue itself to
// the next event and lose both to every reader.
#[test]
fn a_write_that_cannot_fit_is_refused_whole_not_torn() {
    let sb = Sandbox::new();
    let before = prefill(&sb);
    assert!(before.len() < 512);
    // `ulimit -f 1` = 512 bytes; SIGXFSZ ignored so the write comes back short.
    let big = format!("big={}", "a".repeat(1000));
    let out = sb
        .std_cmd("sh", &sb.events)
        .args([
            "-c",
            r#"trap '' XFSZ; ulimit -f 1; exec "$0" "$@""#,
            util::BIN,
            "log",
            "container.create",
            &big,
        ])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let line = one_line(&err);
    assert!(line.contains("file size limit"), "{line}");
    assert!(line.contains(&sb.events.display().to_string()), "{line}");
    // Nothing of the event reached the file: no fragment to glue onto.
    assert_eq!(fs::read_to_string(&sb.events).unwrap(), before);
    assert_next_line_parses(&sb, &before);
}

// Under a file size limit set by a parent (`prlimit --fsize`, `ulimit -f` in
// a cron job, systemd LimitFSIZE=) the writer is not killed by SIGXFSZ: it
// warns, falls back, counts the loss, and leaves the file parseable.
#[test]
fn file_size_limit_does_not_kill_the_writer() {
    let sb = Sandbox::new();
    let before = prefill(&sb);
    let limit = before.len() + 40;
    let out = sb
        .std_cmd("prlimit", &sb.events)
        .args([
            &format!("--fsize={limit}"),
            util::BIN,
            "log",
            "container.create",
            "x=1",
        ])
        .output()
        .expect("prlimit (util-linux) runs");
    let err = stderr_of(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "killed or failed under a file size limit: {:?} {err}",
        out.status
    );
    let line = one_line(&err);
    assert!(line.contains("file size limit"), "{line}");
    assert_eq!(sb.lost_count(), Some(1));
    assert_next_line_parses(&sb, &before);
}

// ---------------------------------------------------------------- dry run

#[test]
fn dry_run_prints_and_writes_nothing() {
    let sb = Sandbox::new();
    let events = sb.path().join("sub/events.jsonl");
    for args in [
        &[
            "log",
            "--dry-run",
            "container.create",
            "user=alice",
            "gpu=1",
        ][..],
        &[
            "log",
            "container.create",
            "user=alice",
            "gpu=1",
            "--dry-run",
        ][..],
    ] {
        let out = sb.cmd_to(&events).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(stderr_of(&out), "");
        let stdout = stdout_of(&out);
        let line = one_line(&stdout);
        let v = parse(line);
        assert_eq!(v["event_type"], json!("container.create"));
        assert_eq!(v["user"], json!("alice"));
        assert_eq!(v["details"], json!({"gpu": 1}));
        assert!(!events.exists(), "dry run wrote the file");
        assert!(!sb.path().join("sub").exists(), "dry run created the dir");
    }
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Any text given as `key:=<JSON string>` comes back exactly, on one
    /// ASCII line within the cap.
    #[test]
    fn any_string_roundtrips(s in "[^\u{0}]{0,300}") {
        let sb = Sandbox::new();
        let arg = format!("k:={}", serde_json::to_string(&s).unwrap());
        let out = sb.cmd()
            .args(["log", "--dry-run", "container.create", &arg])
            .output()
            .unwrap();
        prop_assert_eq!(out.status.code(), Some(0));
        let stdout = stdout_of(&out);
        prop_assert!(stdout.is_ascii());
        prop_assert!(stdout.len() <= MAX_LINE);
        let v = parse(one_line(&stdout));
        prop_assert_eq!(&v["details"]["k"], &json!(s));
    }
}
