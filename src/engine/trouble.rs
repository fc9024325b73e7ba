//! Inputs that could not be read whole: each reported once on stderr, and
//! remembered for the exit code (65) and the metrics gauge.

use std::io;
use std::path::{Path, PathBuf};
/// Inputs skipped (not regular files) or found damaged during this run,
/// each reported once on stderr.
static TROUBLE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Reports an input that could not be read whole, once per path, and
/// remembers it for the exit code and the metrics gauge.
pub fn note_trouble(path: &Path, what: &str) {
    let Ok(mut seen) = TROUBLE.lock() else {
        return;
    };
    if seen.iter().any(|p| p == path) {
        return;
    }
    seen.push(path.to_path_buf());
    crate::say!(
        "ds01-events: {}: {what}",
        crate::output::escape::escape(&path.display().to_string())
    );
}

/// How many inputs could not be read whole so far.
pub fn trouble_count() -> usize {
    TROUBLE.lock().map(|s| s.len()).unwrap_or(0)
}

/// The exit code of a command that gave its answer: [`crate::exit::OK`], or
/// [`crate::exit::PARTIAL`] when an input was skipped or damaged.
pub fn answer_code() -> i32 {
    if trouble_count() > 0 {
        crate::exit::PARTIAL
    } else {
        crate::exit::OK
    }
}

/// The stderr text for a damaged archive.
pub fn damaged(e: &io::Error) -> String {
    format!("damaged archive ({e}); its events up to the damage were read, the other files in full (gzip -t checks it)")
}

/// The stderr text for a sibling that is not a regular file.
pub fn skipped(e: &io::Error) -> String {
    format!("skipped: {e}; only regular files are read (ls -l shows what it is; remove it)")
}
