//! What a read saw besides its matches: how many lines were malformed and
//! where the first one was, and how many matched.

use std::io;
use std::path::{Path, PathBuf};

use super::open_regular;
use crate::output::{self, escape::escape};
/// Malformed lines seen, and where the first one was.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub malformed: u64,
    pub first_malformed: Option<(PathBuf, Position)>,
    pub matched: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Position {
    Line(u64),
    Offset(u64),
}

impl Stats {
    pub(super) fn note(&mut self, path: &Path, pos: Position, count: u64) {
        if count == 0 {
            return;
        }
        self.malformed += count;
        let earlier = match &self.first_malformed {
            None => true,
            Some((p, old)) => p == path && pos < *old,
        };
        if earlier {
            self.first_malformed = Some((path.to_path_buf(), pos));
        }
    }

    /// Adds another stream's figures (its first malformed line counts when
    /// none was seen here).
    pub fn merge(&mut self, o: Stats) {
        self.malformed += o.malformed;
        self.matched += o.matched;
        if self.first_malformed.is_none() {
            self.first_malformed = o.first_malformed;
        }
    }

    /// The one stderr line about skipped lines, if any.
    pub fn report(&self) -> Option<String> {
        let (path, pos) = self.first_malformed.as_ref()?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A line number deep in a big file costs a read of everything before
        // it: past 64 MiB the byte offset is given instead (tail -c +N+1).
        let at = match *pos {
            Position::Line(n) => format!("{}:{n}", escape(&name)),
            Position::Offset(o) if o <= 64 << 20 => {
                format!("{}:{}", escape(&name), line_of_offset(path, o).unwrap_or(0))
            }
            Position::Offset(o) => format!("{} byte {o}", escape(&name)),
        };
        Some(format!(
            "skipped {} malformed line{}; first at {at}",
            output::thousands(self.malformed),
            if self.malformed == 1 { "" } else { "s" },
        ))
    }
}

/// 1-based line number of the line starting at byte `offset`.
fn line_of_offset(path: &Path, offset: u64) -> io::Result<u64> {
    use std::io::Read;
    let mut f = open_regular(path)?.take(offset);
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 1;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            return Ok(n);
        }
        n += memchr::memchr_iter(b'\n', &buf[..k]).count() as u64;
    }
}
