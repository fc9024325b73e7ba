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

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use notify::Watcher;

use super::query::{self, QueryOptions};
use crate::cli::OutputFormat;
use crate::engine::{self, classify, Class, Flow, Input, Item, Request, Stats, Stream};
use crate::event::MAX_READ_LINE;
use crate::exit::{self, Failure};
use crate::filter::Filter;
use crate::output::escape::escape;
use crate::output::{self, Match, Style};

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

/// Set by SIGINT and SIGTERM.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: nix::libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

fn install_signal_handlers() {
    use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
    let act = SigAction::new(
        SigHandler::Handler(on_signal),
        // No SA_RESTART: a blocking call returns EINTR and the loop sees
        // the flag, so SIGINT and SIGTERM end every wait.
        SaFlags::empty(),
        SigSet::empty(),
    );
    for sig in [Signal::SIGINT, Signal::SIGTERM] {
        // SAFETY: the handler only stores to an atomic (async-signal-safe).
        let _ = unsafe { sigaction(sig, &act) };
    }
}

fn stopped() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Whether the reader of stdout went away (a pipe with no reader reports
/// POLLERR, a hung-up terminal POLLHUP), checked without writing.
fn reader_gone() -> bool {
    use nix::libc::{poll, pollfd, POLLERR, POLLHUP};
    let mut p = pollfd {
        fd: 1,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    let n = unsafe { poll(&mut p, 1, 0) };
    n > 0 && p.revents & (POLLERR | POLLHUP) != 0
}

/// Why following ended early.
enum Halt {
    Signal,
    Write(io::Error),
    Read(PathBuf, io::Error),
    Fail(Failure),
}

type Id = (u64, u64);

fn id_of(m: &std::fs::Metadata) -> Id {
    (m.dev(), m.ino())
}

/// Malformed lines seen while following.
#[derive(Default)]
struct Bad {
    count: u64,
    /// The file (by identity) and byte offset of the first.
    first: Option<(Id, u64)>,
}

impl Bad {
    fn note(&mut self, id: Id, offset: u64) {
        self.count += 1;
        self.first.get_or_insert((id, offset));
    }
}

// ------------------------------------------------------------------ output

/// Follow cannot see its rows ahead: TIME, TYPE, USER, CONTAINER get these
/// widths (at least the header's), fitted to the terminal like a query's.
const TABLE_WIDTHS: [usize; 4] = [19, 24, 12, 24];

/// Writes events one by one, flushed after each: nothing waits in a buffer.
/// The table and CSV rows come from the query's own row formatter and CSV
/// writer, so they match a query's and line up under the header.
struct Live<'a> {
    style: Style,
    render: Option<engine::Renderer>,
    table: Option<crate::output::table::Layout>,
    csv: Option<crate::output::csv::CsvLayout>,
    /// Shared by the followers of a hosts directory (one per host).
    out: std::rc::Rc<std::cell::RefCell<Box<dyn Write + 'a>>>,
    header_done: std::rc::Rc<std::cell::Cell<bool>>,
    buf: Vec<u8>,
}

impl<'a> Live<'a> {
    fn new(style: Style, out: Box<dyn Write + 'a>) -> Self {
        let table = (style.format == OutputFormat::Table).then(|| {
            let mut widths = TABLE_WIDTHS.to_vec();
            // `--utc` times end in `Z`.
            widths[0] += usize::from(style.utc);
            crate::output::table::Layout::fixed(
                &style,
                widths,
                style.tty.then(crate::output::table::terminal_width),
            )
        });
        let csv = match style.format {
            OutputFormat::Csv => Some(crate::output::csv::CsvLayout::of(&[], false)),
            OutputFormat::CsvBare => Some(crate::output::csv::CsvLayout::of(&[], true)),
            _ => None,
        };
        Live {
            render: output::renderer(&style),
            table,
            csv,
            style,
            out: std::rc::Rc::new(std::cell::RefCell::new(out)),
            header_done: std::rc::Rc::new(std::cell::Cell::new(false)),
            buf: Vec::with_capacity(1024),
        }
    }

    /// Another writer to the same output, with the same header.
    fn share(&self) -> Live<'a> {
        Live {
            style: self.style.clone(),
            render: self.render.clone(),
            table: self.table.clone(),
            csv: self.csv.clone(),
            out: self.out.clone(),
            header_done: self.header_done.clone(),
            buf: Vec::with_capacity(1024),
        }
    }

    /// Writes one event; `flush` sends it on at once.
    fn write(&mut self, m: &Match, flush: bool) -> io::Result<()> {
        self.buf.clear();
        if !self.header_done.get() {
            self.header_done.set(true);
            if let Some(t) = &self.table {
                t.render_header(&mut self.buf);
            }
            if let Some(c) = &self.csv {
                c.render_header(&mut self.buf);
            }
        }
        if let Some(render) = &self.render {
            render(&m.event, &m.raw, &mut self.buf);
        } else if let Some(t) = &self.table {
            t.render_event(&m.event, &self.style, &mut self.buf);
        } else if let Some(c) = &self.csv {
            c.render_event(&m.event, &mut self.buf);
        }
        let mut out = self.out.borrow_mut();
        out.write_all(&self.buf)?;
        if flush {
            out.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.borrow_mut().flush()
    }
}

// ---------------------------------------------------------- reading a file

/// Takes each line read (`None`: one too long to hold) and its offset.
type LineFn<'f> = dyn FnMut(Option<&[u8]>, u64) -> Result<(), Halt> + 'f;

/// What a read found at its end.
enum Pumped {
    Eof,
    /// The bytes before our position changed: the file was truncated.
    Truncated,
}

/// One open file being followed.
struct Tracked {
    file: File,
    id: Id,
    /// Where the next unread line starts.
    pos: u64,
    /// The bytes just before `pos` (at most [`FINGERPRINT`]): if they are no
    /// longer there, the file was truncated (and maybe written again).
    tail: Vec<u8>,
    /// The first bytes of the file, once read.
    head: Option<Vec<u8>>,
    /// Inside a line longer than [`MAX_READ_LINE`]: skip to its newline.
    skipping: bool,
    /// Bytes of an unfinished last line wait after `pos`.
    partial: bool,
}

/// Reads into `buf` at `offset` until it is full or the file ends.
fn read_full_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read_at(&mut buf[n..], offset + n as u64) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn read_range(file: &File, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; len];
    let n = read_full_at(file, &mut buf, offset)?;
    buf.truncate(n);
    Ok(buf)
}

