//! One checkpoint: a line of `seals.jsonl` covering a byte range of one
//! events file.
//!
//! `{"seq":7,"epoch":3,"at":1764582000,"file":"events.jsonl","id":"…16 hex",
//! "start":1234,"end":5678,"line":11,"lines":5,"range":"…32 hex",
//! "chain":"…32 hex","mac":"…32 hex"}` — about 280 bytes.
//!
//! - `id`: the file, by content (the first 64 bits of SHA-256 of its first
//!   line), so a rename by rotation or gzip does not change it.
//! - `range`: BLAKE3 (first 128 bits) of the bytes `start..end`, whole lines.
//! - `chain`: SHA-256 over the previous checkpoint's chain and this
//!   checkpoint's fields: editing, removing or reordering a checkpoint
//!   breaks every later link (checkable without the key).
//! - `mac`: HMAC-SHA-256 (first 128 bits) of the fields and the chain with
//!   the key of `epoch` (checkable with the verification key).

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::hex;

const CHAIN: &[u8] = b"ds01-events seal chain v1";

/// The chain value before the first checkpoint.
pub const GENESIS: &str = "00000000000000000000000000000000";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: u64,
    pub epoch: u64,
    /// When it was sealed, Unix seconds.
    pub at: i64,
    /// The file's name when sealed (informative: files are matched by `id`).
    pub file: String,
    pub id: String,
    pub start: u64,
    pub end: u64,
    /// Line number (1-based, in that file) of the first line covered.
    pub line: u64,
    pub lines: u64,
    pub range: String,
    pub chain: String,
    pub mac: String,
}

/// A file's identity: the first 64 bits of SHA-256 of its first line.
pub fn file_id(first_line: &[u8]) -> String {
    hex(&Sha256::digest(first_line)[..8])
}

/// The first 128 bits of a range's BLAKE3 hash, as a checkpoint holds it.
pub fn digest_of(hash: &blake3::Hash) -> String {
    hex(&hash.as_bytes()[..16])
}

impl Checkpoint {
    /// The fields the chain and the MAC cover, in a fixed text form.
    fn fields(&self) -> String {
        // serde_json writes the name as a JSON string: no ambiguity.
        format!(
            "{{\"seq\":{},\"epoch\":{},\"at\":{},\"file\":{},\"id\":\"{}\",\"start\":{},\"end\":{},\"line\":{},\"lines\":{},\"range\":\"{}\"",
            self.seq,
            self.epoch,
            self.at,
            serde_json::to_string(&self.file).unwrap_or_default(),
            self.id,
            self.start,
            self.end,
            self.line,
            self.lines,
            self.range
        )
    }

    /// The chain value that follows `prev` with these fields.
    pub fn chain_after(&self, prev: &str) -> String {
        let mut h = Sha256::new();
        h.update(CHAIN);
        h.update(prev.as_bytes());
        h.update(self.fields().as_bytes());
        hex(&h.finalize()[..16])
    }

    /// The MAC of the fields and the chain with `key`.
    pub fn mac_with(&self, key: &[u8; 32]) -> String {
        hex(&self.mac_state(key).finalize().into_bytes()[..16])
    }

    fn mac_state(&self, key: &[u8; 32]) -> Hmac<Sha256> {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key size");
        m.update(self.fields().as_bytes());
        m.update(b",\"chain\":\"");
        m.update(self.chain.as_bytes());
        m
    }

    /// Fills in chain and MAC.
    pub fn seal(mut self, prev_chain: &str, key: &[u8; 32]) -> Checkpoint {
        self.chain = self.chain_after(prev_chain);
        self.mac = self.mac_with(key);
        self
    }

    /// The line in `seals.jsonl`, newline included.
    pub fn to_line(&self) -> String {
        format!(
            "{},\"chain\":\"{}\",\"mac\":\"{}\"}}\n",
            self.fields(),
            self.chain,
            self.mac
        )
    }

    pub fn parse(line: &[u8]) -> Option<Checkpoint> {
        serde_json::from_slice(line).ok()
    }

    /// Whether the MAC verifies with `key`, compared in constant time.
    pub fn mac_ok(&self, key: &[u8; 32]) -> bool {
        let Some(got) = unhex(&self.mac).filter(|g| g.len() == 16) else {
            return false;
        };
        self.mac_state(key).verify_truncated_left(&got).is_ok()
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Checkpoint {
        Checkpoint {
            seq: 1_000_000,
            epoch: 525_600,
            at: 1_796_116_000,
            file: "events.jsonl".into(),
            id: file_id(b"{\"timestamp\":\"x\"}\n"),
            start: 123_456_789_012,
            end: 123_456_999_999,
            line: 100_000_001,
            lines: 1200,
            range: GENESIS.into(),
            chain: String::new(),
            mac: String::new(),
        }
        .seal(GENESIS, &[1; 32])
    }

    #[test]
    fn round_trips_and_stays_under_300_bytes() {
        let c = sample();
        let line = c.to_line();
        assert!(line.len() < 300, "{} bytes: {line}", line.len());
        assert_eq!(Checkpoint::parse(line.trim_end().as_bytes()).unwrap(), c);
    }

    #[test]
    fn chain_and_mac_catch_edits() {
        let c = sample();
        assert!(c.mac_ok(&[1; 32]));
        assert!(!c.mac_ok(&[2; 32]));
        let mut edited = c.clone();
        edited.lines += 1;
        assert_ne!(edited.chain_after(GENESIS), c.chain);
        assert!(!edited.mac_ok(&[1; 32]));
    }
}
