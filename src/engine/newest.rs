//! Newest first: the newest N of a plain file read backwards, every match
//! newest first in bounded memory (a `.gz` spooled to an unnamed file), and
//! where each input's read starts for `--since`.

use std::io;
use std::path::Path;

use jiff::Timestamp;

use super::scan::{classify, scan_items, Class, Collect};
use super::{
    scan_backward, seek_since_exact_in, tolerant, Flow, Input, Item, Position, Stats, Stream,
};
use crate::filter::Filter;
use crate::output::Match;
/// The newest `limit` matches of one plain file, read backwards, handed to
/// `take` newest first (it may stop the read).
pub(super) fn newest_backward(
    input: &Input,
    filter: &Filter,
    limit: usize,
    stats: &mut Stats,
    take: &mut dyn FnMut(Match) -> Flow,
) -> io::Result<()> {
    let file = input.open_file()?;
    let end = input.len_of(&file)?;
    newest_backward_in(&file, &input.path, 0, end, filter, limit, stats, take)
}

/// [`newest_backward`] over an open file, down to the line at `floor`.
#[allow(clippy::too_many_arguments)]
fn newest_backward_in(
    file: &std::fs::File,
    path: &Path,
    floor: u64,
    end: u64,
    filter: &Filter,
    limit: usize,
    stats: &mut Stats,
    take: &mut dyn FnMut(Match) -> Flow,
) -> io::Result<()> {
    let mut found = 0usize;
    scan_backward(file, end, |line, offset, too_long| {
        if found >= limit || offset < floor {
            return Flow::Stop;
        }
        if too_long {
            stats.note(path, Position::Offset(offset), 1);
            return Flow::More;
        }
        match classify(filter, line) {
            Class::Skip => {}
            Class::Malformed => stats.note(path, Position::Offset(offset), 1),
            Class::Match(m) => {
                stats.matched += 1;
                found += 1;
                if take(*m) == Flow::Stop {
                    return Flow::Stop;
                }
            }
        }
        if found >= limit {
            Flow::Stop
        } else {
            Flow::More
        }
    })
}

/// An unnamed temporary file (gone when closed), readable only by us.
fn spool_file() -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = std::env::temp_dir();
    let unnamed = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .mode(0o600)
        .custom_flags(nix::libc::O_TMPFILE)
        .open(&dir);
    match unnamed {
        Ok(f) => Ok(f),
        Err(_) => {
            // No O_TMPFILE here: a new name, removed at once.
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            let path = dir.join(format!(".ds01-events-spool.{}.{nanos}", std::process::id()));
            let f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(nix::libc::O_NOFOLLOW)
                .open(&path)?;
            let _ = std::fs::remove_file(&path);
            Ok(f)
        }
    }
}

/// Every match of one input newest first, in bounded memory: a plain file
/// is read backwards down to where `--since` starts; a `.gz` is read
/// forward once with its matching lines spooled to an unnamed temporary
/// file, which is then read backwards.
pub(super) fn newest_first_all(
    input: &Input,
    filter: &Filter,
    stats: &mut Stats,
    take: &mut dyn FnMut(Match) -> Flow,
) -> io::Result<Flow> {
    let mut flow = Flow::More;
    let mut pass = |m: Match| {
        flow = take(m);
        flow
    };
    if !input.gz {
        let file = input.open_file()?;
        let end = input.len_of(&file)?;
        let floor = match filter.since {
            Some(since) => seek_since_exact_in(&file, since, end)?,
            None => 0,
        };
        newest_backward_in(
            &file,
            &input.path,
            floor,
            end,
            filter,
            usize::MAX,
            stats,
            &mut pass,
        )?;
        return Ok(flow);
    }
    let spool = spool_file()?;
    let mut out = io::BufWriter::with_capacity(1 << 16, &spool);
    let mut write_err: Option<io::Error> = None;
    let read = scan_items(input, 0, filter, &Collect::matches(), stats, &mut |item| {
        if let Item::Match(m) = item {
            use std::io::Write;
            if let Err(e) = out.write_all(&m.raw).and_then(|_| out.write_all(b"\n")) {
                write_err = Some(e);
                return Flow::Stop;
            }
        }
        Flow::More
    });
    use std::io::Write;
    out.flush()?;
    drop(out);
    if let Some(e) = write_err {
        return Err(e);
    }
    // The spooled lines are all matches: count them once, not twice.
    let mut again = Stats::default();
    let spooled = spool.metadata()?.len();
    newest_backward_in(
        &spool,
        &input.path,
        0,
        spooled,
        filter,
        usize::MAX,
        &mut again,
        &mut pass,
    )?;
    // A damaged archive: what it held before the damage came out above.
    read.map(|_| flow)
}

/// Where to start reading each input of a stream for events at or after
/// `since`: a binary search in plain files, the start of compressed ones.
/// An archive that cannot be searched is reported and left out.
pub fn start_offsets(stream: &Stream, since: Option<Timestamp>) -> io::Result<Vec<(Input, u64)>> {
    let mut out = Vec::new();
    for input in &stream.inputs {
        let offset = match since {
            Some(since) if !input.gz => {
                let found = input
                    .open_file()
                    .and_then(|f| seek_since_exact_in(&f, since, input.len_of(&f)?));
                match found {
                    Ok(o) => o,
                    Err(e) => {
                        tolerant(stream, input, Err(e))?;
                        continue;
                    }
                }
            }
            _ => 0,
        };
        out.push((input.clone(), offset));
    }
    Ok(out)
}