impl Tracked {
    fn open(path: &Path) -> io::Result<Tracked> {
        // Never waits: a FIFO or device put in the file's place is refused.
        let file = engine::open_regular(path)?;
        let id = id_of(&file.metadata()?);
        Ok(Tracked {
            file,
            id,
            pos: 0,
            tail: Vec::new(),
            head: None,
            skipping: false,
            partial: false,
        })
    }

    /// Starts reading at `pos` (the start of a line).
    fn set_pos(&mut self, pos: u64) -> io::Result<()> {
        let back = (pos as usize).min(FINGERPRINT);
        self.tail = read_range(&self.file, pos - back as u64, back)?;
        self.pos = pos;
        self.head = None;
        self.capture_head()
    }

    fn capture_head(&mut self) -> io::Result<()> {
        if self.head.is_none() && self.pos > 0 {
            let len = (self.pos as usize).min(HEAD);
            self.head = Some(read_range(&self.file, 0, len)?);
        }
        Ok(())
    }

    /// Back to the top of the file (after a truncation).
    fn restart(&mut self) {
        self.pos = 0;
        self.tail.clear();
        self.head = None;
        self.skipping = false;
        self.partial = false;
    }

    /// Hands every complete line from `pos` to the end of the file to
    /// `each` (the line, or `None` for one too long to hold, and its offset).
    fn pump(&mut self, each: &mut LineFn<'_>) -> Result<Pumped, Halt> {
        let mut buf = Vec::new();
        let mut want = BLOCK;
        loop {
            let back = self.tail.len();
            buf.resize(back + want, 0);
            let start = self.pos - back as u64;
            let n = read_full_at(&self.file, &mut buf, start)
                .map_err(|e| Halt::Read(PathBuf::new(), e))?;
            // The bytes before our position are read in the same call as
            // the new ones: a truncation in between shows here.
            if n < back || buf[..back] != self.tail[..] {
                return Ok(Pumped::Truncated);
            }
            let data = &buf[back..n];
            if data.is_empty() {
                self.partial = false;
                return Ok(Pumped::Eof);
            }
            let mut used = 0;
            if self.skipping {
                match memchr::memchr(b'\n', data) {
                    Some(p) => {
                        used = p + 1;
                        self.skipping = false;
                    }
                    None => used = data.len(),
                }
            }
            while let Some(p) = memchr::memchr(b'\n', &data[used..]) {
                each(Some(&data[used..used + p]), self.pos + used as u64)?;
                used += p + 1;
            }
            let rest = data.len() - used;
            if rest > MAX_READ_LINE {
                each(None, self.pos + used as u64)?;
                used = data.len();
                self.skipping = true;
            }
            self.partial = used < data.len();
            let end = back + used;
            let keep = end.min(FINGERPRINT);
            self.tail = buf[end - keep..end].to_vec();
            self.pos += used as u64;
            self.capture_head()
                .map_err(|e| Halt::Read(PathBuf::new(), e))?;
            if n < buf.len() {
                return Ok(Pumped::Eof);
            }
            // A full buffer: more to read. Without a newline in it, the
            // unfinished line needs a bigger one.
            want = if used == 0 {
                (want * 2).min(MAX_READ_LINE + 1)
            } else {
                BLOCK.max(rest + BLOCK)
            };
        }
    }
}

