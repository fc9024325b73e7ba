//! `seal --init` and `seal`: one pass over the bytes appended since the last
//! checkpoint, whole lines only.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::checkpoint::{self, Checkpoint, GENESIS};
use super::key::SealKey;
use super::{inputs, name_of, SealDir};
use crate::engine::Input;

/// Bytes read at once.
const BUF: usize = 1 << 20;
/// A first line longer than this is identified by its first bytes.
const ID_PREFIX: usize = 1 << 20;

/// Where sealing of each file stopped, and the chain's head.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct State {
    pub seq: u64,
    pub chain: String,
    pub at: i64,
    /// By file id: bytes and lines sealed.
    pub files: HashMap<String, Sealed>,
}

#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Clone, Copy)]
pub struct Sealed {
    pub end: u64,
    pub lines: u64,
}

impl State {
    fn apply(&mut self, c: &Checkpoint) {
        self.seq = c.seq;
        self.chain = c.chain.clone();
        self.at = c.at;
        if c.lines > 0 {
            self.files.insert(
                c.id.clone(),
                Sealed {
                    end: c.end,
                    lines: c.line + c.lines - 1,
                },
            );
        }
    }

    /// The state the checkpoints in `seals` lead to (torn last line ignored).
    pub fn rebuild(seals: &[u8]) -> State {
        let mut s = State {
            chain: GENESIS.into(),
            ..State::default()
        };
        for line in complete_lines(seals) {
            if let Some(c) = Checkpoint::parse(line) {
                s.apply(&c);
            }
        }
        s
    }
}

fn complete_lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let end = memchr::memrchr(b'\n', data).map_or(0, |p| p + 1);
    data[..end].split(|&b| b == b'\n').filter(|l| !l.is_empty())
}

/// What one `seal` did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub checkpoints: Vec<Checkpoint>,
    /// A torn last checkpoint (a crash mid-write) was cut off.
    pub repaired_torn: bool,
    pub epoch: u64,
}

fn err(what: &str, p: &Path, e: io::Error) -> String {
    format!("cannot {what} {}: {e}", p.display())
}

/// A file's content as a random-access file: plain files as they are,
/// `.gz` ones decompressed into an anonymous temporary file.
pub fn content(input: &Input) -> io::Result<(File, u64)> {
    let f = crate::engine::open_regular(&input.path)?;
    if !input.gz {
        let len = f.metadata()?.len();
        return Ok((f, len));
    }
    let mut tmp = tempfile::tempfile()?;
    let mut dec = crate::decompress::gz_reader(f);
    let len = io::copy(&mut dec, &mut tmp)?;
    tmp.seek(SeekFrom::Start(0))?;
    Ok((tmp, len))
}

/// The file's id, or `None` while it holds no complete line.
pub fn id_of(f: &File, len: u64) -> io::Result<Option<String>> {
    let mut buf = vec![0u8; (len as usize).min(ID_PREFIX)];
    let mut got = 0;
    while got < buf.len() {
        match f.read_at(&mut buf[got..], got as u64)? {
            0 => break,
            n => got += n,
        }
    }
    buf.truncate(got);
    Ok(match memchr::memchr(b'\n', &buf) {
        Some(p) => Some(checkpoint::file_id(&buf[..=p])),
        None if got == ID_PREFIX => Some(checkpoint::file_id(&buf)),
        None => None,
    })
}

/// Reads `from..to` of `f` a chunk at a time; returns the bytes read
/// (fewer when the file ends first).
pub(super) fn read_chunks(
    f: &File,
    from: u64,
    to: u64,
    mut each: impl FnMut(&[u8]),
) -> io::Result<u64> {
    let mut buf = vec![0u8; BUF];
    let mut pos = from;
    while pos < to {
        let want = ((to - pos) as usize).min(BUF);
        let n = f.read_at(&mut buf[..want], pos)?;
        if n == 0 {
            break;
        }
        each(&buf[..n]);
        pos += n as u64;
    }
    Ok(pos - from)
}

/// Complete lines in `from..to`.
pub(super) fn count_lines(f: &File, from: u64, to: u64) -> io::Result<u64> {
    let mut n = 0u64;
    read_chunks(f, from, to, |b| {
        n += memchr::memchr_iter(b'\n', b).count() as u64
    })?;
    Ok(n)
}

/// Hashes `from..to` of `f` and counts its lines, in one pass on every
/// core (see [`super::range`]).
fn hash_range(f: &File, from: u64, to: u64) -> io::Result<(String, u64)> {
    let (hash, lines) = super::range::hash_and_count(f, from, to)?;
    Ok((checkpoint::digest_of(&hash), lines))
}

