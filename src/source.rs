//! Where events live and how they are read: file discovery with rotated
//! siblings, forward scans (parallel, bounded memory), backward reads for the
//! newest events, and a binary search on time.
//!
//! Every fast path here returns exactly what a plain forward scan returns;
//! `tests/fast_paths.rs` checks that on random files.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;

use crate::record::{parse_timestamp, MAX_READ_LINE};

/// Bytes handed to a worker at once.
pub const CHUNK: usize = 1 << 18;
/// The most a line's timestamp may lag behind the line before it (writers
/// take the time before they append). Binary search steps back this far.
pub const MAX_JITTER_SECS: i64 = 600;

/// One readable input: the current file or a rotated sibling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub gz: bool,
    /// From the name (`-YYYYMMDD`): the day it was rotated.
    pub rotated_on: Option<jiff::civil::Date>,
    /// From the name (`-YYYYMMDD-SECONDS`): when it was rotated.
    pub rotated_at: Option<Timestamp>,
}

/// Why an input was refused: it is not a regular file.
#[derive(Debug)]
pub struct NotRegular(pub &'static str);

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a regular file ({})", self.0)
    }
}

impl std::error::Error for NotRegular {}

/// Whether `e` says the input is not a regular file.
pub fn is_not_regular(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|i| i.is::<NotRegular>())
}

fn kind_name(ft: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_dir() {
        "a directory"
    } else if ft.is_fifo() {
        "a FIFO"
    } else if ft.is_char_device() {
        "a character device"
    } else if ft.is_block_device() {
        "a block device"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "not a plain file"
    }
}

/// Opens an input without ever waiting: `O_NONBLOCK|O_NOCTTY` (opening a
/// FIFO with no writer would block, a terminal would become ours), then
/// `fstat` on the descriptor and anything but a regular file is refused
/// before a byte is read (a FIFO hangs a read, `/dev/zero` never ends).
/// `O_NONBLOCK` is cleared again: it means nothing for regular files, but a
/// reader must not see `EAGAIN` if the kernel ever honours it.
pub fn open_regular(path: &Path) -> io::Result<File> {
    use nix::fcntl::{fcntl, FcntlArg, OFlag};
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_NOCTTY)
        .open(path)?;
    let ft = f.metadata()?.file_type();
    if !ft.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            NotRegular(kind_name(ft)),
        ));
    }
    if let Ok(bits) = fcntl(f.as_raw_fd(), FcntlArg::F_GETFL) {
        let flags = OFlag::from_bits_truncate(bits) & !OFlag::O_NONBLOCK;
        let _ = fcntl(f.as_raw_fd(), FcntlArg::F_SETFL(flags));
    }
    Ok(f)
}

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

/// Inputs skipped (not regular files) or found damaged during this run,
/// each reported once on stderr.
static TROUBLE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Reports an input that could not be read whole, once per path, and
/// remembers it for the exit code and the metrics gauge.
pub fn note_trouble(path: &Path, what: &str) {
    let Ok(mut seen) = TROUBLE.lock() else {
        return;
    };
    if seen.iter().any(|p| p == path) {
        return;
    }
    seen.push(path.to_path_buf());
    crate::say!(
        "ds01-events: {}: {what}",
        crate::output::escape::escape(&path.display().to_string())
    );
}

/// How many inputs could not be read whole so far.
pub fn trouble_count() -> usize {
    TROUBLE.lock().map(|s| s.len()).unwrap_or(0)
}

/// The exit code of a command that gave its answer: [`crate::exit::OK`], or
/// [`crate::exit::PARTIAL`] when an input was skipped or damaged.
pub fn answer_code() -> i32 {
    if trouble_count() > 0 {
        crate::exit::PARTIAL
    } else {
        crate::exit::OK
    }
}

/// The stderr text for a damaged archive.
pub fn damaged(e: &io::Error) -> String {
    format!("damaged archive ({e}); its events up to the damage were read, the other files in full (gzip -t checks it)")
}

