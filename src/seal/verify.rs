//! `verify`: the event files against their checkpoints.
//!
//! Without the key: the chain of checkpoints (an edit, removal or reorder
//! breaks it) and every sealed byte range of every file. With the
//! verification key, also each checkpoint's MAC with the key of its own
//! epoch, that its epoch matches when it was sealed, that the first
//! checkpoint is in epoch 0 (made by `seal --init`), and that no checkpoint
//! covers events much older than its epoch: what a re-seal with a later key
//! looks like (journald's CVE-2023-31439 was not checking this).

use std::collections::HashMap;
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::Path;

use serde::Serialize;

use super::checkpoint::{self, Checkpoint, GENESIS};
use super::key::SealKey;
use super::sealer::{content, count_lines, id_of, read_chunks};
use super::{inputs, name_of, SealDir};

/// How a finding counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Sealed history differs from its seals.
    Tampered,
    /// A file could not be read.
    Unreadable,
    /// Worth knowing, not tampering (the unsealed tail, a repaired crash).
    Note,
}

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub message: String,
}

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub checkpoints: u64,
    pub files: u64,
    pub sealed_lines: u64,
    /// Complete lines after the last checkpoint of their file.
    pub unsealed: u64,
    pub key_checked: bool,
    pub findings: Vec<Finding>,
}

impl Report {
    fn tampered(&mut self, message: String) {
        self.findings.push(Finding {
            kind: Kind::Tampered,
            message,
        });
    }
    fn note(&mut self, kind: Kind, message: String) {
        self.findings.push(Finding { kind, message });
    }
    pub fn has(&self, kind: Kind) -> bool {
        self.findings.iter().any(|f| f.kind == kind)
    }
}

/// Lines `a-b` (or `a`), as a finding names them.
fn lines(a: u64, n: u64) -> String {
    match n {
        0 => format!("line {a}"),
        1 => format!("line {a}"),
        _ => format!("lines {a}-{}", a + n - 1),
    }
}

