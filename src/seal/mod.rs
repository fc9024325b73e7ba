//! Tamper evidence: checkpoints that seal the event log as it grows, and the
//! verification that proves sealed history untouched.
//!
//! Writers are unchanged: `seal` runs beside them (every minute from a timer),
//! reads only complete lines appended since the last checkpoint, and appends
//! one checkpoint per file it covered to `seals.jsonl` in the seal directory.
//! See [`key`] for the key evolution, [`checkpoint`] for what a checkpoint
//! binds, [`verify`] for what is checked.
//!
//! What is protected: every line up to the last checkpoint, against anyone
//! who cannot write the seal directory (the hash chain, no key needed), and
//! against a later root too (the MAC with the epoch's key, checked with the
//! verification key kept off the machine). Not protected: the unsealed tail
//! (lines after the last checkpoint, at most a minute's worth), and an
//! attacker who is root before the first checkpoint of an epoch can re-seal
//! that epoch's lines.

pub mod checkpoint;
pub mod key;
pub mod range;
pub mod sealer;
pub mod verify;

use std::path::{Path, PathBuf};

/// The seal directory: `--seal-dir`, else `DS01_EVENTS_SEAL_DIR`, else the
/// state directory (`/var/lib/ds01-events`).
pub fn seal_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    match std::env::var_os("DS01_EVENTS_SEAL_DIR") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => crate::writer::state_dir(),
    }
}

/// The files in a seal directory.
#[derive(Clone, Debug)]
pub struct SealDir {
    pub dir: PathBuf,
}

impl SealDir {
    pub fn new(dir: PathBuf) -> SealDir {
        SealDir { dir }
    }
    /// The current epoch's key: 0600, root's.
    pub fn key(&self) -> PathBuf {
        self.dir.join("seal.key")
    }
    /// The checkpoints: 0644, anyone may verify, only root appends.
    pub fn seals(&self) -> PathBuf {
        self.dir.join("seals.jsonl")
    }
    /// Where each file's sealing stopped: a cache, rebuilt from the
    /// checkpoints whenever it disagrees with them; never trusted by verify.
    pub fn state(&self) -> PathBuf {
        self.dir.join("seal.state")
    }
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// The files a seal or a verify covers, oldest first: the rotated siblings
/// (plain and `.gz`), then the current file.
pub fn inputs(events: &Path) -> Vec<crate::engine::Input> {
    let mut v = crate::engine::rotated_siblings(events);
    v.push(crate::engine::Input::plain(events.to_path_buf()));
    v
}

/// The display name of an input.
pub fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}