/// The stderr text for a sibling that is not a regular file.
pub fn skipped(e: &io::Error) -> String {
    format!("skipped: {e}; only regular files are read (ls -l shows what it is; remove it)")
}

impl Input {
    pub fn plain(path: PathBuf) -> Input {
        let gz = path.extension().is_some_and(|e| e == "gz");
        Input {
            path,
            gz,
            rotated_on: None,
            rotated_at: None,
        }
    }

    /// A reader over the decompressed bytes.
    pub fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        let f = open_regular(&self.path)?;
        Ok(if self.gz {
            crate::decompress::gz_reader(f)
        } else {
            Box::new(f)
        })
    }
}

/// The rotated siblings of `current`, oldest first: `NAME.N[.gz]` by N
/// descending, then the dated ones by date then seconds:
/// `NAME-YYYYMMDD[.gz]` (dateext), `NAME-YYYYMMDD-SECONDS[.gz]`
/// (`dateformat -%Y%m%d-%s`, any number of rotations a day) and logrotate's
/// `.backup` of either form after the rotated file it follows.
pub fn rotated_siblings(current: &Path) -> Vec<Input> {
    let (Some(dir), Some(name)) = (current.parent(), current.file_name()) else {
        return Vec::new();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut dated = Vec::new();
    let mut numbered = Vec::new();
    for entry in entries.flatten() {
        let fname = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = fname.strip_prefix(name.as_ref()) else {
            continue;
        };
        let (stem, gz) = match rest.strip_suffix(".gz") {
            Some(s) => (s, true),
            None => (rest, false),
        };
        let path = dir.join(&fname);
        if let Some(d) = stem.strip_prefix('-') {
            if let Some((key, input)) = dated_name(d, path, gz) {
                dated.push((key, input));
            }
        } else if let Some(n) = stem.strip_prefix('.') {
            if let Ok(n) = n.parse::<u32>() {
                numbered.push((
                    n,
                    Input {
                        path,
                        gz,
                        rotated_on: None,
                        rotated_at: None,
                    },
                ));
            }
        }
    }
    dated.sort_by(|a, b| a.0.cmp(&b.0));
    numbered.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    // Numbered files predate dateext ones only if both exist; keep each
    // family in its own order, numbered first (older naming scheme).
    numbered
        .into_iter()
        .map(|(_, i)| i)
        .chain(dated.into_iter().map(|(_, i)| i))
        .collect()
}

/// Sort key of a dated sibling: date, seconds (none for the older
/// date-only form, which sorts first), backup after the file it follows.
type DatedKey = (jiff::civil::Date, Option<i64>, bool, String);

/// Reads `YYYYMMDD`, `YYYYMMDD-SECONDS`, `YYYYMMDDHH.backup` and
/// `YYYYMMDD-SECONDS.backup` (the part after `NAME-`, without `.gz`).
fn dated_name(d: &str, path: PathBuf, gz: bool) -> Option<(DatedKey, Input)> {
    let (d, backup) = match d.strip_suffix(".backup") {
        Some(b) => (b, true),
        None => (d, false),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (day, secs) = match d.split_once('-') {
        Some((day, secs)) if digits(secs) && secs.len() <= 12 => (day, secs.parse::<i64>().ok()),
        Some(_) => return None,
        // `-YYYYMMDDHH.backup`: the hour of the old form's backup.
        None if backup && d.len() == 10 && digits(d) => (&d[..8], None),
        None => (d, None),
    };
    if day.len() != 8 || !digits(day) {
        return None;
    }
    let date = jiff::civil::Date::strptime("%Y%m%d", day).ok()?;
    // Only a rotated file ends at its rotation time: a backup holds what a
    // writer appended after it.
    // Seconds that disagree with the date (a clock far off, a hand-made
    // name) are not trusted to bound the file: the date bounds it then.
    let noon = date
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_second() + 43_200);
    let rotated_at = secs
        .filter(|s| !backup && noon.is_some_and(|n| (s - n).abs() <= 36 * 3600))
        .and_then(|s| Timestamp::from_second(s).ok());
    let key = (
        date,
        secs,
        backup,
        path.file_name()?.to_string_lossy().into_owned(),
    );
    Some((
        key,
        Input {
            path,
            gz,
            rotated_on: Some(date),
            rotated_at,
        },
    ))
}

/// The name of a collector's per-host file inside each host directory.
pub const HOST_FILE: &str = "events.jsonl";

/// The environment variable naming a collector's hosts directory.
pub const HOSTS_DIR_ENV: &str = "DS01_EVENTS_HOSTS_DIR";

/// A collector's hosts: every directory of `dir` (rsyslog writes
/// `DIR/HOST/events.jsonl`), by name, with the path of its events file (which
/// may not exist yet, or only as rotated siblings). Names that are not UTF-8
/// are taken lossily; entries that are not directories are ignored.
pub fn host_dirs(dir: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let mut hosts = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        // Followed links count: an admin may link an old host's archive in.
        if !std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        hosts.push((name, entry.path().join(HOST_FILE)));
    }
    hosts.sort();
    Ok(hosts)
}

