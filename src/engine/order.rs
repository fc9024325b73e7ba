//! Whether a plain file's lines are in time order, checked once and cached
//! (the binary search and the `--until` stop are exact only inside that
//! prefix), and what `doctor` says of the order.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::{DirBuilderExt, FileExt};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::seek::{line_time, shifted, MAX_JITTER_SECS};
use super::{lines, open_regular, parallel_scan, Flow};
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