/// Where the last complete line of the first `size` bytes ends (0 when
/// none), and whether an over-long unfinished line follows it.
fn last_line_end(file: &File, size: u64) -> io::Result<(u64, bool)> {
    let mut end = size;
    while end > 0 {
        let start = end.saturating_sub(BLOCK as u64);
        let block = read_range(file, start, (end - start) as usize)?;
        if let Some(p) = memchr::memrchr(b'\n', &block) {
            return Ok((start + p as u64 + 1, false));
        }
        end = start;
        if size - end > MAX_READ_LINE as u64 {
            return Ok((size, true));
        }
    }
    Ok((0, false))
}

// ---------------------------------------------------------------- follower

struct Follower<'a> {
    path: PathBuf,
    /// The host directory's name, with --hosts-dir.
    host: Option<std::sync::Arc<str>>,
    filter: Filter,
    live: Live<'a>,
    bad: Bad,
    current: Option<Tracked>,
    /// Files rotated away by rename, still read for late appends.
    retired: Vec<(Tracked, Instant)>,
    said_waiting: bool,
}

impl Follower<'_> {
    fn handle(&mut self, line: Option<&[u8]>, offset: u64, id: Id) -> Result<(), Halt> {
        handle_line(
            &self.filter,
            &mut self.live,
            &mut self.bad,
            (line, self.host.as_ref()),
            offset,
            id,
        )
    }

    /// Looks at the path and reads whatever is new.
    fn step(&mut self) -> Result<(), Halt> {
        let at_path = match std::fs::metadata(&self.path) {
            Ok(m) => Some(id_of(&m)),
            Err(_) => None,
        };
        match (self.current.as_ref().map(|t| t.id), at_path) {
            (Some(cur), Some(new)) if cur != new => {
                // Rotated: the rest of the old file first, then the new one.
                if let Some(mut old) = self.current.take() {
                    self.drain(&mut old)?;
                    self.retired.push((old, Instant::now() + RETIRE_GRACE));
                }
                self.open_current()?;
            }
            (Some(_), _) => {
                // Same file, or renamed/deleted with nothing new at the path
                // yet: keep reading the descriptor.
                if let Some(mut t) = self.current.take() {
                    let r = self.drain(&mut t);
                    self.current = Some(t);
                    r?;
                }
            }
            (None, Some(_)) => self.open_current()?,
            (None, None) => {
                if !self.said_waiting {
                    self.said_waiting = true;
                    crate::say!(
                        "ds01-events: waiting for {} to appear",
                        escape(&self.path.display().to_string())
                    );
                }
            }
        }
        let now = Instant::now();
        let mut retired = std::mem::take(&mut self.retired);
        let mut result = Ok(());
        for (t, _) in retired.iter_mut() {
            result = self.drain(t);
            if result.is_err() {
                break;
            }
        }
        for (t, deadline) in retired {
            if deadline > now {
                self.retired.push((t, deadline));
            } else if t.partial {
                // An unfinished line that will never be finished.
                self.bad.note(t.id, t.pos);
            }
        }
        result
    }

    /// Opens the file now at the path, read from its start.
    fn open_current(&mut self) -> Result<(), Halt> {
        match Tracked::open(&self.path) {
            Ok(mut t) => {
                let r = self.drain(&mut t);
                self.current = Some(t);
                r
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Halt::Fail(cannot_read(&self.path, &e))),
        }
    }

    /// Reads `t` to its end, recovering from truncations.
    fn drain(&mut self, t: &mut Tracked) -> Result<(), Halt> {
        loop {
            let id = t.id;
            let r = t.pump(&mut |line, offset| self.handle(line, offset, id));
            match r.map_err(|h| self.with_path(h))? {
                Pumped::Eof => return Ok(()),
                Pumped::Truncated => {
                    self.read_copy(t)?;
                    t.restart();
                }
            }
        }
    }

    fn with_path(&self, h: Halt) -> Halt {
        match h {
            Halt::Read(p, e) if p.as_os_str().is_empty() => Halt::Read(self.path.clone(), e),
            h => h,
        }
    }

    /// After a truncation: reads what we had not read yet of the old content
    /// from its copy (copytruncate), if a sibling holds the same bytes at
    /// our position.
    fn read_copy(&mut self, t: &Tracked) -> Result<(), Halt> {
        if t.pos == 0 || t.tail.is_empty() {
            return Ok(());
        }
        let mut found: Vec<(SystemTime, File, Id)> = Vec::new();
        for input in engine::rotated_siblings(&self.path) {
            if input.gz {
                continue;
            }
            let Ok(file) = engine::open_regular(&input.path) else {
                continue;
            };
            let Ok(meta) = file.metadata() else { continue };
            if id_of(&meta) == t.id || meta.len() < t.pos {
                continue;
            }
            let mtime = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            found.push((mtime, file, id_of(&meta)));
        }
        found.sort_by_key(|f| std::cmp::Reverse(f.0));
        for (_, file, id) in found.into_iter().take(8) {
            let back = t.tail.len() as u64;
            let same_tail =
                read_range(&file, t.pos - back, t.tail.len()).is_ok_and(|b| b == t.tail);
            let same_head = match &t.head {
                Some(h) => read_range(&file, 0, h.len()).is_ok_and(|b| &b == h),
                None => true,
            };
            if !(same_tail && same_head) {
                continue;
            }
            let mut copy = Tracked {
                file,
                id,
                pos: t.pos,
                tail: t.tail.clone(),
                head: t.head.clone(),
                skipping: t.skipping,
                partial: false,
            };
            let r = copy.pump(&mut |line, offset| self.handle(line, offset, id));
            r.map_err(|h| self.with_path(h))?;
            return Ok(());
        }
        Ok(())
    }
}