fn plural(n: u64, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// How far before its epoch an event may be and still be sealed in it.
/// The timer seals every minute, so an honest checkpoint covers events at
/// most about a minute old; two whole intervals (and 5 s for the writer's
/// own deadline) is far beyond that, and far short of what a re-seal with a
/// later epoch's key covers.
fn age_tolerance(k: &SealKey) -> i64 {
    2 * k.interval as i64 + 5
}

pub fn verify(dir: &SealDir, events: &Path, key: Option<&SealKey>) -> Report {
    let mut r = Report {
        key_checked: key.is_some(),
        ..Report::default()
    };
    let data = match std::fs::read(dir.seals()) {
        Ok(d) => d,
        Err(e) => {
            r.note(
                Kind::Unreadable,
                format!(
                    "cannot read {}: {e}; is sealing set up (sudo ds01-events seal --init)?",
                    dir.seals().display()
                ),
            );
            return r;
        }
    };
    let cps = check_chain(&data, key, &mut r);
    r.checkpoints = cps.len() as u64;
    check_files(&cps, events, key, &mut r);
    r
}

/// Parses the checkpoints and checks their sequence, chain, epochs and
/// MACs. Returns the ones that parse.
fn check_chain(data: &[u8], key: Option<&SealKey>, r: &mut Report) -> Vec<Checkpoint> {
    let mut out = Vec::new();
    let complete = memchr::memrchr(b'\n', data).map_or(0, |p| p + 1);
    if complete < data.len() {
        r.note(
            Kind::Note,
            "seals.jsonl ends in a torn checkpoint (a seal was interrupted); the next seal repairs it".into(),
        );
    }
    let (mut prev_seq, mut prev_chain, mut prev_epoch) = (0u64, GENESIS.to_string(), 0u64);
    let mut running = key.cloned();
    for (i, line) in data[..complete].split(|&b| b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let Some(c) = Checkpoint::parse(line) else {
            r.tampered(format!(
                "seals.jsonl line {}: not a checkpoint (edited?)",
                i + 1
            ));
            continue;
        };
        if c.seq > prev_seq + 1 {
            r.tampered(if c.seq == prev_seq + 2 {
                format!("checkpoint {} missing", prev_seq + 1)
            } else {
                format!("checkpoints {}-{} missing", prev_seq + 1, c.seq - 1)
            });
        } else if c.seq <= prev_seq {
            r.tampered(format!(
                "checkpoint {} out of order (after checkpoint {prev_seq})",
                c.seq
            ));
        } else if c.chain_after(&prev_chain) != c.chain {
            r.tampered(format!(
                "checkpoint {} edited: its chain does not follow from checkpoint {prev_seq}",
                c.seq
            ));
        }
        if let Some(k0) = key {
            if c.epoch < prev_epoch {
                running = Some(k0.clone());
            }
            let k = running.get_or_insert_with(|| k0.clone());
            if k.epoch > c.epoch {
                *k = k0.clone();
            }
            *k = k.advanced_to(c.epoch);
            if !c.mac_ok(&k.key) {
                r.tampered(format!(
                    "checkpoint {}: MAC does not verify with the key of epoch {} (forged or edited)",
                    c.seq, c.epoch
                ));
            } else if k0.epoch_at(c.at) != c.epoch {
                r.tampered(format!(
                    "checkpoint {} claims epoch {} but says it was sealed in epoch {}",
                    c.seq,
                    c.epoch,
                    k0.epoch_at(c.at)
                ));
            }
            if out.is_empty() && c.epoch != 0 {
                r.tampered(format!(
                    "the first checkpoint ({}) was sealed in epoch {}, not 0 (seal --init seals in epoch 0): history was re-sealed with a later key",
                    c.seq, c.epoch
                ));
            }
        }
        prev_seq = c.seq;
        prev_chain = c.chain.clone();
        prev_epoch = c.epoch;
        out.push(c);
    }
    out
}

/// One present file and what its checkpoints say of it.
struct Present {
    name: String,
    first_seq: Option<u64>,
}

fn check_files(cps: &[Checkpoint], events: &Path, key: Option<&SealKey>, r: &mut Report) {
    let mut by_id: HashMap<&str, Vec<&Checkpoint>> = HashMap::new();
    for c in cps.iter().filter(|c| c.lines > 0) {
        by_id.entry(c.id.as_str()).or_default().push(c);
    }
    for list in by_id.values_mut() {
        list.sort_by_key(|c| (c.start, c.seq));
    }
    let mut seen_ids: Vec<String> = Vec::new();
    let mut present: Vec<Present> = Vec::new();
    for input in inputs(events) {
        let name = name_of(&input.path);
        let (f, len) = match content(&input) {
            Ok(x) => x,
            Err(e) if e.kind() == io::ErrorKind::NotFound && input.path == events => continue,
            Err(e) => {
                r.note(Kind::Unreadable, format!("cannot read {name}: {e}"));
                continue;
            }
        };
        r.files += 1;
        let id = match id_of(&f, len) {
            Ok(Some(id)) => id,
            Ok(None) => {
                present.push(Present {
                    name,
                    first_seq: None,
                });
                continue;
            }
            Err(e) => {
                r.note(Kind::Unreadable, format!("cannot read {name}: {e}"));
                continue;
            }
        };
        let list = by_id.get(id.as_str()).cloned().unwrap_or_default();
        present.push(Present {
            name: name.clone(),
            first_seq: list.iter().map(|c| c.seq).min(),
        });
        seen_ids.push(id);
        if let Err(e) = check_file(&name, &f, len, &list, key, r) {
            r.note(Kind::Unreadable, format!("cannot read {name}: {e}"));
        }
    }
    // Files the checkpoints know that are no longer here: the oldest ones
    // were rotated away; any other was deleted or replaced.
    let oldest_present = present.iter().filter_map(|p| p.first_seq).min();
    let mut rotated_away = 0;
    for (id, list) in &by_id {
        if seen_ids.iter().any(|s| s == id) {
            continue;
        }
        let sealed: u64 = list.iter().map(|c| c.lines).sum();
        let seqs = (
            list.iter().map(|c| c.seq).min().unwrap_or(0),
            list.iter().map(|c| c.seq).max().unwrap_or(0),
        );
        if oldest_present.is_some_and(|o| seqs.1 < o) {
            rotated_away += 1;
            continue;
        }
        r.tampered(format!(
            "the file sealed as {} ({}, checkpoints {}-{}) is missing: deleted, replaced, or its first line changed",
            list[0].file,
            plural(sealed, "line"),
            seqs.0,
            seqs.1
        ));
    }
    if rotated_away > 0 {
        r.note(
            Kind::Note,
            format!("{rotated_away} older sealed file(s) no longer present (rotated away)"),
        );
    }
    // Files are read oldest first: their sealed history must be too.
    let mut last: Option<(&str, u64)> = None;
    for (i, p) in present.iter().enumerate() {
        match p.first_seq {
            Some(s) => {
                if let Some((prev, ps)) = last {
                    if s < ps {
                        r.tampered(format!(
                            "{} holds history sealed before {prev} but is read after it: rotated files renamed or swapped",
                            p.name
                        ));
                    }
                }
                last = Some((&p.name, s));
            }
            None if present[i + 1..].iter().any(|q| q.first_seq.is_some()) => r.tampered(format!(
                "{} is covered by no checkpoint though later files are sealed: replaced, or its first line changed",
                p.name
            )),
            None => {}
        }
    }
}

/// Whether `f[start..start+len]` is whole lines hashing to `range`.
fn range_matches(f: &File, flen: u64, start: u64, len: u64, range: &str) -> io::Result<bool> {
    if start + len > flen {
        return Ok(false);
    }
    if start > 0 && byte_at(f, start - 1)? != b'\n' {
        return Ok(false);
    }
    match super::range::hash_and_count(f, start, start + len) {
        Ok((hash, _)) => Ok(checkpoint::digest_of(&hash) == range),
        // It shrank since: not the sealed bytes.
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(e),
    }
}

fn byte_at(f: &File, at: u64) -> io::Result<u8> {
    let mut b = [0u8; 1];
    f.read_exact_at(&mut b, at)?;
    Ok(b[0])
}

/// The oldest event time among the lines of `from..to`.
fn oldest_event(f: &File, from: u64, to: u64) -> io::Result<Option<i64>> {
    let mut oldest: Option<i64> = None;
    let mut carry: Vec<u8> = Vec::new();
    read_chunks(f, from, to, |b| {
        carry.extend_from_slice(b);
        let end = memchr::memrchr(b'\n', &carry).map_or(0, |p| p + 1);
        for line in carry[..end].split(|&c| c == b'\n') {
            if let Some(t) = crate::engine::line_time(line) {
                let s = t.as_second();
                oldest = Some(oldest.map_or(s, |o| o.min(s)));
            }
        }
        carry.drain(..end);
    })?;
    Ok(oldest)
}

/// Line starts in `from..to`, at most `max` of them.
fn line_starts(f: &File, from: u64, to: u64, max: usize) -> io::Result<Vec<u64>> {
    let mut starts = vec![from];
    let mut pos = from;
    read_chunks(f, from, to, |b| {
        for p in memchr::memchr_iter(b'\n', b) {
            if starts.len() < max {
                starts.push(pos + p as u64 + 1);
            }
        }
        pos += b.len() as u64;
    })?;
    Ok(starts)
}

/// How many candidate positions a re-alignment tries.
const REALIGN_CANDIDATES: usize = 20_000;

fn check_file(
    name: &str,
    f: &File,
    flen: u64,
    list: &[&Checkpoint],
    key: Option<&SealKey>,
    r: &mut Report,
) -> io::Result<()> {
    // Where the current file's bytes stand relative to the sealed offsets
    // (lines deleted before a point shift everything after it).
    let mut delta: i64 = 0;
    let mut sealed_end = 0u64;
    let mut prev: Option<&Checkpoint> = None;
    let mut i = 0;
    while i < list.len() {
        let c = list[i];
        if c.start != sealed_end {
            r.tampered(format!(
                "{name}: checkpoint {} starts at byte {} but the sealed part ended at byte {sealed_end}{}",
                c.seq,
                c.start,
                prev.map(|p| format!(" (checkpoint {})", p.seq)).unwrap_or_default()
            ));
        }
        sealed_end = c.end;
        prev = Some(c);
        let len = c.end - c.start;
        let start = (c.start as i64 + delta).max(0) as u64;
        if start >= flen {
            let last_sealed = list.last().map_or(c.line + c.lines, |l| l.line + l.lines) - 1;
            r.tampered(format!(
                "{name}: file truncated at byte {flen}: sealed {} gone",
                lines(c.line, last_sealed + 1 - c.line)
            ));
            return Ok(());
        }
        let last_sealed = list.last().map_or(c.line + c.lines, |l| l.line + l.lines) - 1;
        if start + len > flen {
            // The file ends inside this range.
            let now_lines = count_lines(f, start, flen)?;
            let what = lines(c.line, c.lines);
            if i + 1 < list.len() {
                r.tampered(format!(
                    "{name}: file truncated at byte {flen}: sealed lines {}-{last_sealed} cut",
                    c.line
                ));
            } else if now_lines < c.lines {
                r.tampered(format!(
                    "{name}: file truncated at byte {flen}, or lines deleted: sealed {what} are {now_lines} lines now, {} when sealed",
                    c.lines
                ));
            } else {
                r.tampered(format!("{name}: {what} changed after sealing"));
            }
            return Ok(());
        }
        if range_matches(f, flen, start, len, &c.range)? {
            r.sealed_lines += c.lines;
            if let Some(k) = key {
                check_age(name, f, start, start + len, c, k, r)?;
            }
            i += 1;
            continue;
        }
        // This range differs. Find where the next one stands now.
        let next = list.get(i + 1);
        let found = match next {
            Some(n) => {
                let window_end = (start + 2 * len + (1 << 20)).min(flen);
                line_starts(f, start, window_end, REALIGN_CANDIDATES)?
                    .into_iter()
                    .find(|&b| {
                        range_matches(f, flen, b, n.end - n.start, &n.range).unwrap_or(false)
                    })
            }
            None => None,
        };
        let now_end = match (next, found) {
            (Some(n), Some(b)) => {
                delta = b as i64 - n.start as i64;
                b
            }
            _ => (start + len).min(flen),
        };
        let now_lines = count_lines(f, start, now_end)?;
        let what = lines(c.line, c.lines);
        if now_lines < c.lines && (found.is_some() || next.is_none()) {
            r.tampered(format!(
                "{name}: {} deleted among sealed {what}",
                plural(c.lines - now_lines, "line")
            ));
        } else if now_lines > c.lines && found.is_some() {
            r.tampered(format!(
                "{name}: {} inserted among sealed {what}",
                plural(now_lines - c.lines, "line")
            ));
        } else {
            r.tampered(format!("{name}: {what} changed after sealing"));
        }
        if next.is_some() && found.is_none() {
            r.tampered(format!(
                "{name}: sealed history after {what} could not be found again (checked from byte {start})"
            ));
            return Ok(());
        }
        if next.is_none() {
            sealed_end = c.end;
            delta = now_end as i64 - c.end as i64;
        }
        i += 1;
    }
    let tail_start = (sealed_end as i64 + delta).max(0) as u64;
    if tail_start < flen {
        r.unsealed += count_lines(f, tail_start, flen)?;
    }
    Ok(())
}

/// A checkpoint past epoch 0 that covers events from well before its
/// epoch (but after sealing began) was sealed late: by a later key than
/// the one of their time.
fn check_age(
    name: &str,
    f: &File,
    from: u64,
    to: u64,
    c: &Checkpoint,
    k: &SealKey,
    r: &mut Report,
) -> io::Result<()> {
    if c.epoch == 0 {
        return Ok(());
    }
    let Some(oldest) = oldest_event(f, from, to)? else {
        return Ok(());
    };
    let epoch_start = k.epoch_start(c.epoch);
    if oldest >= k.start && oldest < epoch_start - age_tolerance(k) {
        let when = jiff::Timestamp::from_second(oldest)
            .map(|t| t.strftime("%Y-%m-%d %H:%M:%SZ").to_string())
            .unwrap_or_default();
        r.tampered(format!(
            "{name}: checkpoint {} (epoch {}) covers {} with events from {when}, long before its epoch: sealed late, by a re-seal with a later key or after sealing had stopped",
            c.seq,
            c.epoch,
            lines(c.line, c.lines)
        ));
    }
    Ok(())
}
