//! `metrics`: Prometheus text format for node_exporter's textfile collector,
//! with exact counts over the last 24 hours (reaching into the rotated file
//! when the last rotation was less than a day ago).

use std::io::Write;
use std::path::Path;

use jiff::Timestamp;

use super::query;
use crate::aggregate;
use crate::engine::{self, Flow, Request};
use crate::exit::{self, Failure};
use crate::filter::Filter;

/// Event types the lifecycle dashboard reads, and their `action` label.
pub const LIFECYCLE: &[(&str, &str)] = &[
    ("maintenance.idle_kill", "idle_kill"),
    ("maintenance.runtime_kill", "runtime_kill"),
    ("resource.oom_kill", "oom_kill"),
    ("alert.gpu_warning", "gpu_warning"),
    ("alert.memory_warning", "memory_warning"),
    ("alert.container_warning", "container_warning"),
    ("bare_metal.warning", "bare_metal_warning"),
];

/// Escapes a label value: backslash, double quote and newline (the
/// exposition format's escapes), after showing every terminal-unsafe
/// character as a visible escape (ESC as `\e`, written `\\e`), so neither a
/// terminal nor the textfile collector ever sees one raw.
pub fn escape_label(v: &str) -> String {
    let v = crate::output::escape::escape(v);
    let mut s = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s
}

/// The newest event time among the last lines of the current file, lines
/// dated after `now` (plus the writers' jitter) left out: one line dated
/// 2099 must not make a silent log look current.
pub fn newest_event(path: &Path, now: Timestamp) -> Option<Timestamp> {
    let horizon = engine::shifted(now, engine::MAX_JITTER_SECS);
    let mut filter = Filter::default();
    filter.until = horizon
        .checked_add(jiff::SignedDuration::from_micros(1))
        .ok();
    // Writers' jitter means the last event need not be the newest: the
    // newest 200, read backwards by the engine.
    let req = Request {
        streams: engine::streams(&[path.to_path_buf()]),
        filter,
        limit: Some(200),
        ..Request::default()
    };
    let mut newest: Option<Timestamp> = None;
    let _ = engine::run(&req, &mut engine::Stats::default(), &mut |item| {
        if let engine::Item::Match(m) = item {
            newest = newest.max(m.event.time);
        }
        Flow::More
    });
    newest
}

/// The metrics text for `path` at `now`.
pub fn render(path: &Path, now: Timestamp) -> Result<String, Failure> {
    let agg = counts(path, now)?;
    render_counts(path, now, agg)
}

/// The exact counts of the 24 hours before `now` in `path` and the rotated
/// file the window reaches.
fn counts(path: &Path, now: Timestamp) -> Result<aggregate::Aggregate, Failure> {
    let since = engine::shifted(now, -86400);
    let mut filter = Filter::default();
    filter.since = Some(since);
    filter.until = Some(engine::shifted(now, 1));
    // The 24-hour window may begin in the rotated file. A file not there
    // (yet) counts as no events: cron must get figures, not an error.
    let mut stream = engine::with_archives(
        &engine::streams(&[path.to_path_buf()])[0],
        Some(since),
        false,
    );
    stream.inputs.retain(|i| i.path.exists());
    let req = Request {
        streams: vec![stream],
        filter,
        limit: None,
        ..Default::default()
    };
    aggregate::aggregate(&req, &[]).map_err(|e| {
        Failure::new(
            exit::NO_INPUT,
            format!(
                "cannot read {}: {e}; check its permissions (ds01-events doctor)",
                path.display()
            ),
        )
    })
}

fn render_counts(
    path: &Path,
    now: Timestamp,
    agg: aggregate::Aggregate,
) -> Result<String, Failure> {
    let mut s = String::new();
    s += "# HELP ds01_events_24h_total Events recorded in the last 24 hours, by event type (exact).\n";
    s += "# TYPE ds01_events_24h_total gauge\n";
    for (t, n) in aggregate::ranked(&agg.by_type) {
        s += &format!(
            "ds01_events_24h_total{{event_type=\"{}\"}} {n}\n",
            escape_label(t)
        );
    }
    s += "# HELP ds01_lifecycle_events_total Enforcement and warning events in the last 24 hours, by action.\n";
    s += "# TYPE ds01_lifecycle_events_total gauge\n";
    for (t, action) in LIFECYCLE {
        let n = agg.by_type.get(*t).copied().unwrap_or(0);
        s += &format!("ds01_lifecycle_events_total{{action=\"{action}\"}} {n}\n");
    }
    s += "# HELP ds01_events_malformed_lines Lines that are not events, among the lines read for the 24-hour window.\n";
    s += "# TYPE ds01_events_malformed_lines gauge\n";
    s += &format!("ds01_events_malformed_lines {}\n", agg.malformed);
    s += "# HELP ds01_events_read_errors Rotated files skipped (not regular files) or found damaged (a truncated .gz) while counting; the figures cover the rest.\n";
    s += "# TYPE ds01_events_read_errors gauge\n";
    s += &format!("ds01_events_read_errors {}\n", engine::trouble_count());
    if let Some(t) = newest_event(path, now) {
        s += "# HELP ds01_events_newest_event_timestamp_seconds Time of the newest event in the events file.\n";
        s += "# TYPE ds01_events_newest_event_timestamp_seconds gauge\n";
        s += &format!(
            "ds01_events_newest_event_timestamp_seconds {}\n",
            format_seconds(t)
        );
    }
    let seals = crate::seal::SealDir::new(crate::seal::seal_dir(None));
    if let Some((at, unsealed)) = crate::seal::sealer::status(&seals, path) {
        s += "# HELP ds01_events_seal_timestamp_seconds Time of the newest seal checkpoint.\n";
        s += "# TYPE ds01_events_seal_timestamp_seconds gauge\n";
        s += &format!("ds01_events_seal_timestamp_seconds {at}\n");
        s += "# HELP ds01_events_unsealed_lines Lines of the events file not yet covered by a checkpoint.\n";
        s += "# TYPE ds01_events_unsealed_lines gauge\n";
        s += &format!("ds01_events_unsealed_lines {unsealed}\n");
    }
    // Root (cron) sums every user's counter; others see their own.
    let lost = crate::writer::lost_counts();
    s += "# HELP ds01_events_lost_total Events writers could record neither in the file nor in syslog (every user's when run as root).\n";
    s += "# TYPE ds01_events_lost_total counter\n";
    s += &format!("ds01_events_lost_total {}\n", lost.total);
    Ok(s)
}

