//! Reading by time: lines backwards from an offset (the newest first), a
//! line's time from its bytes, and the binary search for `--since`.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

use jiff::Timestamp;

use super::order::order_of;
use super::{Flow, Input};
use crate::event::{parse_timestamp, MAX_READ_LINE};

/// The most a line's timestamp may lag behind the line before it (writers
/// take the time before they append). Binary search steps back this far.
pub const MAX_JITTER_SECS: i64 = 600;
/// `t` moved by `secs`, clamped to the range a timestamp can hold (a date
/// near year 9999 or before year -9999 must not overflow).
pub fn shifted(t: Timestamp, secs: i64) -> Timestamp {
    t.checked_add(jiff::SignedDuration::from_secs(secs))
        .unwrap_or(if secs >= 0 {
            Timestamp::MAX
        } else {
            Timestamp::MIN
        })
}

/// Reads `file` backwards from `end`, calling `each` with every line (newest
/// first) and its byte offset, until `each` says stop. Lines longer than
/// [`MAX_READ_LINE`] are passed as empty slices flagged too long.
pub fn scan_backward<F>(file: &File, end: u64, mut each: F) -> io::Result<()>
where
    F: FnMut(&[u8], u64, bool) -> Flow,
{
    const BLOCK: u64 = 1 << 16;
    let mut pos = end;
    // Bytes after the last newline seen, newest line first in `tail`.
    let mut tail: Vec<u8> = Vec::new();
    let mut tail_too_long = false;
    let mut first = true;
    while pos > 0 {
        let start = pos.saturating_sub(BLOCK);
        let mut block = vec![0u8; (pos - start) as usize];
        file.read_exact_at(&mut block, start)?;
        pos = start;
        if first {
            // A trailing newline ends the last line; it does not start one.
            if block.last() == Some(&b'\n') {
                block.pop();
            }
            first = false;
        }
        let mut cut = block.len();
        while let Some(nl) = memchr::memrchr(b'\n', &block[..cut]) {
            let line_start = start + nl as u64 + 1;
            let flow = if tail_too_long {
                each(&[], line_start, true)
            } else if tail.is_empty() {
                each(&block[nl + 1..cut], line_start, false)
            } else {
                let mut line = block[nl + 1..cut].to_vec();
                line.extend_from_slice(&tail);
                each(&line, line_start, false)
            };
            tail.clear();
            tail_too_long = false;
            if flow == Flow::Stop {
                return Ok(());
            }
            cut = nl;
        }
        if !tail_too_long {
            let mut t = block[..cut].to_vec();
            t.extend_from_slice(&tail);
            tail = t;
            if tail.len() > MAX_READ_LINE {
                tail.clear();
                tail_too_long = true;
            }
        }
    }
    if tail_too_long {
        each(&[], 0, true);
    } else if !(tail.is_empty() && end == 0) {
        each(&tail, 0, false);
    }
    Ok(())
}

/// The time of the first readable line at or after `offset` (skipping to the
/// next line start first), and that line's start.
fn first_time_after(file: &File, offset: u64, end: u64) -> io::Result<Option<(Timestamp, u64)>> {
    let mut pos = offset;
    let mut buf = vec![0u8; 8192];
    let mut aligned = offset == 0;
    let mut line: Vec<u8> = Vec::new();
    let mut line_start = offset;
    while pos < end {
        let n = file.read_at(&mut buf, pos)?;
        if n == 0 {
            break;
        }
        for (i, &b) in buf[..n].iter().enumerate() {
            if b != b'\n' {
                if aligned && line.len() <= MAX_READ_LINE {
                    line.push(b);
                }
                continue;
            }
            if aligned {
                if let Some(t) = line_time(&line) {
                    return Ok(Some((t, line_start)));
                }
            }
            aligned = true;
            line.clear();
            line_start = pos + i as u64 + 1;
        }
        pos += n as u64;
        if pos - offset > 64 * MAX_READ_LINE as u64 {
            break;
        }
    }
    Ok(None)
}

/// The timestamp of a line, reading as little as possible.
pub fn line_time(line: &[u8]) -> Option<Timestamp> {
    for key in [&b"\"timestamp\""[..], &b"\"ts\""[..]] {
        if let Some(p) = memchr::memmem::find(line, key) {
            let rest = &line[p + key.len()..];
            let q1 = memchr::memchr(b'"', rest)?;
            let rest = &rest[q1 + 1..];
            let q2 = memchr::memchr(b'"', rest)?;
            return parse_timestamp(std::str::from_utf8(&rest[..q2]).ok()?);
        }
    }
    None
}

/// A byte offset from which a forward scan finds every line with a time at
/// or after `since`: every line before it is older than `since` (given the
/// writers' bounded jitter, [`MAX_JITTER_SECS`]).
pub fn seek_since(file: &File, since: Timestamp) -> io::Result<u64> {
    let end = file.metadata()?.len();
    seek_since_within(file, since, end)
}

/// [`seek_since`] over the first `end` bytes only: the offset returned is
/// at most `end`, and every line before it is older than `since` when those
/// bytes are in order.
pub fn seek_since_within(file: &File, since: Timestamp, end: u64) -> io::Result<u64> {
    let target = shifted(since, -MAX_JITTER_SECS);
    // Invariant: the line found from `lo` is older than target (or lo = 0).
    let (mut lo, mut hi) = (0u64, end);
    while hi - lo > 64 * 1024 {
        let mid = lo + (hi - lo) / 2;
        match first_time_after(file, mid, end)? {
            Some((t, _)) if t < target => lo = mid,
            _ => hi = mid,
        }
    }
    // Start at the first line that begins at or after lo (the line found from
    // lo is older than target, and so are all lines before it).
    if lo == 0 {
        return Ok(0);
    }
    match first_time_after(file, lo, end)? {
        Some((_, start)) => Ok(start),
        None => Ok(0),
    }
}

/// The time of the first line of a file with a readable time.
pub fn first_time(input: &Input) -> io::Result<Option<Timestamp>> {
    let mut r = io::BufReader::new(input.open()?);
    let mut line = Vec::new();
    for _ in 0..1000 {
        line.clear();
        let n = io::BufRead::read_until(&mut r, b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        if let Some(t) = line_time(&line) {
            return Ok(Some(t));
        }
    }
    Ok(None)
}

/// [`seek_since`] made exact whatever the order of the lines: the binary
/// search runs only inside the prefix known to be in order.
pub fn seek_since_exact(file: &File, since: Timestamp) -> io::Result<u64> {
    let len = file.metadata()?.len();
    seek_since_exact_in(file, since, len)
}

/// [`seek_since_exact`] over the first `len` bytes only.
pub fn seek_since_exact_in(file: &File, since: Timestamp, len: u64) -> io::Result<u64> {
    let order = order_of(file, len)?;
    Ok(seek_since_within(file, since, order.upto.min(len))?.min(len))
}