/// Which archives may hold events at or after `since`: by their name (a
/// file rotated on day D holds nothing after D's end; `-D-SECONDS` nothing
/// after those seconds) and by their modification time (nothing is
/// appended after rotation), whichever bounds them more.
pub fn archives_reaching(siblings: Vec<Input>, since: Option<Timestamp>) -> Vec<Input> {
    let Some(since) = since else {
        return siblings;
    };
    siblings
        .into_iter()
        .filter(|i| {
            let named = match (i.rotated_at, i.rotated_on) {
                (Some(t), _) => Some(shifted(t, MAX_JITTER_SECS)),
                (None, Some(d)) => d
                    .tomorrow()
                    .ok()
                    .and_then(|d| d.tomorrow().ok())
                    .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
                    .map(|z| z.timestamp()),
                (None, None) => None,
            };
            // Nothing is appended after rotation, and writers take the time
            // before they append: the last write bounds the file too (a
            // later compression only moves it later).
            let written = std::fs::metadata(&i.path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| Timestamp::try_from(t).ok())
                .map(|t| shifted(t, MAX_JITTER_SECS));
            let newest = match (named, written) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            newest.is_none_or(|n| n >= since)
        })
        .collect()
}

/// One chunk of whole lines.
pub struct Chunk {
    pub data: Vec<u8>,
    /// Index of this chunk in the stream (for ordering results).
    pub seq: u64,
    /// Lines skipped as too long just before this chunk.
    pub overlong: u64,
    /// Stream position (bytes from where the reader started) of `data[0]`.
    pub offset: u64,
    /// Stream position of the first of the `overlong` lines.
    pub overlong_offset: Option<u64>,
}

/// Splits a byte stream into chunks of whole lines, never holding more than
/// [`MAX_READ_LINE`] of one line: longer lines are skipped and counted.
pub struct Chunker<R> {
    reader: R,
    carry: Vec<u8>,
    seq: u64,
    skipping: bool,
    overlong: u64,
    done: bool,
    /// Stream position of the first byte not yet emitted or skipped.
    pos: u64,
    overlong_offset: Option<u64>,
}

impl<R: Read> Chunker<R> {
    pub fn new(reader: R) -> Self {
        Chunker {
            reader,
            carry: Vec::new(),
            seq: 0,
            skipping: false,
            overlong: 0,
            done: false,
            pos: 0,
            overlong_offset: None,
        }
    }