fn handle_line(
    filter: &Filter,
    live: &mut Live<'_>,
    bad: &mut Bad,
    (line, host): (Option<&[u8]>, Option<&std::sync::Arc<str>>),
    offset: u64,
    id: Id,
) -> Result<(), Halt> {
    if stopped() {
        return Err(Halt::Signal);
    }
    let Some(line) = line else {
        bad.note(id, offset);
        return Ok(());
    };
    match classify(filter, line) {
        Class::Skip => Ok(()),
        Class::Malformed => {
            bad.note(id, offset);
            Ok(())
        }
        Class::Match(mut m) => {
            m.event.host = host.cloned();
            live.write(&m, true).map_err(Halt::Write)
        }
    }
}

fn cannot_read(path: &Path, e: &io::Error) -> Failure {
    engine::cannot_read(path, e)
}

// ------------------------------------------------------------ first screen

/// Keeps the newest `n` matches.
fn keep(ring: &mut VecDeque<Match>, m: Match, n: usize) {
    if ring.len() == n {
        ring.pop_front();
    }
    if n > 0 {
        ring.push_back(m);
    }
}

/// The newest matches before following: the archives the request names
/// through the query engine, the current file from our own descriptor up
/// to `end` (so that following starts exactly where this stops).
fn first_screen(
    f: &mut Follower<'_>,
    req: &Request,
    stream: &Stream,
    stats: &mut Stats,
    mut collect: Option<&mut Vec<Match>>,
) -> Result<(), Halt> {
    let limit = req.limit;
    let collected_before = collect.as_ref().map_or(0, |c| c.len());
    let mut ring: VecDeque<Match> = VecDeque::new();
    let archives: Vec<Input> = stream
        .inputs
        .iter()
        .filter(|i| i.path != stream.current)
        .cloned()
        .collect();
    if !archives.is_empty() {
        let astream = Stream {
            current: stream.current.clone(),
            inputs: archives,
            host: stream.host.clone(),
        };
        let astream = engine::check_readable(&astream).map_err(Halt::Fail)?;
        let areq = Request {
            streams: astream.into_iter().collect(),
            render: None,
            reverse: false,
            reverse_stream: false,
            ..req.clone()
        };
        let mut halt = None;
        let live = &mut f.live;
        let collect = &mut collect;
        let r = engine::run(&areq, stats, &mut |item| {
            if stopped() {
                halt = Some(Halt::Signal);
                return Flow::Stop;
            }
            if let Item::Match(m) = item {
                match limit {
                    Some(n) => keep(&mut ring, m, n),
                    None if collect.is_some() => {
                        if let Some(c) = collect.as_mut() {
                            c.push(m);
                        }
                    }
                    None => {
                        if let Err(e) = live.write(&m, false) {
                            halt = Some(Halt::Write(e));
                            return Flow::Stop;
                        }
                    }
                }
            }
            Flow::More
        });
        if let Some(h) = halt {
            return Err(h);
        }
        r.map_err(|e| Halt::Read(stream.current.clone(), e))?;
    }
    if let Some(t) = &f.current {
        let end = t.pos;
        let id = t.id;
        let file = &t.file;
        let read_err = |e| Halt::Read(stream.current.clone(), e);
        match (limit, req.filter.since) {
            (Some(n), None) => {
                // Newest first, backwards from `end`.
                let mut newest = Vec::new();
                let bad = &mut f.bad;
                engine::scan_backward(file, end, |line, offset, too_long| {
                    if newest.len() >= n || stopped() {
                        return Flow::Stop;
                    }
                    if too_long {
                        bad.note(id, offset);
                        return Flow::More;
                    }
                    match classify(&req.filter, line) {
                        Class::Skip => {}
                        Class::Malformed => bad.note(id, offset),
                        Class::Match(m) => newest.push(*m),
                    }
                    if newest.len() >= n {
                        Flow::Stop
                    } else {
                        Flow::More
                    }
                })
                .map_err(read_err)?;
                for m in newest.into_iter().rev() {
                    keep(&mut ring, m, n);
                }
            }
            (limit, since) => {
                let start = match since {
                    Some(s) => engine::order_of(file, end)
                        .and_then(|o| engine::seek_since_within(file, s, o.upto.min(end)))
                        .map_err(read_err)?
                        .min(end),
                    None => 0,
                };
                let mut reader = file;
                reader.seek(SeekFrom::Start(start)).map_err(read_err)?;
                let mut chunker = engine::Chunker::new(reader.take(end - start));
                while let Some(c) = chunker.next_chunk().map_err(read_err)? {
                    if stopped() {
                        return Err(Halt::Signal);
                    }
                    for _ in 0..c.overlong {
                        f.bad
                            .note(id, start + c.overlong_offset.unwrap_or(c.offset));
                    }
                    for line in engine::lines(&c.data) {
                        let within = line.as_ptr() as usize - c.data.as_ptr() as usize;
                        let offset = start + c.offset + within as u64;
                        match classify(&req.filter, line) {
                            Class::Skip => {}
                            Class::Malformed => f.bad.note(id, offset),
                            Class::Match(m) => match (limit, collect.as_mut()) {
                                (Some(n), _) => keep(&mut ring, *m, n),
                                (None, Some(c)) => c.push(*m),
                                (None, None) => f.live.write(&m, false).map_err(Halt::Write)?,
                            },
                        }
                    }
                }
            }
        }
    }
    if let Some(c) = collect {
        c.extend(ring);
        for m in c.iter_mut().skip(collected_before) {
            m.event.host.clone_from(&f.host);
        }
        return Ok(());
    }
    for m in ring {
        f.live.write(&m, false).map_err(Halt::Write)?;
    }
    f.live.flush().map_err(Halt::Write)
}

