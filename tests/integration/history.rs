//! The read side over the whole history: every reader takes the rotated
//! siblings (plain, `.gz`, logrotate's `.backup`, the `-%Y%m%d-%s` names),
//! `--current` reads the current file alone, and no input can hang, spin
//! or silently shorten an answer (FIFOs, devices, truncated archives), nor
//! make the tool panic (times near the ends of the calendar).
//!
//! Every test drives the real binary over a directory built here.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{self, gz, stderr, stdout, TempLog as Fx};

/// Longer than any answer here takes; a hang shows as a killed process.
const TIMEOUT: Duration = Duration::from_secs(20);

fn line(ts: &str, ty: &str, user: &str, container: &str, id: &str) -> String {
    util::ev(ts, ty)
        .user(user)
        .source("test")
        .detail("container", container)
        .detail("id", id)
        .line()
}

/// Runs on the history log.
trait Run {
    /// The binary on this log; a run longer than [`TIMEOUT`] is killed and
    /// fails the test (a hang).
    fn run(&self, args: &[&str]) -> Output;
}

impl Run for Fx {
    fn run(&self, args: &[&str]) -> Output {
        run_on(&self.path, args)
    }
}

/// Runs the binary on `file`; a run longer than [`TIMEOUT`] is killed and
/// fails the test (a hang).
fn run_on(file: &Path, args: &[&str]) -> Output {
    let mut c = util::cmd();
    c.arg("--file").arg(file).args(args).stdin(Stdio::null());
    util::output_within(&mut c, TIMEOUT, &format!("{args:?}"))
}

fn ids(o: &Output) -> Vec<String> {
    stdout(o)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            v["details"]["id"].as_str().unwrap().to_string()
        })
        .collect()
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

/// Files, oldest first, each with 4 events of one day (ids `dN-K`):
/// `.2.gz` (numbered, oldest scheme), `-20261105.gz`, `-20261106`,
/// `-2026110614.backup`, `-20261107-1762560000.gz` (new form), current.
/// Container `web` appears once per file, user `bob` twice per file.
fn history() -> Fx {
    let fx = Fx::new("");
    let day = |d: u32| -> String {
        (0..4)
            .map(|k| {
                let user = if k % 2 == 0 { "bob" } else { "alice" };
                let container = if k == 1 { "web" } else { "batch" };
                line(
                    &format!("2026-11-{d:02}T1{k}:00:00.000000Z"),
                    "container.start",
                    user,
                    container,
                    &format!("d{d}-{k}"),
                ) + "\n"
            })
            .collect()
    };
    fx.file("events.jsonl.2.gz", gz(day(3)));
    fx.file("events.jsonl-20261105.gz", gz(day(4)));
    fx.file("events.jsonl-20261106", day(5));
    fx.file("events.jsonl-2026110614.backup", day(6));
    fx.file("events.jsonl-20261107-1794095940.gz", gz(day(7)));
    fx.file("events.jsonl", day(8));
    // Another log's archive: never read.
    fx.file("other.jsonl-20261106", day(1));
    fx
}

fn all_ids() -> Vec<String> {
    (3..=8)
        .flat_map(|d| (0..4).map(move |k| format!("d{d}-{k}")))
        .collect()
}