    /// The next chunk, or `None` at the end. A final line without a newline
    /// is handed over as a line of its own.
    pub fn next_chunk(&mut self) -> io::Result<Option<Chunk>> {
        while !self.done {
            let mut buf = std::mem::take(&mut self.carry);
            let start = buf.len();
            buf.resize(start + CHUNK, 0);
            let n = loop {
                match self.reader.read(&mut buf[start..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    r => break r?,
                }
            };
            buf.truncate(start + n);
            if n == 0 {
                self.done = true;
                if self.skipping || buf.is_empty() {
                    self.skipping = false;
                    break;
                }
                return Ok(Some(self.emit(buf)));
            }
            if self.skipping {
                match memchr::memchr(b'\n', &buf[start..]) {
                    Some(p) => {
                        self.skipping = false;
                        self.pos += (start + p + 1) as u64;
                        buf.drain(..start + p + 1);
                    }
                    None => {
                        self.pos += buf.len() as u64;
                        continue;
                    }
                }
            }
            match memchr::memrchr(b'\n', &buf) {
                Some(p) => {
                    self.carry = buf.split_off(p + 1);
                    let chunk = self.emit(buf);
                    if self.carry.len() > MAX_READ_LINE {
                        self.overlong_offset.get_or_insert(self.pos);
                        self.pos += self.carry.len() as u64;
                        self.carry.clear();
                        self.skipping = true;
                        self.overlong += 1;
                    }
                    return Ok(Some(chunk));
                }
                None if buf.len() > MAX_READ_LINE => {
                    self.overlong_offset.get_or_insert(self.pos);
                    self.pos += buf.len() as u64;
                    self.skipping = true;
                    self.overlong += 1;
                }
                None => self.carry = buf,
            }
        }
        if self.overlong > 0 {
            return Ok(Some(self.emit(Vec::new())));
        }
        Ok(None)
    }

    fn emit(&mut self, data: Vec<u8>) -> Chunk {
        let c = Chunk {
            offset: self.pos,
            seq: self.seq,
            overlong: std::mem::take(&mut self.overlong),
            overlong_offset: self.overlong_offset.take(),
            data,
        };
        self.pos += c.data.len() as u64;
        self.seq += 1;
        c
    }
}

/// The lines of a chunk (without newlines).
pub fn lines(data: &[u8]) -> Lines<'_> {
    Lines {
        rest: (!data.is_empty()).then(|| data.strip_suffix(b"\n").unwrap_or(data)),
    }
}

/// Lines found with memchr (a vector search), not byte by byte.
pub struct Lines<'a> {
    rest: Option<&'a [u8]>,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        let rest = self.rest?;
        match memchr::memchr(b'\n', rest) {
            Some(p) => {
                self.rest = Some(&rest[p + 1..]);
                Some(&rest[..p])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// Scans running side by side (merged streams): each gets its share.
static SCANS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);

/// How many worker threads a scan uses.
pub fn worker_count() -> usize {
    let scans = SCANS.load(std::sync::atomic::Ordering::Relaxed).max(1);
    (std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4)
        / scans)
        .max(1)
}

/// While the guard lives, `n` scans share the cores (and memory in flight).
pub fn share_workers(n: usize) -> impl Drop {
    struct Guard(usize);
    impl Drop for Guard {
        fn drop(&mut self) {
            SCANS.store(self.0, std::sync::atomic::Ordering::Relaxed);
        }
    }
    Guard(SCANS.swap(n.max(1), std::sync::atomic::Ordering::Relaxed))
}

/// Whether the consumer wants more.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Flow {
    More,
    Stop,
}

