//! The demo's files: the generated log plus its last minute, split at
//! daily rotations as logrotate leaves them.

use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp, ToSpan};
use serde_json::json;

use super::events::{ev, iso_secs, python_line, v1_line, Ev};
use super::{generate, Line, Spec, NAME};

/// The last minute of the demo log: one event for every example the README
/// and `--help` show, so they find events at any hour (also just after
/// midnight, when "today" is a few minutes long).
fn recent(now: Timestamp) -> Vec<Line> {
    let at = |secs_ago: i64| now - SignedDuration::from_secs(secs_ago);
    let v = |secs_ago: i64, e: Ev| Line {
        bytes: v1_line(at(secs_ago), &e),
        at: at(secs_ago),
        kind: "v1",
    };
    let c = "proj._.1001";
    vec![
        v(
            40,
            ev(
                "container.create",
                Some("alice"),
                Some("docker-wrapper"),
                json!({"container": c, "image": "ds01/pytorch:latest", "container_type": "atomic", "gpu": 1}),
            ),
        ),
        v(
            39,
            ev(
                "gpu.allocate",
                Some("alice"),
                Some("gpu_allocator"),
                json!({"container": c, "gpu": 1, "priority": 50, "reason": "ALLOCATED (user has 1/2 gpueq)"}),
            ),
        ),
        v(
            30,
            ev(
                "gpu.reject",
                Some("bob"),
                Some("gpu_allocator"),
                json!({"container": "proj._.1002", "reason": "USER_AT_LIMIT (2/2)"}),
            ),
        ),
        v(
            29,
            ev(
                "auth.denied",
                Some("bob"),
                Some("docker-wrapper"),
                json!({"reason": "USER_AT_LIMIT: USER_AT_LIMIT (2/2)", "container_type": "atomic"}),
            ),
        ),
        Line {
            bytes: python_line(
                &[
                    ("timestamp", json!(iso_secs(at(20)))),
                    ("event", json!("status_change")),
                    ("job_id", json!("10235")),
                    ("old_status", json!("running")),
                    ("new_status", json!("failed")),
                ],
                &[],
            ),
            at: at(20),
            kind: "flat",
        },
        v(
            12,
            ev(
                "maintenance.idle_kill",
                Some("bob"),
                Some("check-idle-containers"),
                json!({"container": "bob-notebook", "idle_duration": "2h 5m", "container_type": "devcontainer"}),
            ),
        ),
        v(
            5,
            ev(
                "container.start",
                Some("alice"),
                Some("docker-wrapper"),
                json!({"container": c}),
            ),
        ),
    ]
}

/// The demo files: `events.jsonl` since the last daily rotation (UTC
/// midnight) and the four days before it as `events.jsonl-YYYYMMDD` (the
/// newest plain, older ones gzipped, as logrotate's `delaycompress` leaves
/// them). Returns (path, events) per file, oldest first.
pub fn write_demo(dir: &Path, now: Timestamp) -> std::io::Result<Vec<(PathBuf, usize)>> {
    let mut spec = Spec::new(4000, 1, now - SignedDuration::from_mins(1));
    spec.span_days = 4.0;
    spec.users = 12;
    let mut lines = generate(&spec).lines;
    lines.extend(recent(now));
    let midnight = now
        .to_zoned(jiff::tz::TimeZone::UTC)
        .start_of_day()
        .map_err(std::io::Error::other)?;
    // Rotation k happened at midnight k days ago and is named by that day.
    let mut files = Vec::new();
    for k in (0..4).rev() {
        let rotated = midnight
            .checked_sub((k as i64).days())
            .map_err(std::io::Error::other)?;
        let from = rotated
            .checked_sub(1.day())
            .map_err(std::io::Error::other)?
            .timestamp();
        let until = rotated.timestamp();
        let part: Vec<&Line> = lines
            .iter()
            .filter(|l| (k == 3 || l.at >= from) && l.at < until)
            .collect();
        let name = format!("{NAME}-{}", rotated.strftime("%Y%m%d"));
        let gz = k > 0;
        let path = dir.join(if gz { format!("{name}.gz") } else { name });
        write_lines(&path, &part, gz)?;
        files.push((path, part.iter().filter(|l| l.is_event()).count()));
    }
    let current: Vec<&Line> = lines
        .iter()
        .filter(|l| l.at >= midnight.timestamp())
        .collect();
    let path = dir.join(NAME);
    write_lines(&path, &current, false)?;
    files.push((path, current.iter().filter(|l| l.is_event()).count()));
    Ok(files)
}

fn write_lines(path: &Path, lines: &[&Line], gz: bool) -> std::io::Result<()> {
    let mut data = Vec::new();
    for l in lines {
        data.extend_from_slice(&l.bytes);
        data.push(b'\n');
    }
    if gz {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&data)?;
        data = e.finish()?;
    }
    std::fs::write(path, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Just after UTC midnight the current file is a few seconds long; the
    /// rotated files are named by their rotation day and hold the day
    /// before it; the last minute's events are all there.
    #[test]
    fn demo_files_split_at_midnight_and_end_now() {
        let dir = std::env::temp_dir().join(format!("ds01-demo-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let now: Timestamp = "2026-03-02T00:00:20Z".parse().unwrap();
        let files = write_demo(&dir, now).unwrap();
        let names: Vec<String> = (files.iter())
            .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "events.jsonl-20260227.gz",
                "events.jsonl-20260228.gz",
                "events.jsonl-20260301.gz",
                "events.jsonl-20260302",
                "events.jsonl"
            ]
        );
        let total: usize = files.iter().map(|(_, n)| n).sum();
        assert!(total > 3900, "{total}");
        // 00:00:00..00:00:20: the burst's last 20 s (status_change at -20 s
        // included), nothing older.
        let current = std::fs::read_to_string(dir.join(NAME)).unwrap();
        assert!(current.contains("\"container.start\""), "{current}");
        assert!(current.contains("maintenance.idle_kill"), "{current}");
        assert!(!current.contains("gpu.reject"), "{current}");
        let yesterday = std::fs::read_to_string(dir.join("events.jsonl-20260302")).unwrap();
        assert!(yesterday.contains("\"proj._.1002\""));
        assert!(yesterday.contains("2026-03-01T"));
        assert!(!yesterday.contains("2026-02-28T"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