/// The end of the last complete line at or before `len`, searching back
/// from `len` but not before `floor`.
fn last_line_end(f: &File, floor: u64, len: u64) -> io::Result<u64> {
    let mut end = len;
    let mut buf = vec![0u8; 64 * 1024];
    while end > floor {
        let start = end.saturating_sub(buf.len() as u64).max(floor);
        let chunk = &mut buf[..(end - start) as usize];
        f.read_exact_at(chunk, start)?;
        if let Some(p) = memchr::memrchr(b'\n', chunk) {
            return Ok(start + p as u64 + 1);
        }
        end = start;
    }
    Ok(floor)
}

/// Creates the sealing state: the epoch-0 key and an empty checkpoint file.
/// Returns the key (for its verification key).
pub fn init(dir: &SealDir, interval: u64, now: i64, force: bool) -> Result<SealKey, String> {
    if !force && (dir.key().exists() || dir.seals().exists()) {
        return Err(format!(
            "{} already holds sealing state; verify with it, or start over with --force (the old checkpoints then no longer verify)",
            dir.dir.display()
        ));
    }
    crate::safe_fs::open_dir(&dir.dir, Some(0o755)).map_err(|e| err("create", &dir.dir, e))?;
    let mut key = [0u8; 32];
    File::open("/dev/urandom")
        .and_then(|mut r| r.read_exact(&mut key))
        .map_err(|e| err("read", Path::new("/dev/urandom"), e))?;
    let k = SealKey {
        epoch: 0,
        start: now,
        interval,
        key,
    };
    crate::safe_fs::write_atomically(&dir.key(), k.to_file_text().as_bytes(), 0o600)
        .map_err(|e| err("write", &dir.key(), e))?;
    crate::safe_fs::write_atomically(&dir.seals(), b"", 0o644)
        .map_err(|e| err("write", &dir.seals(), e))?;
    let _ = std::fs::remove_file(dir.state());
    Ok(k)
}

/// Opens the checkpoint file for appending under an exclusive lock, so two
/// `seal` runs never interleave.
fn lock_seals(dir: &SealDir) -> Result<File, String> {
    let f = OpenOptions::new()
        .read(true)
        .append(true)
        .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_CLOEXEC)
        .open(dir.seals())
        .map_err(|e| {
            format!(
                "cannot open {}: {e}; create the sealing state first: sudo ds01-events seal --init",
                dir.seals().display()
            )
        })?;
    // SAFETY: flock on a descriptor we own.
    if unsafe { nix::libc::flock(std::os::fd::AsRawFd::as_raw_fd(&f), nix::libc::LOCK_EX) } != 0 {
        return Err(err("lock", &dir.seals(), io::Error::last_os_error()));
    }
    Ok(f)
}

/// The last complete checkpoint, after cutting off a torn last line (a
/// crash mid-write); whether one was cut.
fn last_checkpoint(seals: &File) -> io::Result<(Option<Checkpoint>, bool)> {
    let len = seals.metadata()?.len();
    let mut tail_len = 8192u64;
    loop {
        let from = len.saturating_sub(tail_len);
        let mut tail = vec![0u8; (len - from) as usize];
        seals.read_exact_at(&mut tail, from)?;
        let Some(nl) = memchr::memrchr(b'\n', &tail) else {
            if from > 0 {
                tail_len *= 4;
                continue;
            }
            // No complete line at all: whatever is there is torn.
            if len > 0 {
                seals.set_len(0)?;
            }
            return Ok((None, len > 0));
        };
        let torn = nl + 1 < tail.len();
        if torn {
            seals.set_len(from + nl as u64 + 1)?;
        }
        let body = &tail[..nl];
        let start = memchr::memrchr(b'\n', body).map_or(0, |p| p + 1);
        if start == 0 && from > 0 {
            tail_len *= 4;
            continue;
        }
        return Ok((Checkpoint::parse(&body[start..]), torn));
    }
}

/// Loads the key, evolving it to the epoch of `now` (overwriting the old
/// key in place first, so it is gone before anything is sealed with the new).
fn current_key(dir: &SealDir, now: i64) -> Result<SealKey, String> {
    let p = dir.key();
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_CLOEXEC)
        .open(&p)
        .map_err(|e| err("open", &p, e))?;
    let mut text = String::new();
    f.read_to_string(&mut text)
        .map_err(|e| err("read", &p, e))?;
    let k = SealKey::from_file_text(&text).map_err(|e| format!("{}: {e}", p.display()))?;
    let want = k.epoch_at(now);
    if want <= k.epoch {
        return Ok(k);
    }
    let next = k.advanced_to(want);
    f.write_all_at(next.to_file_text().as_bytes(), 0)
        .and_then(|_| f.sync_all())
        .map_err(|e| err("overwrite", &p, e))?;
    Ok(next)
}