fn format_seconds(t: Timestamp) -> String {
    let us = t.as_microsecond();
    format!(
        "{}.{:06}",
        us.div_euclid(1_000_000),
        us.rem_euclid(1_000_000)
    )
}

/// The metrics of a collector's hosts directory: the same families, each
/// sample with a `host` label (the host directory's name).
pub fn render_hosts(dir: &Path, now: Timestamp) -> Result<String, Failure> {
    let hosts = engine::host_dirs(dir).map_err(|e| {
        Failure::new(
            exit::NO_INPUT,
            format!(
                "cannot read the hosts directory {}: {e}; check --hosts-dir (or DS01_EVENTS_HOSTS_DIR)",
                crate::output::escape::escape(&dir.display().to_string())
            ),
        )
    })?;
    let mut per_host = Vec::new();
    for (name, path) in hosts {
        let agg = counts(&path, now)?;
        let newest = newest_event(&path, now);
        per_host.push((format!("host=\"{}\"", escape_label(&name)), agg, newest));
    }
    let mut s = String::new();
    s += "# HELP ds01_events_24h_total Events recorded in the last 24 hours, by host and event type (exact).\n";
    s += "# TYPE ds01_events_24h_total gauge\n";
    for (host, agg, _) in &per_host {
        for (t, n) in aggregate::ranked(&agg.by_type) {
            s += &format!(
                "ds01_events_24h_total{{{host},event_type=\"{}\"}} {n}\n",
                escape_label(t)
            );
        }
    }
    s += "# HELP ds01_lifecycle_events_total Enforcement and warning events in the last 24 hours, by host and action.\n";
    s += "# TYPE ds01_lifecycle_events_total gauge\n";
    for (host, agg, _) in &per_host {
        for (t, action) in LIFECYCLE {
            let n = agg.by_type.get(*t).copied().unwrap_or(0);
            s += &format!("ds01_lifecycle_events_total{{{host},action=\"{action}\"}} {n}\n");
        }
    }
    s += "# HELP ds01_events_malformed_lines Lines that are not events, among the lines read for the 24-hour window.\n";
    s += "# TYPE ds01_events_malformed_lines gauge\n";
    for (host, agg, _) in &per_host {
        s += &format!("ds01_events_malformed_lines{{{host}}} {}\n", agg.malformed);
    }
    s += "# HELP ds01_events_read_errors Rotated files skipped (not regular files) or found damaged (a truncated .gz) while counting; the figures cover the rest.\n";
    s += "# TYPE ds01_events_read_errors gauge\n";
    s += &format!("ds01_events_read_errors {}\n", engine::trouble_count());
    if per_host.iter().any(|(_, _, t)| t.is_some()) {
        s += "# HELP ds01_events_newest_event_timestamp_seconds Time of the newest event in each host's events file.\n";
        s += "# TYPE ds01_events_newest_event_timestamp_seconds gauge\n";
        for (host, _, t) in &per_host {
            if let Some(t) = t {
                s += &format!(
                    "ds01_events_newest_event_timestamp_seconds{{{host}}} {}\n",
                    format_seconds(*t)
                );
            }
        }
    }
    Ok(s)
}

pub fn run(
    a: &crate::cli::MetricsArgs,
    file: Option<&Path>,
    hosts_dir: Option<&Path>,
) -> Result<i32, Failure> {
    let text = match hosts_dir {
        Some(dir) if file.is_none() => render_hosts(dir, Timestamp::now())?,
        Some(_) => {
            return Err(Failure::usage(
                "metrics reads one events file or one hosts directory: give --file or --hosts-dir, not both",
            ))
        }
        None => render(&crate::writer::events_path(file), Timestamp::now())?,
    };
    match &a.output_file {
        None => {
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                return query::output_error(e);
            }
        }
        Some(target) => write_atomically(target, text.as_bytes())?,
    }
    Ok(exit::OK)
}

/// Writes through an exclusive temporary file renamed over `target`, so
/// the collector never reads half a file and a link planted in a shared
/// textfile directory is replaced, never followed.
fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), Failure> {
    crate::safe_fs::write_atomically(target, bytes, 0o644).map_err(|e| {
        Failure::new(
            exit::CANT_CREATE,
            format!(
                "cannot write {}: {e}; check the directory exists and is writable",
                target.display()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped() {
        assert_eq!(escape_label("a\"b\\c"), "a\\\"b\\\\c");
        // Controls become visible escapes, their backslash escaped in turn.
        assert_eq!(escape_label("x\ny"), "x\\\\ny");
        assert_eq!(escape_label("\u{1b}]52;c;e\u{7}"), "\\\\e]52;c;e\\\\x07");
        assert_eq!(escape_label("a\u{202e}b"), "a\\\\u{202e}b");
    }

    #[test]
    fn seconds_with_fraction() {
        let t: Timestamp = "2026-01-30T14:30:00.123456Z".parse().unwrap();
        assert_eq!(format_seconds(t), "1769783400.123456");
    }
}
