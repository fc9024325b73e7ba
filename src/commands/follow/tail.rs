//! Tailing one file: reading what is appended, holding an unfinished last
//! line, and recovering from rotation (rename: the rest of the old file,
//! then the new one; copytruncate: the unread rest from the copy).

use std::fs::File;
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use super::live::Live;
use super::signals::stopped;
use super::{cannot_read, Halt, BLOCK, FINGERPRINT, HEAD, RETIRE_GRACE};
use crate::engine::{self, classify, Class, Input, Position, Stats, Stream};
use crate::event::MAX_READ_LINE;
use crate::exit::Failure;
use crate::filter::Filter;
use crate::output::escape::escape;

/// A file's identity: device and inode.
pub(super) type Id = (u64, u64);

pub(super) fn id_of(m: &std::fs::Metadata) -> Id {
    (m.dev(), m.ino())
}

/// Malformed lines seen in the followed files.
#[derive(Default)]
pub(super) struct Bad {
    pub count: u64,
    /// The file (by identity) and position of the first.
    pub first: Option<(Id, Position)>,
}

impl Bad {
    fn note(&mut self, id: Id, offset: u64) {
        self.count += 1;
        self.first.get_or_insert((id, Position::Offset(offset)));
    }

    /// What an engine read of the file `id` counted.
    pub(super) fn absorb(&mut self, id: Id, stats: &Stats) {
        self.count += stats.malformed;
        if let Some((_, pos)) = &stats.first_malformed {
            self.first.get_or_insert((id, *pos));
        }
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
pub(super) struct Tracked {
    pub(super) file: File,
    pub(super) id: Id,
    /// Where the next unread line starts.
    pub(super) pos: u64,
    /// The bytes just before `pos` (at most [`FINGERPRINT`]): if they are no
    /// longer there, the file was truncated (and maybe written again).
    pub(super) tail: Vec<u8>,
    /// The first bytes of the file, once read.
    pub(super) head: Option<Vec<u8>>,
    /// Inside a line longer than [`MAX_READ_LINE`]: skip to its newline.
    pub(super) skipping: bool,
    /// Bytes of an unfinished last line wait after `pos`.
    pub(super) partial: bool,
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
    pub(super) fn open(path: &Path) -> io::Result<Tracked> {
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

pub(super) struct Follower<'a> {
    pub(super) path: PathBuf,
    /// The host directory's name, with --hosts-dir.
    pub(super) host: Option<std::sync::Arc<str>>,
    pub(super) filter: Filter,
    pub(super) live: Live<'a>,
    pub(super) bad: Bad,
    pub(super) current: Option<Tracked>,
    /// Files rotated away by rename, still read for late appends.
    pub(super) retired: Vec<(Tracked, Instant)>,
    pub(super) said_waiting: bool,
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
    pub(super) fn step(&mut self) -> Result<(), Halt> {
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

/// Opens the follower's file at the end of its last whole line: the first
/// screen reads up to there, following starts there.
pub(super) fn snapshot(f: &mut Follower<'_>) -> Result<(), Failure> {
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
