//! Test data made inside the repository: the realistic generator behind
//! `ds01-events demo` (src/commands/demo.rs), relative to the current time
//! so relative phrases ("6 hours ago") find events on any date.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub use ds01_events::commands::demo::{generate, Sample, Spec};

/// A 30-day log of `lines` lines ending now: v1, old-schema and flat lines,
/// a few malformed ones (0.1%), concurrent-writer jitter.
pub fn sample(lines: usize, seed: u64) -> Sample {
    generate(&Spec::new(lines, seed, jiff::Timestamp::now()))
}

/// [`sample`] written to `dir/events.jsonl`.
pub fn sample_file(dir: &Path, lines: usize, seed: u64) -> PathBuf {
    let path = dir.join("events.jsonl");
    sample(lines, seed).write(&path).unwrap();
    path
}
