//! The evolving sealing key and the verification key.
//!
//! Epoch `n` runs from `start + n * interval` to the next. Its key is
//! `K(n) = SHA-256("ds01-events seal key v1" || K(n-1))`: one-way, so the
//! key on the machine now cannot give back any earlier epoch's key, and an
//! intruder who takes it cannot re-seal the past. Before the first
//! checkpoint of an epoch the sealer evolves the key and overwrites the old
//! one in place. The verification key, printed once by `seal --init` and
//! kept off the machine, is `K(0)` with the start and the interval: from it
//! a verifier derives every epoch's key.

use sha2::{Digest, Sha256};

use super::hex;

const EVOLVE: &[u8] = b"ds01-events seal key v1";
const VERIFY_PREFIX: &str = "ds01-seal-v1";

/// One epoch's key, with the schedule that numbers the epochs.
#[derive(Clone, PartialEq, Eq)]
pub struct SealKey {
    pub epoch: u64,
    /// Unix seconds at which epoch 0 began.
    pub start: i64,
    /// Seconds per epoch.
    pub interval: u64,
    pub key: [u8; 32],
}

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material by accident.
        write!(
            f,
            "SealKey {{ epoch: {}, start: {}, interval: {} }}",
            self.epoch, self.start, self.interval
        )
    }
}

/// The key of the epoch after `key`.
pub fn evolve(key: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(EVOLVE);
    h.update(key);
    h.finalize().into()
}

impl SealKey {
    /// The epoch that the instant `unix` falls in (0 before the start).
    pub fn epoch_at(&self, unix: i64) -> u64 {
        if unix <= self.start {
            return 0;
        }
        ((unix - self.start) as u64) / self.interval.max(1)
    }

    /// When epoch `e` begins, in Unix seconds (saturating).
    pub fn epoch_start(&self, e: u64) -> i64 {
        self.start
            .saturating_add(e.saturating_mul(self.interval).min(i64::MAX as u64) as i64)
    }

    /// This key evolved forward to epoch `e` (never backward).
    pub fn advanced_to(&self, e: u64) -> SealKey {
        let mut k = self.clone();
        while k.epoch < e {
            k.key = evolve(&k.key);
            k.epoch += 1;
        }
        k
    }

    /// The fixed-width text of `seal.key`: always the same length, so the
    /// sealer can overwrite the old key in place.
    pub fn to_file_text(&self) -> String {
        format!(
            "ds01-seal-key v1 epoch={:020} start={:020} interval={:020} key={}\n",
            self.epoch,
            self.start,
            self.interval,
            hex(&self.key)
        )
    }

    pub fn from_file_text(text: &str) -> Result<SealKey, String> {
        let mut epoch = None;
        let mut start = None;
        let mut interval = None;
        let mut key = None;
        let mut words = text.split_whitespace();
        if words.next() != Some("ds01-seal-key") || words.next() != Some("v1") {
            return Err("not a ds01-events seal key".into());
        }
        for w in words {
            match w.split_once('=') {
                Some(("epoch", v)) => epoch = v.parse().ok(),
                Some(("start", v)) => start = v.parse().ok(),
                Some(("interval", v)) => interval = v.parse().ok().filter(|i| *i > 0),
                Some(("key", v)) => key = unhex32(v),
                _ => return Err(format!("unexpected field '{w}'")),
            }
        }
        match (epoch, start, interval, key) {
            (Some(epoch), Some(start), Some(interval), Some(key)) => Ok(SealKey {
                epoch,
                start,
                interval,
                key,
            }),
            _ => Err("a field is missing or invalid".into()),
        }
    }

    /// The verification key line: `ds01-seal-v1:START:INTERVAL:HEX(K0)`.
    /// Only meaningful for the epoch-0 key.
    pub fn verification_key(&self) -> String {
        format!(
            "{VERIFY_PREFIX}:{}:{}:{}",
            self.start,
            self.interval,
            hex(&self.key)
        )
    }

    pub fn from_verification_key(text: &str) -> Result<SealKey, String> {
        let parts: Vec<&str> = text.trim().split(':').collect();
        let bad = || {
            "not a verification key: expected ds01-seal-v1:START:INTERVAL:KEY as printed by 'seal --init'"
                .to_string()
        };
        if parts.len() != 4 || parts[0] != VERIFY_PREFIX {
            return Err(bad());
        }
        Ok(SealKey {
            epoch: 0,
            start: parts[1].parse().map_err(|_| bad())?,
            interval: parts[2].parse().ok().filter(|i| *i > 0).ok_or_else(bad)?,
            key: unhex32(parts[3]).ok_or_else(bad)?,
        })
    }
}

fn unhex32(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k0() -> SealKey {
        SealKey {
            epoch: 0,
            start: 1_764_580_000,
            interval: 900,
            key: [7; 32],
        }
    }

    #[test]
    fn file_text_is_fixed_width_and_round_trips() {
        let k = k0();
        let later = k.advanced_to(123_456);
        assert_eq!(k.to_file_text().len(), later.to_file_text().len());
        assert_eq!(
            SealKey::from_file_text(&later.to_file_text()).unwrap(),
            later
        );
    }

    #[test]
    fn verification_key_round_trips_and_derives_every_epoch() {
        let k = k0();
        let v = SealKey::from_verification_key(&k.verification_key()).unwrap();
        assert_eq!(v, k);
        let e5 = k.advanced_to(5);
        let mut manual = k.key;
        for _ in 0..5 {
            manual = evolve(&manual);
        }
        assert_eq!(e5.key, manual);
        assert_ne!(e5.key, k.key);
        assert!(SealKey::from_verification_key("ds01-seal-v1:1:2:zz").is_err());
    }

    #[test]
    fn epochs() {
        let k = k0();
        assert_eq!(k.epoch_at(k.start - 5), 0);
        assert_eq!(k.epoch_at(k.start + 899), 0);
        assert_eq!(k.epoch_at(k.start + 900), 1);
        assert_eq!(k.epoch_start(2), k.start + 1800);
    }
}