#[test]
fn all_reads_every_rotated_sibling_in_order() {
    let fx = history();
    let o = fx.run(&["--json", "--all"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(ids(&o), all_ids());
    let o = fx.run(&["--json", "--all", "--container", "web"]);
    assert_eq!(ids(&o).len(), 6, "{}", stdout(&o));
    let o = fx.run(&["--json", "--all", "--user", "bob"]);
    assert_eq!(ids(&o).len(), 12);
    // Newest first over the archives too.
    let o = fx.run(&["--json", "--all", "--reverse"]);
    let mut want = all_ids();
    want.reverse();
    assert_eq!(ids(&o), want);
}

#[test]
fn summary_and_types_used_count_the_whole_history() {
    let fx = history();
    let o = fx.run(&["summary", "--json"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["events"], 24);
    assert_eq!(v["first"], "2026-11-03T10:00:00Z");
    let o = fx.run(&["types", "--used", "--json"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(v["type"], "container.start");
    assert_eq!(v["count"], 24);
    // --current: the current file alone.
    let o = fx.run(&["summary", "--json", "--current"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["events"], 4);
}

#[test]
fn newest_n_continues_back_into_the_archives() {
    let fx = history();
    let o = fx.run(&["--json", "-n", "7"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(ids(&o), all_ids()[24 - 7..].to_vec());
    // Through the .gz, the .backup and the plain archive into the oldest.
    let o = fx.run(&["--json", "-n", "22"]);
    assert_eq!(ids(&o), all_ids()[2..].to_vec());
    // The default view (50) shows everything there is.
    let o = fx.run(&["--json"]);
    assert_eq!(ids(&o), all_ids());
    let o = fx.run(&["--json", "-n", "4", "--container", "batch"]);
    assert_eq!(ids(&o), ["d7-3", "d8-0", "d8-2", "d8-3"]);
    // When the current file has enough, the archives are not read: a FIFO
    // among them is neither opened for reading nor reported.
    mkfifo(&fx.dir.path().join("events.jsonl-20261108"));
    let o = fx.run(&["--json", "-n", "3", "--container", "batch"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(ids(&o), ["d8-0", "d8-2", "d8-3"]);
    assert_eq!(stderr(&o), "");
}

#[test]
fn current_reads_the_current_file_alone() {
    let fx = history();
    let o = fx.run(&["--json", "--all", "--current"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(ids(&o), all_ids()[20..].to_vec());
    let o = fx.run(&["--json", "--current"]);
    assert_eq!(ids(&o), all_ids()[20..].to_vec());
    let o = fx.run(&["--json", "--current", "--since", "2026-11-01"]);
    assert_eq!(ids(&o), all_ids()[20..].to_vec());
    let o = fx.run(&["--info"]);
    assert!(stdout(&o).contains("--current"));
}

#[test]
fn since_chooses_archives_by_name_and_date() {
    let fx = history();
    // From Nov 7: the new-form archive of Nov 7 (rotated at its seconds) and
    // the current file; the older dated ones are left out by their names.
    let o = fx.run(&["--json", "--all", "--since", "2026-11-07T12:00:00Z"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let got = ids(&o);
    assert_eq!(got, all_ids()[18..].to_vec());
    // A damaged archive outside the window is not read, so not reported.
    let damaged = gz(all_ids().join("\n").repeat(100));
    fx.file("events.jsonl-20261104.gz", &damaged[..damaged.len() / 2]);
    let o = fx.run(&["--json", "--all", "--since", "2026-11-07T12:00:00Z"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(ids(&o), got);
}

#[test]
fn new_dateformat_names_sort_by_date_then_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let ev =
        |h: u32, id: &str| line(&format!("2026-12-01T{h:02}:00:00Z"), "a.b", "u", "c", id) + "\n";
    // Two rotations on the same day: the later seconds hold the later events.
    fs::write(
        dir.path().join("events.jsonl-20261201-1796104800.gz"),
        gz(ev(3, "second")),
    )
    .unwrap();
    fs::write(
        dir.path().join("events.jsonl-20261201-1796094000"),
        ev(0, "first"),
    )
    .unwrap();
    fs::write(dir.path().join("events.jsonl-20261130"), ev(0, "older")).unwrap();
    fs::write(&path, ev(5, "now")).unwrap();
    let o = run_on(&path, &["--json", "--all"]);
    assert_eq!(ids(&o), ["older", "first", "second", "now"]);
}

// ------------------------------------------------------------ never hang

#[cfg(unix)]
fn mkfifo(p: &Path) {
    nix::unistd::mkfifo(p, nix::sys::stat::Mode::from_bits_truncate(0o644)).unwrap();
}

#[test]
fn fifo_or_device_as_the_events_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("events.jsonl");
    mkfifo(&fifo);
    let zero = dir.path().join("zero.jsonl");
    symlink("/dev/zero", &zero).unwrap();
    for file in [&fifo, &zero] {
        for args in [
            &["--all"][..],
            &[][..],
            &["--since", "1 hour ago"][..],
            &["summary"][..],
            &["types", "--used"][..],
            &["metrics"][..],
            &["follow"][..],
        ] {
            let start = Instant::now();
            let o = run_on(file, args);
            assert!(start.elapsed() < Duration::from_secs(5), "{args:?} slow");
            assert_eq!(code(&o), Some(66), "{file:?} {args:?}: {}", stderr(&o));
            let err = stderr(&o);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains("not a regular file"), "{err}");
            assert!(err.contains(&file.display().to_string()), "{err}");
        }
    }
}

#[test]
fn fifo_or_device_as_a_rotated_sibling_is_skipped_with_one_line() {
    let fx = history();
    let fifo = fx.dir.path().join("events.jsonl-20261102");
    mkfifo(&fifo);
    symlink("/dev/zero", fx.dir.path().join("events.jsonl-20261101.gz")).unwrap();
    let o = fx.run(&["--json", "--all"]);
    assert_eq!(code(&o), Some(65), "{}", stderr(&o));
    assert_eq!(ids(&o), all_ids());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(err.contains("events.jsonl-20261102: skipped: not a regular file (a FIFO)"));
    assert!(err.contains("events.jsonl-20261101.gz: skipped: not a regular file"));
    let o = fx.run(&["summary", "--json"]);
    assert_eq!(code(&o), Some(65), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["events"], 24);
    let o = fx.run(&["types", "--used"]);
    assert_eq!(code(&o), Some(65), "{}", stderr(&o));
    assert!(stdout(&o).contains("24"));
    let o = fx.run(&["--json", "--since", "2026-11-01"]);
    assert_eq!(code(&o), Some(65), "{}", stderr(&o));
    assert_eq!(ids(&o), all_ids());
}

#[test]
fn follow_onto_a_fifo_ends_and_signals_end_every_wait() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    fs::write(
        &path,
        line("2026-11-01T00:00:00Z", "a.b", "u", "c", "x") + "\n",
    )
    .unwrap();
    // SIGTERM while following a quiet file: out within a second.
    for sig in [nix::sys::signal::SIGTERM, nix::sys::signal::SIGINT] {
        let mut child = util::cmd()
            .arg("--file")
            .arg(&path)
            .arg("follow")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(700));
        let pid = nix::unistd::Pid::from_raw(child.id() as i32);
        nix::sys::signal::kill(pid, sig).unwrap();
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            assert!(start.elapsed() < Duration::from_secs(1), "{sig} ignored");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    // The file replaced by a FIFO: follow refuses it (no hang) in one line.
    let mut child = util::cmd()
        .arg("--file")
        .arg(&path)
        .arg("follow")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    fs::remove_file(&path).unwrap();
    mkfifo(&path);
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(5) {
            let pid = nix::unistd::Pid::from_raw(child.id() as i32);
            nix::sys::signal::kill(pid, nix::sys::signal::SIGTERM).unwrap();
            std::thread::sleep(Duration::from_secs(1));
            let _ = child.kill();
            panic!("follow hangs on a FIFO put in the file's place");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), Some(66));
    assert!(
        stderr(&o).contains("not a regular file (a FIFO)"),
        "{}",
        stderr(&o)
    );
}

// ------------------------------------------------------- damaged archives

#[test]
fn truncated_gz_is_reported_and_the_other_files_are_read() {
    let now = jiff::Timestamp::now();
    let at = |secs_ago: i64| {
        (now - jiff::SignedDuration::from_secs(secs_ago))
            .strftime("%Y-%m-%dT%H:%M:%S.000000Z")
            .to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let old: String = (0..3000)
        .map(|i| {
            line(
                &at(5 * 3600 - i),
                "maintenance.idle_kill",
                "u",
                "c",
                &format!("old{i}"),
            ) + "\n"
        })
        .collect();
    let whole = gz(&old);
    let rotated = now - jiff::SignedDuration::from_secs(3 * 3600);
    let name = format!(
        "events.jsonl-{}-{}.gz",
        rotated.strftime("%Y%m%d"),
        rotated.as_second()
    );
    fs::write(dir.path().join(&name), &whole[..whole.len() / 2]).unwrap();
    fs::write(
        &path,
        line(&at(60), "maintenance.idle_kill", "u", "c", "new") + "\n",
    )
    .unwrap();
    let o = run_on(&path, &["--json", "--all", "--since", "1 day ago"]);
    assert_eq!(code(&o), Some(65), "{}", stderr(&o));
    let got = ids(&o);
    assert_eq!(got.last().map(String::as_str), Some("new"));
    assert!(got.len() > 1, "the events before the damage are kept");
    let err = stderr(&o);
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("damaged archive"))
            .count(),
        1,
        "{err}"
    );
    assert!(err.contains(&name), "{err}");
    // metrics still gives its figures, with the read-error gauge.
    let o = run_on(&path, &["metrics"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("ds01_events_read_errors 1"), "{text}");
    let kills: u64 = text
        .lines()
        .find(|l| l.starts_with("ds01_lifecycle_events_total{action=\"idle_kill\"}"))
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert_eq!(kills as usize, got.len(), "{text}");
    // report reads small archives whole: a damaged one is read as a stream
    // instead, up to the damage, and reported once, as by a query.
    let o = run_on(&path, &["report", "--json"]);
    let err = stderr(&o);
    assert_eq!(code(&o), Some(65), "{err}");
    assert_eq!(err.matches("damaged archive").count(), 1, "{err}");
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["lifecycle"]["idle_kill"], got.len() as u64, "{j}");
    // Summary and the newest-N view too.
    let o = run_on(&path, &["summary", "--json"]);
    assert_eq!(code(&o), Some(65), "{}", stderr(&o));
    let o = run_on(&path, &["--json", "-n", "1"]);
    assert_eq!(
        code(&o),
        Some(0),
        "the newest needs no archive: {}",
        stderr(&o)
    );
    let o = run_on(&path, &["--json", "-n", "5000"]);
    assert_eq!(code(&o), Some(65), "{}", stderr(&o));
    assert_eq!(ids(&o).len(), got.len());
}

// ----------------------------------------------------------------- panics

#[test]
fn times_at_the_ends_of_the_calendar_never_panic() {
    let fx = history();
    for args in [
        &["--until", "9999-12-30T22:00:00Z", "--all"][..],
        &["--until", "9999-12-30T22:00:00Z"][..],
        &["--since", "@-377705023000"][..],
        &["--since", "@-377705023000", "--all"][..],
        &["summary", "--since", "@-377705023000"][..],
        &["summary", "--until", "9999-12-30T22:00:00Z"][..],
        &["metrics"][..],
    ] {
        let o = fx.run(args);
        assert!(
            matches!(code(&o), Some(0) | Some(64)),
            "{args:?}: {:?} {}",
            o.status,
            stderr(&o)
        );
    }
    // A rotated sibling with an mtime near year 9999.
    let p = fx.file(
        "events.jsonl.1",
        line("2026-11-08T20:00:00Z", "a.b", "u", "c", "m") + "\n",
    );
    let f = fs::File::options().write(true).open(&p).unwrap();
    let far = std::time::UNIX_EPOCH + Duration::from_secs(253_402_207_000);
    f.set_modified(far).unwrap();
    for args in [
        &["--since", "1 hour ago"][..],
        &["--since", "2026-11-01", "--all"][..],
        &["metrics"][..],
        &["doctor"][..],
    ] {
        let o = fx.run(args);
        assert_ne!(code(&o), Some(134), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
    }
}

// ------------------------------------------------------- lines out of order

fn at(secs_ago: i64) -> String {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_secs(secs_ago))
        .strftime("%Y-%m-%dT%H:%M:%S.000000Z")
        .to_string()
}

#[test]
fn metrics_reads_the_rotated_file_whatever_the_current_file_starts_with() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let kills: String = (0..100)
        .map(|i| line(&at(20 * 3600 - i), "maintenance.idle_kill", "u", "c", "k") + "\n")
        .collect();
    let rotated = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(10 * 3600);
    fs::write(
        dir.path().join(format!(
            "events.jsonl-{}-{}",
            rotated.strftime("%Y%m%d"),
            rotated.as_second()
        )),
        kills,
    )
    .unwrap();
    // The current file's first line is old (a hand-made or slow-clock line).
    let current = line("2020-01-01T00:00:00Z", "a.b", "u", "c", "old")
        + "\n"
        + &line(&at(60), "a.b", "u", "c", "new")
        + "\n";
    fs::write(&path, current).unwrap();
    let o = run_on(&path, &["metrics"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("ds01_lifecycle_events_total{action=\"idle_kill\"} 100"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn future_lines_do_not_make_a_silent_log_look_current() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let mut text = String::new();
    for i in 0..300 {
        // Every third line from a host 3 hours slow.
        let ago = 3 * 86400 - i * 60 + if i % 3 == 0 { 3 * 3600 } else { 0 };
        text += &(line(&at(ago), "a.b", "u", "c", &i.to_string()) + "\n");
    }
    text += &(line("2099-01-01T00:00:00Z", "a.b", "u", "c", "future") + "\n");
    fs::write(&path, text).unwrap();
    let o = run_on(&path, &["metrics"]);
    let newest: f64 = stdout(&o)
        .lines()
        .find(|l| l.starts_with("ds01_events_newest_event_timestamp_seconds "))
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}", stdout(&o)));
    let now = jiff::Timestamp::now().as_second() as f64;
    assert!(
        newest < now - 86400.0,
        "freshness taken from a future line: {newest}"
    );
    let o = run_on(&path, &["doctor"]);
    let out = stdout(&o);
    let order = out
        .lines()
        .find(|l| l.contains("order"))
        .unwrap_or_else(|| panic!("no order check: {out}"));
    assert!(order.starts_with("WARN"), "{order}");
    assert!(
        order.contains("99 of 301 timed lines out of order"),
        "{order}"
    );
    assert!(order.contains("1 dated in the future"), "{order}");
    let newest = out.lines().find(|l| l.contains("newest event")).unwrap();
    assert!(
        newest.starts_with("WARN"),
        "stale log shown as current: {newest}"
    );
    assert!(!newest.contains("2099"), "{newest}");
}

// ------------------------------------------------------------------ memory

#[test]
fn summary_over_ten_thousand_years_charts_a_screenful_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let text = [
        "0000-01-01T00:00:00Z",
        "2026-12-01T10:00:00Z",
        "2026-12-01T10:00:01Z",
        "9999-12-30T00:00:00Z",
    ]
    .iter()
    .map(|t| line(t, "a.b", "u", "c", "x") + "\n")
    .collect::<String>();
    fs::write(&path, text).unwrap();
    let start = Instant::now();
    let o = run_on(&path, &["summary", "--json"]);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let series = v["series"].as_array().unwrap();
    assert!(series.len() <= 100, "{} rows", series.len());
    let sum: u64 = series.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(sum, 4);
    assert_eq!(v["per"], "200 years");
    let o = run_on(&path, &["summary"]);
    assert!(stdout(&o).lines().count() < 150);
    // A few months: per month; a few weeks: per day, as before.
    let text = ["2026-01-15T00:00:00Z", "2026-06-01T00:00:00Z"]
        .iter()
        .map(|t| line(t, "a.b", "u", "c", "x") + "\n")
        .collect::<String>();
    fs::write(&path, text).unwrap();
    let v: Value = serde_json::from_str(&stdout(&run_on(&path, &["summary", "--json"]))).unwrap();
    assert_eq!(v["per"], "month");
    assert_eq!(v["series"].as_array().unwrap().len(), 6);
}

/// The order check remembered in the user's cache covers only what it
/// read: lines appended out of order later, or a file rewritten, are seen.
#[test]
fn remembered_order_check_sees_appended_disorder() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let ev = |secs: i64, id: &str| {
        let t = jiff::Timestamp::from_second(1_790_000_000 + secs).unwrap();
        line(
            &t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "a.b",
            "u",
            "c",
            id,
        ) + "\n"
    };
    let mut text: String = (0..20_000).map(|i| ev(i * 10, &format!("o{i}"))).collect();
    fs::write(&path, &text).unwrap();
    let query = |args: &[&str]| {
        let o = util::cmd()
            .env("HOME", home.path())
            .arg("--file")
            .arg(&path)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(code(&o), Some(0), "{}", stderr(&o));
        ids(&o)
    };
    let since = "@1790100000";
    assert_eq!(query(&["--json", "--all", "--since", since]).len(), 10_000);
    assert!(home.path().join(".cache/ds01-events/order-v1").is_file());
    // Appended by a host whose clock is a day slow: still found.
    text += &ev(100_000 - 86_400, "slow");
    text += &ev(200_000, "late");
    // The same file (same inode, same first bytes), grown.
    fs::write(&path, &text).unwrap();
    let got = query(&["--json", "--all", "--since", "@1790013600"]);
    assert!(
        got.contains(&"slow".to_string()),
        "{:?}",
        &got[got.len() - 3..]
    );
    assert_eq!(got.last().map(String::as_str), Some("late"));
    // Rewritten in place (same length, a line a year ahead at the start):
    // --until still counts every line before it.
    let ahead = ev(365 * 86_400, "o0");
    let rewritten = ahead + &text[ev(0, "o0").len()..];
    fs::write(&path, rewritten).unwrap();
    let until = query(&["--json", "--all", "--until", "@1790100000"]);
    // o1..o9999 and the slow line; o0 is now a year ahead.
    assert_eq!(until.len(), 9_999 + 1);
}
