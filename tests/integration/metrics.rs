//! `ds01-events metrics`: exact 24-hour counts, every lifecycle label,
//! escaped labels, atomic --output, and promtool's approval.

use std::fs;
use std::path::Path;
use std::process::Command;

use jiff::{SignedDuration, Timestamp};

use crate::util;

fn line(t: Timestamp, ty: &str) -> String {
    util::ev(util::ts_text(t), ty).user("alice").nl()
}

fn metrics(file: &Path, extra: &[&str]) -> std::process::Output {
    util::cmd()
        .env("DS01_EVENTS_LOST_COUNTER", file.with_extension("lost"))
        .arg("metrics")
        .arg("--file")
        .arg(file)
        .args(extra)
        .output()
        .expect("binary runs")
}

fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

/// A current file that starts 3 hours ago and a rotated file from before,
/// so the 24-hour window reaches into the archive.
fn fixture(dir: &Path) -> std::path::PathBuf {
    let now = Timestamp::now();
    let h = |n: i64| now - SignedDuration::from_hours(n);
    let mut rotated = String::new();
    rotated += &line(h(30), "maintenance.idle_kill"); // outside the window
    rotated += &line(h(20), "maintenance.idle_kill");
    rotated += &line(h(10), "gpu.allocate");
    rotated += "{not json\n";
    let yesterday = (now - SignedDuration::from_hours(3))
        .to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y%m%d")
        .to_string();
    fs::write(dir.join(format!("events.jsonl-{yesterday}")), rotated).unwrap();
    let mut current = String::new();
    current += &line(h(3), "maintenance.idle_kill");
    current += &line(h(2), "resource.oom_kill");
    current += &line(h(1), "gpu.allocate");
    current += &line(h(1), "odd\"type\\x");
    current += &line(now - SignedDuration::from_secs(5), "gpu.allocate");
    let path = dir.join("events.jsonl");
    fs::write(&path, current).unwrap();
    path
}

#[test]
fn counts_are_exact_over_24_hours_including_the_rotated_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let out = metrics(&path, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        value(&text, "ds01_events_24h_total{event_type=\"gpu.allocate\"}"),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        value(
            &text,
            "ds01_events_24h_total{event_type=\"maintenance.idle_kill\"}"
        ),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        value(&text, "ds01_lifecycle_events_total{action=\"idle_kill\"}"),
        Some(2.0)
    );
    assert_eq!(
        value(&text, "ds01_lifecycle_events_total{action=\"oom_kill\"}"),
        Some(1.0)
    );
    assert_eq!(
        value(&text, "ds01_events_malformed_lines"),
        Some(1.0),
        "{text}"
    );
    let newest = value(&text, "ds01_events_newest_event_timestamp_seconds").unwrap();
    assert!((Timestamp::now().as_second() as f64 - newest).abs() < 120.0);
}

#[test]
fn every_lifecycle_label_is_present_even_when_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    fs::write(&path, line(Timestamp::now(), "container.create")).unwrap();
    let text = String::from_utf8(metrics(&path, &[]).stdout).unwrap();
    for action in [
        "idle_kill",
        "runtime_kill",
        "oom_kill",
        "gpu_warning",
        "memory_warning",
        "container_warning",
        "bare_metal_warning",
    ] {
        let series = format!("ds01_lifecycle_events_total{{action=\"{action}\"}}");
        assert_eq!(value(&text, &series), Some(0.0), "{series} in {text}");
    }
}

#[test]
fn label_values_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let text = String::from_utf8(metrics(&path, &[]).stdout).unwrap();
    assert!(
        text.contains(r#"ds01_events_24h_total{event_type="odd\"type\\x"} 1"#),
        "{text}"
    );
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let target = dir.path().join("textfile/ds01_events.prom");
    fs::create_dir(dir.path().join("textfile")).unwrap();
    let out = metrics(&path, &["--output", target.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let written = fs::read_to_string(&target).unwrap();
    assert!(written.contains("ds01_lifecycle_events_total"));
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("textfile"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    // A directory that does not exist: one line naming it, exit 73.
    let bad = metrics(&path, &["--output", "/nonexistent/dir/x.prom"]);
    assert_eq!(bad.status.code(), Some(73));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("/nonexistent/dir/x.prom"));
}

#[test]
#[ignore = "needs promtool (apt-get install prometheus)"]
fn promtool_accepts_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let out = metrics(&path, &[]);
    let mut child = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool runs (apt-get install prometheus)");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&out.stdout).unwrap();
    let res = child.wait_with_output().unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&res.stdout),
        String::from_utf8_lossy(&res.stderr)
    );
    // Exit 1 is a parse error; exit 3 is lint findings. The only finding
    // allowed is the `_total` suffix on the two gauges whose names the
    // existing dashboards read (legacy.md): renaming them would break them.
    match res.status.code() {
        Some(0) => {}
        Some(3) => {
            for finding in report.lines().filter(|l| !l.trim().is_empty()) {
                assert!(
                    finding.starts_with("ds01_events_24h_total non-counter metrics should not have \"_total\" suffix")
                        || finding.starts_with(
                            "ds01_lifecycle_events_total non-counter metrics should not have \"_total\" suffix"
                        ),
                    "promtool found: {finding}"
                );
            }
        }
        other => panic!("promtool exit {other:?}: {report}"),
    }
}