// -------------------------------------------------------------------- run

/// `ds01-events follow [filters]`: see the module documentation.
pub fn run(mut o: QueryOptions) -> Result<i32, Failure> {
    o.default_limit = DEFAULT_LIMIT;
    if let Some(dir) = o.hosts_dir.clone() {
        if !o.files.is_empty() {
            return Err(Failure::usage(
                "follow watches either --file or --hosts-dir, not both; run one follow for each",
            ));
        }
        install_signal_handlers();
        return run_hosts(&o, &dir);
    }
    install_signal_handlers();
    let mut req = query::build_request(&o)?;
    // The first screen reads archives only when --since reaches them or
    // --archives asks (the newest few are in the current file).
    req.streams = engine::streams(&o.files)
        .iter()
        .map(|s| {
            if o.view.current {
                s.clone()
            } else {
                engine::with_archives(s, req.filter.since, o.view.archives)
            }
        })
        .collect();
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
    let (tx, rx) = mpsc::channel::<()>();
    let watcher = notify::recommended_watcher(move |r: notify::Result<notify::Event>| {
        let wanted = match &r {
            Ok(ev) => !matches!(ev.kind, notify::EventKind::Access(_)),
            Err(_) => true,
        };
        if wanted {
            let _ = tx.send(());
        }
    });
    let mut watch = Watch {
        watcher: watcher.ok(),
        dir: dir.clone(),
        watched: None,
        recursive: false,
    };
    if watch.watcher.is_none() {
        crate::say!("ds01-events: no file-system notifications; checking every 250 ms");
    }
    watch.ensure();

    let style = Style::new(query::output_format(&o.view, o.json), o.color, o.utc);
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
        result = follow_loop(&mut f, &mut watch, &rx);
    }
    let flushed = f.live.flush();
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
    if let Some(line) = report(&stats, &f) {
        crate::say!("ds01-events: {line}");
    }
    Ok(exit::OK)
}