/// Reads `reader` in chunks, maps each chunk with `work` on several threads,
/// and hands the results to `consume` in stream order. Memory stays bounded
/// by a few chunks in flight.
pub fn parallel_scan<R, T, W, C>(reader: R, work: W, mut consume: C) -> io::Result<()>
where
    R: Read + Send,
    T: Send,
    W: Fn(&Chunk) -> T + Sync,
    C: FnMut(T) -> Flow,
{
    let workers = worker_count();
    let mut chunker = Chunker::new(reader);
    if workers == 1 {
        while let Some(c) = chunker.next_chunk()? {
            if consume(work(&c)) == Flow::Stop {
                break;
            }
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        let (chunk_tx, chunk_rx) = sync_channel::<Chunk>(workers);
        let (result_tx, result_rx) = sync_channel::<(u64, T)>(workers * 2);
        let chunk_rx: Arc<Mutex<Receiver<Chunk>>> = Arc::new(Mutex::new(chunk_rx));
        let reader_thread = scope.spawn(move || -> io::Result<()> {
            while let Some(c) = chunker.next_chunk()? {
                if chunk_tx.send(c).is_err() {
                    break;
                }
            }
            Ok(())
        });
        for _ in 0..workers {
            let rx = Arc::clone(&chunk_rx);
            let tx = result_tx.clone();
            let work = &work;
            scope.spawn(move || loop {
                let next = rx.lock().map(|r| r.recv());
                let Ok(Ok(chunk)) = next else { break };
                if tx.send((chunk.seq, work(&chunk))).is_err() {
                    break;
                }
            });
        }
        drop(result_tx);
        let mut pending = std::collections::BTreeMap::new();
        let mut next = 0u64;
        let mut stopped = false;
        for (seq, result) in result_rx.iter() {
            if stopped {
                continue;
            }
            pending.insert(seq, result);
            while let Some(r) = pending.remove(&next) {
                next += 1;
                if consume(r) == Flow::Stop {
                    stopped = true;
                    pending.clear();
                    break;
                }
            }
            if stopped {
                // Unblock the reader and workers: drop what is queued.
                if let Ok(rx) = chunk_rx.lock() {
                    while rx.try_recv().is_ok() {}
                }
            }
        }
        drop(chunk_rx);
        reader_thread.join().unwrap_or(Ok(()))
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

// ------------------------------------------------------- order checking

/// What is known of the order of a plain file's lines: bytes `[0, upto)`
/// are in time order within [`MAX_JITTER_SECS`] (no line is older than an
/// earlier line by more than that). The binary search and the `--until`
/// early stop are exact inside that prefix only; past it (a line dated a
/// year ahead, a host whose clock is hours slow) the file is read line by
/// line, so every fast path returns what a plain scan returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Order {
    /// End of the prefix known to be in order (a line start).
    pub upto: u64,
    /// Whether that prefix is the whole file as it was checked.
    pub whole: bool,
}

/// One remembered check: the file, how far it was read, the newest time in
/// that prefix and the bytes just before its end (to see it is the same
/// file, only appended to).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Checked {
    dev: u64,
    ino: u64,
    /// Bytes examined (whole lines).
    len: u64,
    /// Start of the first line out of order, if one was found.
    disorder: Option<u64>,
    /// The newest time in `[0, len)`, microseconds.
    newest: Option<i64>,
    /// See [`fingerprint_at`].
    fingerprint: u64,
}

const FINGERPRINT_BYTES: u64 = 256;

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// The file's first 4 KiB (another file that got the same inode starts
/// differently) and the bytes just before `len` (the same file, appended).
fn fingerprint_at(file: &File, len: u64) -> io::Result<u64> {
    let mut head = vec![0u8; len.min(4096) as usize];
    file.read_exact_at(&mut head, 0)?;
    let from = len.saturating_sub(FINGERPRINT_BYTES);
    let mut tail = vec![0u8; (len - from) as usize];
    file.read_exact_at(&mut tail, from)?;
    Ok(fnv(&head).rotate_left(17) ^ fnv(&tail) ^ len)
}

/// Where checks are remembered between runs: a file of the user's own
/// cache directory (`$XDG_CACHE_HOME` or `~/.cache`), so that an appended
/// file is checked only in its new part. Without one, every run checks the
/// whole file (exact, slower).
fn order_cache_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| Path::new(d).is_absolute())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|d| Path::new(d).is_absolute())
                .map(|h| PathBuf::from(h).join(".cache"))
        })?;
    // Only a directory of our own, never through a link: root (sudo keeps
    // a user's HOME) must not write where another user points it.
    use std::os::unix::fs::MetadataExt;
    let me = nix::unistd::geteuid().as_raw();
    let _ = std::fs::DirBuilder::new().mode(0o700).create(&base);
    if std::fs::metadata(&base).ok()?.uid() != me {
        return None;
    }
    let dir = base.join("ds01-events");
    let _ = std::fs::DirBuilder::new().mode(0o700).create(&dir);
    let m = std::fs::symlink_metadata(&dir).ok()?;
    if !m.is_dir() || m.uid() != me || m.mode() & 0o022 != 0 {
        return None;
    }
    Some(dir.join("order-v1"))
}

