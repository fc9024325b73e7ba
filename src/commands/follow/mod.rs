//! `follow`: the newest events, then new ones as they are written.
//!
//! `ds01-events follow [filters]` (also `ds01-events --follow`) prints the
//! newest 10 matching events (`--limit N`, `--all` and `--since` change that,
//! as for a query), then every new matching event as soon as it is appended,
//! until Ctrl-C or SIGTERM, or until the reader of the output goes away
//! (`| head -3`): all three end with exit 0.
//!
//! - Only the current file is followed, not its archives (they are read for
//!   the first screen only when `--since` reaches back or `--archives` asks).
//!   With several `--file`, only the first is read and followed (a note on
//!   stderr says so). With `--hosts-dir`, every host's file is followed (one
//!   follower each, one output with a HOST column or a `"host"` key), the
//!   first screen merged in time order, and a host directory that appears
//!   later is followed from its file's start.
//! - Woken by file-system notifications on the file's directory (inotify),
//!   with a re-check every second in case one is missed: a new event shows
//!   within milliseconds of its write.
//! - Rotation: after a rename (logrotate `create`), the rest of the old file
//!   is read before the new one is read from its start; lines that a writer
//!   still appends to the old file are shown for two more seconds. After a
//!   copytruncate, the unread rest of the old content is read from the copy
//!   (a plain `NAME-YYYYMMDD` or `NAME.N` sibling holding the same bytes),
//!   then the file is read again from its top. What logrotate itself loses
//!   (lines appended between its copy and its truncate) cannot be shown, and
//!   a file created and rotated away again before follow opened it (a few
//!   milliseconds) is missed. A deleted file is waited for; a file that does
//!   not exist yet too ("waiting for PATH to appear").
//! - A last line without its newline is held until the newline arrives;
//!   malformed lines are skipped and counted on exit, as a query does.
//! - Formats: `--json` and `--raw` as for a query; the table has fixed column
//!   widths and prints one row per event as it arrives; CSV has the columns
//!   timestamp, event_type, user, source, container and `other` (every other
//!   detail as JSON), since later events may bring new keys. `--reverse` is
//!   ignored.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod first_screen;
mod live;
mod signals;
mod tail;
mod watch;

use super::query::{self, QueryOptions};
use crate::engine::{self, Position, Request, Stats};
use crate::exit::{self, Failure};
use crate::output::escape::escape;
use crate::output::{self, Style};
use first_screen::first_screen;
use live::Live;
use signals::install_signal_handlers;
use tail::{id_of, snapshot, Bad, Follower};
use watch::Watch;

/// The default number of events shown before following.
pub const DEFAULT_LIMIT: usize = 10;
/// How often the loop looks at the stop flag and the output pipe.
const TICK: Duration = Duration::from_millis(250);
/// Re-check size and inode this often even without a notification.
const RECHECK: Duration = Duration::from_secs(1);
/// How long a rotated-away file is still read for late appends.
const RETIRE_GRACE: Duration = Duration::from_secs(2);
/// Bytes before the read position kept to recognise the same content
/// (truncation check, finding the copy).
const FINGERPRINT: usize = 1024;
/// Bytes of a file's start kept to recognise its copy.
const HEAD: usize = 64;
const BLOCK: usize = 1 << 16;

/// Why following ended early.
enum Halt {
    Signal,
    Write(io::Error),
    Read(PathBuf, io::Error),
    Fail(Failure),
}

fn cannot_read(path: &Path, e: &io::Error) -> Failure {
    engine::cannot_read(path, e)
}

/// The request of a follow: the filters, and the streams whose first
/// screen reads archives only when --since reaches them or --archives asks
/// (the newest few are in the current file).
fn follow_request(o: &QueryOptions, dir: Option<&Path>) -> Result<Request, Failure> {
    let mut req = query::build_request(o)?;
    let streams = match dir {
        Some(dir) => engine::input_streams(&[], Some(dir), &req.filter)?,
        None => engine::streams(&o.files),
    };
    req.streams = streams
        .iter()
        .map(|s| {
            if o.view.current {
                s.clone()
            } else {
                engine::with_archives(s, req.filter.since, o.view.archives)
            }
        })
        .collect();
    Ok(req)
}

/// The exit of a follow: a signal or `| head` is a normal end.
fn finish(result: Result<(), Halt>, flushed: io::Result<()>) -> Result<i32, Failure> {
    match result {
        Ok(()) | Err(Halt::Signal) => {}
        Err(Halt::Write(e)) => return query::output_error(e),
        Err(Halt::Read(p, e)) => {
            return Err(Failure::new(
                exit::NO_INPUT,
                format!("error reading {}: {e}", p.display()),
            ))
        }
        Err(Halt::Fail(failure)) => return Err(failure),
    }
    if let Err(e) = flushed {
        return query::output_error(e);
    }
    Ok(exit::OK)
}