/// Opens the follower's file at the end of its last whole line: the first
/// screen reads up to there, following starts there.
fn snapshot(f: &mut Follower<'_>) -> Result<(), Failure> {
    let path = f.path.clone();
    let plain = Stream {
        current: path.clone(),
        inputs: vec![Input::plain(path.clone())],
        host: None,
    };
    if engine::check_readable(&plain)?.is_some() {
        match Tracked::open(&path) {
            Ok(mut t) => {
                let size = t.file.metadata().map_err(|e| cannot_read(&path, &e))?.len();
                let (end, skipping) =
                    last_line_end(&t.file, size).map_err(|e| cannot_read(&path, &e))?;
                t.set_pos(end).map_err(|e| cannot_read(&path, &e))?;
                t.skipping = skipping;
                if skipping {
                    f.bad.note(t.id, end);
                }
                f.current = Some(t);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(cannot_read(&path, &e)),
        }
    }
    Ok(())
}

/// `follow --hosts-dir DIR`: one follower per host (as for one file), the
/// first screen merged in time order, one output; a host directory that
/// appears later is followed from its file's start.
fn run_hosts(o: &QueryOptions, dir: &Path) -> Result<i32, Failure> {
    let mut req = query::build_request(o)?;
    req.streams = engine::input_streams(&[], Some(dir), &req.filter)?
        .iter()
        .map(|s| {
            if o.view.current {
                s.clone()
            } else {
                engine::with_archives(s, req.filter.since, o.view.archives)
            }
        })
        .collect();
    let (tx, rx) = mpsc::channel::<()>();
    let watcher = notify::recommended_watcher(move |r: notify::Result<notify::Event>| {
        let wanted = match &r {
            Ok(ev) => !matches!(ev.kind, notify::EventKind::Access(_)),
            Err(_) => true,
        };
        if wanted {
            let _ = tx.send(());
        }
    });
    let mut watch = Watch {
        watcher: watcher.ok(),
        dir: dir.to_path_buf(),
        watched: None,
        recursive: true,
    };
    watch.ensure();
    let mut style = Style::new(query::output_format(&o.view, o.json), o.color, o.utc);
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
            let mut last = Instant::now();
            loop {
                if stopped() {
                    return Err(Halt::Signal);
                }
                if reader_gone() {
                    return Err(Halt::Write(io::Error::from(io::ErrorKind::BrokenPipe)));
                }
                let woken = match rx.recv_timeout(TICK) {
                    Ok(()) => {
                        while rx.try_recv().is_ok() {}
                        true
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => false,
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        std::thread::sleep(TICK);
                        false
                    }
                };
                if woken || !watch.active() || last.elapsed() >= RECHECK {
                    watch.ensure();
                    // New hosts: followed from their file's start.
                    for (name, path) in engine::host_dirs(dir).unwrap_or_default() {
                        if req.filter.host_matches(&name) && known.insert(path.clone()) {
                            followers.push(new_follower(path, Some(name.as_str().into())));
                        }
                    }
                    for f in followers.iter_mut() {
                        f.step()?;
                    }
                    last = Instant::now();
                }
            }
        })();
    }
    let flushed = live.flush();
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
    let bad: u64 = stats.malformed + followers.iter().map(|f| f.bad.count).sum::<u64>();
    if bad > 0 {
        crate::say!(
            "ds01-events: skipped {} malformed line{} in the hosts' files",
            output::thousands(bad),
            if bad == 1 { "" } else { "s" }
        );
    }
    Ok(exit::OK)
}