fn load_checks(path: &Path) -> Vec<Checked> {
    let Ok(f) = open_regular(path) else {
        return Vec::new();
    };
    let mut text = String::new();
    if f.take(1 << 16).read_to_string(&mut text).is_err() {
        return Vec::new();
    }
    text.lines()
        .filter_map(|l| {
            let v: Vec<&str> = l.split(' ').collect();
            let [dev, ino, len, disorder, newest, fp] = v[..] else {
                return None;
            };
            let opt = |s: &str| -> Option<Option<i64>> {
                if s == "-" {
                    Some(None)
                } else {
                    s.parse().ok().map(Some)
                }
            };
            Some(Checked {
                dev: dev.parse().ok()?,
                ino: ino.parse().ok()?,
                len: len.parse().ok()?,
                disorder: opt(disorder)?.map(|d| d as u64),
                newest: opt(newest)?,
                fingerprint: u64::from_str_radix(fp, 16).ok()?,
            })
        })
        .collect()
}

fn save_checks(path: &Path, checks: &[Checked]) {
    let Some(dir) = path.parent() else { return };
    let mut text = String::new();
    for c in checks.iter().rev().take(32).rev() {
        let d = c.disorder.map_or("-".to_string(), |d| d.to_string());
        let n = c.newest.map_or("-".to_string(), |n| n.to_string());
        text += &format!(
            "{} {} {} {d} {n} {:x}\n",
            c.dev, c.ino, c.len, c.fingerprint
        );
    }
    // A new file (never through a link), renamed over the old one.
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = dir.join(format!(".order.{}.{nanos}", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(nix::libc::O_NOFOLLOW)
        .open(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if written.is_err() || std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// The time order of `file` (a plain file of `len` bytes), checked from
/// where a remembered check of the same file stopped.
pub fn order_of(file: &File, len: u64) -> io::Result<Order> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata()?;
    let (dev, ino) = (meta.dev(), meta.ino());
    let cache = order_cache_path();
    let mut checks = cache.as_deref().map(load_checks).unwrap_or_default();
    let known = checks
        .iter()
        .position(|c| c.dev == dev && c.ino == ino)
        .map(|i| checks.remove(i))
        .filter(|c| c.len <= len && fingerprint_at(file, c.len).is_ok_and(|f| f == c.fingerprint));
    let mut check = known.unwrap_or(Checked {
        dev,
        ino,
        len: 0,
        disorder: None,
        newest: None,
        fingerprint: 0,
    });
    let before = check.clone();
    if check.disorder.is_none() && check.len < len {
        extend_check(file, len, &mut check)?;
    }
    if check != before {
        if let Some(path) = cache.as_deref() {
            checks.push(check.clone());
            save_checks(path, &checks);
        }
    }
    Ok(match check.disorder {
        Some(d) => Order {
            upto: d,
            whole: false,
        },
        None => Order {
            upto: check.len,
            whole: check.len >= len,
        },
    })
}

/// Reads `[check.len, len)` line by line (only the times, on every core),
/// moving `check` forward until the first line out of order.
fn extend_check(file: &File, len: u64, check: &mut Checked) -> io::Result<()> {
    let start = check.len;
    let mut reader = file.try_clone()?;
    reader.seek(SeekFrom::Start(start))?;
    let reader = reader.take(len - start);
    let mut newest = check.newest;
    let mut disorder = None;
    let mut end = start;
    let jitter = MAX_JITTER_SECS * 1_000_000;
    parallel_scan(
        reader,
        |c| {
            // Whole lines only: a last line without its newline (a write
            // under way) is examined by a later run.
            let whole = memchr::memrchr(b'\n', &c.data).map_or(0, |p| p + 1);
            let data = &c.data[..whole];
            let mut times = Vec::new();
            for line in lines(data) {
                if let Some(t) = line_time(line) {
                    let at = c.offset + (line.as_ptr() as usize - data.as_ptr() as usize) as u64;
                    times.push((at, t.as_microsecond()));
                }
            }
            (times, c.offset + whole as u64)
        },
        |(times, upto)| {
            for (at, t) in times {
                if newest.is_some_and(|n| t + jitter < n) {
                    disorder = Some(start + at);
                    return Flow::Stop;
                }
                newest = Some(newest.map_or(t, |n| n.max(t)));
            }
            end = end.max(start + upto);
            Flow::More
        },
    )?;
    match disorder {
        Some(d) => {
            check.disorder = Some(d);
            check.len = d;
        }
        None => check.len = end,
    }
    check.newest = newest;
    check.fingerprint = fingerprint_at(file, check.len)?;
    Ok(())
}

/// [`seek_since`] made exact whatever the order of the lines: the binary
/// search runs only inside the prefix known to be in order.
pub fn seek_since_exact(file: &File, since: Timestamp) -> io::Result<u64> {
    let len = file.metadata()?.len();
    let order = order_of(file, len)?;
    seek_since_within(file, since, order.upto)
}

/// What `doctor` says of the order of a file's lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Disorder {
    /// Lines with a readable time.
    pub timed: u64,
    /// Lines older than an earlier (not future) line by more than
    /// [`MAX_JITTER_SECS`].
    pub out_of_order: u64,
    /// 1-based line number of the first of them.
    pub first_out_of_order: Option<u64>,
    /// Lines dated more than [`MAX_JITTER_SECS`] after `now`.
    pub future: u64,
    /// 1-based line number of the first of them.
    pub first_future: Option<u64>,
    /// The newest time not in the future: how fresh the log really is.
    pub newest: Option<Timestamp>,
}

/// Reads every line's time of `path` (on every core) and counts the lines
/// out of order beyond the writers' tolerance and the lines dated in the
/// future; future lines count for neither the order nor the freshness, so
/// one line dated 2099 cannot make a silent log look current.
pub fn disorder(path: &Path, now: Timestamp) -> io::Result<Disorder> {
    let file = open_regular(path)?;
    let horizon = shifted(now, MAX_JITTER_SECS).as_microsecond();
    let jitter = MAX_JITTER_SECS * 1_000_000;
    let mut d = Disorder::default();
    let mut lines_before = 0u64;
    let mut newest: Option<i64> = None;
    parallel_scan(
        file,
        |c| {
            let mut times = Vec::new();
            let mut n = c.overlong;
            for line in lines(&c.data) {
                n += 1;
                if let Some(t) = line_time(line) {
                    times.push((n, t.as_microsecond()));
                }
            }
            (times, n)
        },
        |(times, n)| {
            for (i, t) in times {
                let at = lines_before + i;
                d.timed += 1;
                if t > horizon {
                    d.future += 1;
                    d.first_future.get_or_insert(at);
                    continue;
                }
                if newest.is_some_and(|m| t + jitter < m) {
                    d.out_of_order += 1;
                    d.first_out_of_order.get_or_insert(at);
                }
                newest = Some(newest.map_or(t, |m| m.max(t)));
            }
            lines_before += n;
            Flow::More
        },
    )?;
    d.newest = newest.and_then(|m| Timestamp::from_microsecond(m).ok());
    Ok(d)
}

/// Opens a plain file positioned at `offset`.
pub fn open_at(path: &Path, offset: u64) -> io::Result<File> {
    let mut f = open_regular(path)?;
    f.seek(SeekFrom::Start(offset))?;
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn chunks_of(data: &[u8]) -> Vec<Vec<u8>> {
        let mut c = Chunker::new(data);
        let mut out = Vec::new();
        while let Some(ch) = c.next_chunk().unwrap() {
            for l in lines(&ch.data) {
                out.push(l.to_vec());
            }
        }
        out
    }

    #[test]
    fn chunker_lines() {
        assert_eq!(
            chunks_of(b"a\nb\nc"),
            vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]
        );
        assert_eq!(
            chunks_of(b"a\n\nb\n"),
            vec![b"a".to_vec(), b"".to_vec(), b"b".to_vec()]
        );
        let mut big = b"x\n".to_vec();
        big.extend(std::iter::repeat_n(b'y', 3 * MAX_READ_LINE));
        big.extend(b"\nz\n");
        assert_eq!(chunks_of(&big), vec![b"x".to_vec(), b"z".to_vec()]);
    }

    #[test]
    fn chunk_offsets_are_stream_positions() {
        let mut data = Vec::new();
        for i in 0..100_000 {
            data.extend(format!("line {i}\n").as_bytes());
        }
        data.extend(std::iter::repeat_n(b'y', 2 * MAX_READ_LINE));
        data.extend(b"\nafter\n");
        let mut c = Chunker::new(&data[..]);
        while let Some(ch) = c.next_chunk().unwrap() {
            for l in lines(&ch.data) {
                let at = ch.offset as usize + (l.as_ptr() as usize - ch.data.as_ptr() as usize);
                assert_eq!(&data[at..at + l.len()], l);
            }
        }
    }

    #[test]
    fn backward_matches_forward() {
        let mut f = tempfile::tempfile().unwrap();
        let mut data = Vec::new();
        for i in 0..20000 {
            writeln!(data, "line {i} {}", "p".repeat(i % 97)).unwrap();
        }
        data.extend(b"last no newline");
        f.write_all(&data).unwrap();
        let mut back = Vec::new();
        scan_backward(&f, data.len() as u64, |l, _, _| {
            back.push(l.to_vec());
            Flow::More
        })
        .unwrap();
        back.reverse();
        let fwd: Vec<Vec<u8>> = chunks_of(&data);
        assert_eq!(back, fwd);
    }

    #[test]
    fn shifted_clamps() {
        assert_eq!(shifted(Timestamp::MAX, 600), Timestamp::MAX);
        assert_eq!(shifted(Timestamp::MIN, -600), Timestamp::MIN);
        assert_eq!(
            shifted(Timestamp::UNIX_EPOCH, 60),
            Timestamp::from_second(60).unwrap()
        );
    }

    #[test]
    fn sibling_order() {
        let d = tempfile::tempdir().unwrap();
        for n in [
            "events.jsonl",
            "events.jsonl-20260102.gz",
            "events.jsonl-20260101.gz",
            "events.jsonl-20260103",
            "events.jsonl.1",
            "events.jsonl.2.gz",
            "events.jsonl-2026010214.backup",
            "other.jsonl-20260101",
            "events.jsonl-20260103-1767441600.gz",
            "events.jsonl-20260103-1767400000",
            "events.jsonl-20260104-1767528000.backup",
            "events.jsonl-20260104-1767528000",
            "events.jsonl-2026010x",
            "events.jsonl-20260104-x",
        ] {
            std::fs::write(d.path().join(n), "").unwrap();
        }
        let names: Vec<String> = rotated_siblings(&d.path().join("events.jsonl"))
            .iter()
            .map(|i| i.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "events.jsonl.2.gz",
                "events.jsonl.1",
                "events.jsonl-20260101.gz",
                "events.jsonl-20260102.gz",
                "events.jsonl-2026010214.backup",
                "events.jsonl-20260103",
                "events.jsonl-20260103-1767400000",
                "events.jsonl-20260103-1767441600.gz",
                "events.jsonl-20260104-1767528000",
                "events.jsonl-20260104-1767528000.backup",
            ]
        );
    }
}