/// `ds01-events follow [filters]`: see the module documentation.
pub fn run(mut o: QueryOptions) -> Result<i32, Failure> {
    o.default_limit = DEFAULT_LIMIT;
    install_signal_handlers();
    if let Some(dir) = o.hosts_dir.clone() {
        if !o.files.is_empty() {
            return Err(Failure::usage(
                "follow watches either --file or --hosts-dir, not both; run one follow for each",
            ));
        }
        return run_hosts(&o, &dir);
    }
    let req = follow_request(&o, None)?;
    let Some(stream) = req.streams.first().cloned() else {
        return Ok(exit::OK);
    };
    if req.streams.len() > 1 {
        crate::say!(
            "ds01-events: follow reads and follows only the first --file ({})",
            escape(&stream.current.display().to_string())
        );
    }
    let path = stream.current.clone();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Watch first, then take the snapshot: nothing written after the
    // snapshot can slip by unnoticed.
    let mut watch = Watch::new(dir, false);
    if watch.watcher.is_none() {
        crate::say!("ds01-events: no file-system notifications; checking every 250 ms");
    }
    let style = Style::new(o.view.format(o.json), o.color, o.utc);
    let stdout = io::stdout();
    let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut f = Follower {
        path: path.clone(),
        host: None,
        filter: req.filter.clone(),
        live: Live::new(style, Box::new(out)),
        bad: Bad::default(),
        current: None,
        retired: Vec::new(),
        said_waiting: false,
    };
    snapshot(&mut f)?;
    let mut stats = Stats::default();
    let mut result = first_screen(&mut f, &req, &stream, &mut stats, None);
    if result.is_ok() {
        result = (|| {
            f.step()?;
            watch.looked();
            loop {
                watch.wait()?;
                f.step()?;
                watch.looked();
            }
        })();
    }
    let flushed = f.live.flush();
    let code = finish(result, flushed)?;
    if let Some(line) = report(&stats, &f) {
        crate::say!("ds01-events: {line}");
    }
    Ok(code)
}

/// `follow --hosts-dir DIR`: one follower per host (as for one file), the
/// first screen merged in time order, one output; a host directory that
/// appears later is followed from its file's start.
fn run_hosts(o: &QueryOptions, dir: &Path) -> Result<i32, Failure> {
    let req = follow_request(o, Some(dir))?;
    let mut watch = Watch::new(dir.to_path_buf(), true);
    let mut style = Style::new(o.view.format(o.json), o.color, o.utc);
    style.hosts = true;
    let stdout = io::stdout();
    let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let base = Live::new(style, Box::new(out));
    let mut live = base.share();
    let new_follower = |path: PathBuf, host: Option<std::sync::Arc<str>>| Follower {
        path,
        host,
        filter: req.filter.clone(),
        live: base.share(),
        bad: Bad::default(),
        current: None,
        retired: Vec::new(),
        // A host directory without its file yet is normal: no note.
        said_waiting: true,
    };
    let mut followers = Vec::new();
    let mut stats = Stats::default();
    let mut first = Vec::new();
    let mut result = Ok(());
    for stream in &req.streams {
        let mut f = new_follower(stream.current.clone(), stream.host.clone());
        snapshot(&mut f)?;
        if result.is_ok() {
            result = first_screen(&mut f, &req, stream, &mut stats, Some(&mut first));
        }
        followers.push(f);
    }
    // Merged in time order (stable: ties keep host order), the newest N.
    first.sort_by_key(|m| m.event.time);
    let skip = req.limit.map_or(0, |n| first.len().saturating_sub(n));
    if result.is_ok() {
        result = first
            .iter()
            .skip(skip)
            .try_for_each(|m| live.write(m, false))
            .and_then(|()| live.flush())
            .map_err(Halt::Write);
    }
    drop(first);
    let mut known: std::collections::HashSet<PathBuf> =
        followers.iter().map(|f| f.path.clone()).collect();
    if result.is_ok() {
        result = (|| {
            for f in followers.iter_mut() {
                f.step()?;
            }
            watch.looked();
            loop {
                watch.wait()?;
                // New hosts: followed from their file's start.
                for (name, path) in engine::host_dirs(dir).unwrap_or_default() {
                    if req.filter.host_matches(&name) && known.insert(path.clone()) {
                        followers.push(new_follower(path, Some(name.as_str().into())));
                    }
                }
                for f in followers.iter_mut() {
                    f.step()?;
                }
                watch.looked();
            }
        })();
    }
    let flushed = live.flush();
    let code = finish(result, flushed)?;
    let bad: u64 = stats.malformed + followers.iter().map(|f| f.bad.count).sum::<u64>();
    if bad > 0 {
        crate::say!(
            "ds01-events: skipped {} malformed line{} in the hosts' files",
            output::thousands(bad),
            if bad == 1 { "" } else { "s" }
        );
    }
    Ok(code)
}

/// The one stderr line about malformed lines, as the query words it.
fn report(stats: &Stats, f: &Follower<'_>) -> Option<String> {
    let total = stats.malformed + f.bad.count;
    if total == 0 {
        return None;
    }
    if stats.first_malformed.is_some() {
        let s = Stats {
            malformed: total,
            ..stats.clone()
        };
        return s.report();
    }
    let (id, pos) = f.bad.first?;
    let still_there = std::fs::metadata(&f.path).is_ok_and(|m| id_of(&m) == id);
    if still_there {
        let s = Stats {
            malformed: total,
            first_malformed: Some((f.path.clone(), pos)),
            matched: 0,
        };
        return s.report();
    }
    let at = match pos {
        Position::Offset(offset) => format!("byte {offset}"),
        Position::Line(n) => format!("line {n}"),
    };
    let name = f
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Some(format!(
        "skipped {} malformed line{}; first at {at} of a file since rotated away from {}",
        output::thousands(total),
        if total == 1 { "" } else { "s" },
        escape(&name)
    ))
}