/// The directory watch, set up again if the directory appears or changes.
struct Watch {
    watcher: Option<notify::RecommendedWatcher>,
    dir: PathBuf,
    watched: Option<Id>,
    /// A hosts directory: its host directories too.
    recursive: bool,
}

impl Watch {
    fn ensure(&mut self) {
        let Some(w) = self.watcher.as_mut() else {
            return;
        };
        let now = std::fs::metadata(&self.dir).ok().map(|m| id_of(&m));
        if now == self.watched {
            return;
        }
        if self.watched.is_some() {
            let _ = w.unwatch(&self.dir);
        }
        self.watched = None;
        if now.is_some()
            && w.watch(
                &self.dir,
                if self.recursive {
                    notify::RecursiveMode::Recursive
                } else {
                    notify::RecursiveMode::NonRecursive
                },
            )
            .is_ok()
        {
            self.watched = now;
        }
    }

    /// Whether notifications can be relied on right now.
    fn active(&self) -> bool {
        self.watcher.is_some() && self.watched.is_some()
    }
}

fn follow_loop(
    f: &mut Follower<'_>,
    watch: &mut Watch,
    rx: &mpsc::Receiver<()>,
) -> Result<(), Halt> {
    f.step()?;
    let mut last = Instant::now();
    loop {
        if stopped() {
            return Err(Halt::Signal);
        }
        if reader_gone() {
            return Err(Halt::Write(io::Error::from(io::ErrorKind::BrokenPipe)));
        }
        let woken = match rx.recv_timeout(TICK) {
            Ok(()) => {
                while rx.try_recv().is_ok() {}
                true
            }
            Err(mpsc::RecvTimeoutError::Timeout) => false,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                std::thread::sleep(TICK);
                false
            }
        };
        if woken || !watch.active() || last.elapsed() >= RECHECK {
            watch.ensure();
            f.step()?;
            last = Instant::now();
        }
    }
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
    let (id, offset) = f.bad.first?;
    let still_there = std::fs::metadata(&f.path).is_ok_and(|m| id_of(&m) == id);
    if still_there {
        let s = Stats {
            malformed: total,
            first_malformed: Some((f.path.clone(), engine::Position::Offset(offset))),
            matched: 0,
        };
        return s.report();
    }
    let name = f
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Some(format!(
        "skipped {} malformed line{}; first at byte {offset} of a file since rotated away from {}",
        output::thousands(total),
        if total == 1 { "" } else { "s" },
        escape(&name)
    ))
}
