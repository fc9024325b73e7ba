//! What the log holds: a sample of its newest lines, its time order, the
//! events nobody could record, sealing.

use std::path::Path;

use jiff::{SignedDuration, Timestamp};

use super::{check, human, Check, Status};
use crate::engine::{self, Flow, Request};
use crate::writer;

/// The newest events of the file, read backwards.
const SAMPLE_LINES: usize = 10_000;

/// What the newest [`SAMPLE_LINES`] lines of the file hold.
pub(super) struct Sample {
    lines: usize,
    malformed: usize,
    /// Lines dated more than 5 minutes ahead.
    future: usize,
    /// The newest time among the others.
    newest: Option<Timestamp>,
}

/// The sample: the newest [`SAMPLE_LINES`] events of the file at `path`,
/// read backwards by the engine, and the malformed lines among them;
/// `None` when the file cannot be read.
pub(super) fn sample(path: &Path) -> Option<Sample> {
    let req = Request {
        streams: engine::streams(&[path.to_path_buf()]),
        limit: Some(SAMPLE_LINES),
        ..Request::default()
    };
    let mut s = Sample {
        lines: 0,
        malformed: 0,
        future: 0,
        newest: None,
    };
    let ahead = Timestamp::now() + SignedDuration::from_mins(5);
    let mut stats = engine::Stats::default();
    engine::run(&req, &mut stats, &mut |item| {
        if let engine::Item::Match(m) = item {
            s.lines += 1;
            match m.event.time {
                // Future lines say nothing of how fresh the log is.
                Some(t) if t > ahead => s.future += 1,
                Some(t) => s.newest = Some(s.newest.map_or(t, |n| n.max(t))),
                None => {}
            }
        }
        Flow::More
    })
    .ok()?;
    s.malformed = stats.malformed as usize;
    s.lines += s.malformed;
    Some(s)
}

/// Something was logged in the last day.
pub(super) fn newest_check(s: &Sample) -> Check {
    match s.newest {
        Some(t) => {
            let age = Timestamp::now().duration_since(t);
            let old = age > SignedDuration::from_hours(24);
            check(
                "newest event",
                if old { Status::Warn } else { Status::Pass },
                format!("{} ({} ago)", t.strftime("%Y-%m-%d %H:%M:%SZ"), human(age)),
                "nothing logged for a day: check the scripts can append (ds01-events doctor as their user)",
            )
        }
        None => check(
            "newest event",
            Status::Warn,
            "no events yet".into(),
            "log a test event: ds01-events log health.check",
        ),
    }
}

/// No malformed line among the sample.
pub(super) fn malformed_check(s: &Sample, shown: &str) -> Check {
    let (malformed, lines) = (s.malformed, s.lines);
    check(
        "malformed",
        if malformed > 0 {
            Status::Warn
        } else {
            Status::Pass
        },
        format!("{malformed} malformed among the newest {lines} lines"),
        format!("list them: ds01-events --file {shown} --malformed (queries skip them)"),
    )
}

/// No line of the sample dated in the future.
pub(super) fn future_check(s: &Sample) -> Check {
    let future = s.future;
    check(
        "future",
        if future > 0 {
            Status::Warn
        } else {
            Status::Pass
        },
        format!("{future} events dated more than 5 minutes ahead"),
        "check the clocks (timedatectl) of the machines that log",
    )
}

/// The whole file's time order (engine::disorder): lines out of order
/// beyond the writers' tolerance, lines dated in the future.
pub(super) fn order_check(path: &Path, shown: &str) -> Option<Check> {
    let d = engine::disorder(path, Timestamp::now()).ok()?;
    let bad = d.out_of_order > 0 || d.future > 0;
    let mut what = format!(
        "{} of {} timed lines out of order by more than {} min, {} dated in the future",
        d.out_of_order,
        d.timed,
        engine::MAX_JITTER_SECS / 60,
        d.future
    );
    if let Some(n) = d.first_out_of_order.or(d.first_future) {
        what += &format!(" (first at line {n})");
    }
    Some(check(
        "order",
        if bad { Status::Warn } else { Status::Pass },
        what,
        format!("queries stay exact (they read such files line by line, slower); check the writers' clocks (timedatectl) and who appends by hand: ds01-events --file {shown} --all --raw"),
    ))
}

/// Events nobody could record: every user's counter when run as root.
pub(super) fn lost_check() -> Check {
    let lost = writer::lost_counts();
    let whose = if nix::unistd::geteuid().is_root() {
        format!("by {} users", lost.users)
    } else {
        "by this user".into()
    };
    if !lost.suspicious.is_empty() {
        let files: Vec<String> = lost
            .suspicious
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return check(
            "lost",
            Status::Warn,
            format!(
                "{} events recorded nowhere {whose}; {} file(s) in {} are not a user's own counter: {}",
                lost.total,
                files.len(),
                writer::lost_dir().display(),
                files.join(", ")
            ),
            format!("inspect and remove them: sudo rm {}", files.join(" ")),
        );
    }
    check(
        "lost",
        if lost.total > 0 {
            Status::Warn
        } else {
            Status::Pass
        },
        format!(
            "{} events recorded neither in the file nor in syslog {whose}",
            lost.total
        ),
        format!(
            "fix the checks above, then reset the counters: sudo rm {}/*",
            writer::lost_dir().display()
        ),
    )
}

/// Sealing, when it is set up: the newest checkpoint's age and the lines
/// not yet sealed (from the seal directory's state; `verify` checks for
/// real).
pub(super) fn seal_check(events: &Path) -> Option<Check> {
    let dir = crate::seal::SealDir::new(crate::seal::seal_dir(None));
    if !dir.seals().exists() {
        return None;
    }
    let Some((at, unsealed)) = crate::seal::sealer::status(&dir, events) else {
        return Some(check(
            "seal",
            Status::Warn,
            format!("{} exists but no seal has run yet", dir.seals().display()),
            "sudo ds01-events seal (and: sudo ds01-events setup --seal for the timer)",
        ));
    };
    let age = Timestamp::now().as_second() - at;
    let stale = age > 10 * 60;
    Some(check(
        "seal",
        if stale { Status::Warn } else { Status::Pass },
        format!(
            "newest checkpoint {} ago; {unsealed} events not yet sealed",
            human(SignedDuration::from_secs(age))
        ),
        "the timer seals every minute: check it (systemctl status ds01-events-seal.timer) or run: sudo ds01-events setup --seal",
    ))
}