/// One seal: a checkpoint for every file with complete lines not yet
/// sealed, or one empty checkpoint when there are none (so every run of
/// the timer leaves a trace, and a gap shows).
pub fn seal(dir: &SealDir, events: &Path, now: i64) -> Result<Outcome, String> {
    let mut seals = lock_seals(dir)?;
    let mut out = Outcome::default();
    let (last, repaired) = last_checkpoint(&seals).map_err(|e| err("read", &dir.seals(), e))?;
    out.repaired_torn = repaired;
    let key = current_key(dir, now)?;
    out.epoch = key.epoch;
    // The cached state, if it agrees with the last checkpoint; else rebuilt
    // from every checkpoint.
    let cached: Option<State> = std::fs::read(dir.state())
        .ok()
        .and_then(|d| serde_json::from_slice(&d).ok());
    let mut state = match (cached, &last) {
        (Some(s), Some(c)) if s.seq == c.seq && s.chain == c.chain => s,
        (Some(s), None) if s.seq == 0 => s,
        _ => {
            let mut data = Vec::new();
            seals
                .read_to_end(&mut data)
                .map_err(|e| err("read", &dir.seals(), e))?;
            State::rebuild(&data)
        }
    };
    let mut lines = String::new();
    let mut push = |c: Checkpoint, state: &mut State, lines: &mut String| {
        let c = c.seal(&state.chain, &key.key);
        lines.push_str(&c.to_line());
        state.apply(&c);
        out.checkpoints.push(c);
    };
    let mut current_id = String::new();
    for input in inputs(events) {
        let is_current = input.path == events;
        let (f, len) = match content(&input) {
            Ok(x) => x,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(err("read", &input.path, e)),
        };
        let Some(id) = id_of(&f, len).map_err(|e| err("read", &input.path, e))? else {
            continue;
        };
        if is_current {
            current_id = id.clone();
        }
        let done = state.files.get(&id).copied().unwrap_or_default();
        if done.end > len {
            return Err(format!(
                "{} is shorter ({len} bytes) than its sealed part ({} bytes): run 'ds01-events verify'",
                input.path.display(),
                done.end
            ));
        }
        let end = last_line_end(&f, done.end, len).map_err(|e| err("read", &input.path, e))?;
        if end <= done.end {
            continue;
        }
        let (range, n) = hash_range(&f, done.end, end).map_err(|e| err("read", &input.path, e))?;
        let c = Checkpoint {
            seq: state.seq + 1,
            epoch: key.epoch,
            at: now,
            file: name_of(&input.path),
            id,
            start: done.end,
            end,
            line: done.lines + 1,
            lines: n,
            range,
            chain: String::new(),
            mac: String::new(),
        };
        push(c, &mut state, &mut lines);
    }
    if lines.is_empty() {
        let done = state.files.get(&current_id).copied().unwrap_or_default();
        let c = Checkpoint {
            seq: state.seq + 1,
            epoch: key.epoch,
            at: now,
            file: name_of(events),
            id: current_id,
            start: done.end,
            end: done.end,
            line: done.lines + 1,
            lines: 0,
            range: checkpoint::digest_of(&blake3::hash(b"")),
            chain: String::new(),
            mac: String::new(),
        };
        push(c, &mut state, &mut lines);
    }
    seals
        .write_all(lines.as_bytes())
        .and_then(|_| seals.sync_data())
        .map_err(|e| err("append to", &dir.seals(), e))?;
    if let Ok(text) = serde_json::to_vec(&state) {
        let _ = crate::safe_fs::write_atomically(&dir.state(), &text, 0o644);
    }
    Ok(out)
}

/// For doctor and metrics: the newest checkpoint's time and the complete
/// lines of the current file not yet sealed, from the (untrusted) state
/// cache. `None` when there is no sealing state.
pub fn status(dir: &SealDir, events: &Path) -> Option<(i64, u64)> {
    let data = std::fs::read(dir.state()).ok()?;
    let state: State = serde_json::from_slice(&data).ok()?;
    let (f, len) = content(&Input::plain(events.to_path_buf())).ok()?;
    let done = match id_of(&f, len).ok()? {
        Some(id) => state.files.get(&id).copied().unwrap_or_default(),
        None => Sealed::default(),
    };
    let end = last_line_end(&f, done.end.min(len), len).ok()?;
    let unsealed = count_lines(&f, done.end.min(end), end).ok()?;
    Some((state.at, unsealed))
}
