//! The files events live in: one input (the current file or a rotated
//! sibling, plain or `.gz`), opened without following a FIFO or a device;
//! its rotated siblings by name; a collector's host directories.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::seek::{shifted, MAX_JITTER_SECS};
/// One readable input: the current file or a rotated sibling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub gz: bool,
    /// From the name (`-YYYYMMDD`): the day it was rotated.
    pub rotated_on: Option<jiff::civil::Date>,
    /// From the name (`-YYYYMMDD-SECONDS`): when it was rotated.
    pub rotated_at: Option<Timestamp>,
    /// Read only the bytes before this offset (follow's first screen stops
    /// exactly where following starts).
    pub end: Option<u64>,
    /// Read this open file rather than opening `path` again (follow reads
    /// the file it holds, even if a rotation renamed it meanwhile).
    pub pinned: Option<Pinned>,
}

/// An open file an [`Input`] reads; inputs compare equal when they pin the
/// same open file.
#[derive(Clone, Debug)]
pub struct Pinned(pub std::sync::Arc<File>);

impl PartialEq for Pinned {
    fn eq(&self, o: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &o.0)
    }
}
impl Eq for Pinned {}

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
            NotRegular(crate::safe_fs::file_kind(&ft)),
        ));
    }
    if let Ok(bits) = fcntl(f.as_raw_fd(), FcntlArg::F_GETFL) {
        let flags = OFlag::from_bits_truncate(bits) & !OFlag::O_NONBLOCK;
        let _ = fcntl(f.as_raw_fd(), FcntlArg::F_SETFL(flags));
    }
    Ok(f)
}

impl Input {
    pub fn plain(path: PathBuf) -> Input {
        let gz = path.extension().is_some_and(|e| e == "gz");
        Input {
            path,
            gz,
            rotated_on: None,
            rotated_at: None,
            end: None,
            pinned: None,
        }
    }

    /// The first `end` bytes of `file`, already open at `path`.
    pub fn pinned(path: PathBuf, file: std::sync::Arc<File>, end: u64) -> Input {
        Input {
            gz: false,
            end: Some(end),
            pinned: Some(Pinned(file)),
            ..Input::plain(path)
        }
    }

    /// The file itself (compressed for a `.gz`): the pinned one, or `path`
    /// opened as a regular file.
    pub fn open_file(&self) -> io::Result<File> {
        match &self.pinned {
            Some(p) => p.0.try_clone(),
            None => open_regular(&self.path),
        }
    }

    /// How many bytes of `file` (from [`Input::open_file`]) are read.
    pub fn len_of(&self, file: &File) -> io::Result<u64> {
        let len = file.metadata()?.len();
        Ok(self.end.map_or(len, |e| e.min(len)))
    }

    /// A reader over the decompressed bytes.
    pub fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        self.open_from(0)
    }

    /// A reader over the bytes from `offset` (plain files; a `.gz` is read
    /// from its start), up to [`Input::end`].
    pub fn open_from(&self, offset: u64) -> io::Result<Box<dyn Read + Send>> {
        let mut f = self.open_file()?;
        if self.gz {
            return Ok(crate::decompress::gz_reader(f));
        }
        // Always positioned: a pinned file shares its offset with every
        // other descriptor of it (an order check may have moved it).
        f.seek(SeekFrom::Start(offset))?;
        Ok(match self.end {
            Some(end) => Box::new(f.take(end.saturating_sub(offset))),
            None => Box::new(f),
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
        let stem = rest.strip_suffix(".gz").unwrap_or(rest);
        let path = dir.join(&fname);
        if let Some(d) = stem.strip_prefix('-') {
            if let Some((key, input)) = dated_name(d, path) {
                dated.push((key, input));
            }
        } else if let Some(n) = stem.strip_prefix('.') {
            if let Ok(n) = n.parse::<u32>() {
                numbered.push((n, Input::plain(path)));
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
fn dated_name(d: &str, path: PathBuf) -> Option<(DatedKey, Input)> {
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
            rotated_on: Some(date),
            rotated_at,
            ..Input::plain(path)
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

/// Opens a plain file positioned at `offset`.
pub fn open_at(path: &Path, offset: u64) -> io::Result<File> {
    let mut f = open_regular(path)?;
    f.seek(SeekFrom::Start(offset))?;
    Ok(f)
}
