//! `--output csv`: a header row, then one row per event with details
//! flattened to columns (nested values as JSON). Columns come from the first
//! 2,000 rows; keys first seen later go to a final `other` column as JSON.
//! Control characters are escaped (`\e`, `\n`) even in a file: it will be
//! `cat` on a terminal sooner or later.
//!
//! Formula injection: a spreadsheet runs a cell that starts with `=`, `+`,
//! `-`, `@`, tab or CR as a formula (`=HYPERLINK(...)` from an event type is
//! enough). `-o csv` writes such a cell with a leading `'` (OWASP's advice),
//! which spreadsheets show as text; `-o csv-bare` writes the bare values for
//! programs (pandas, csvkit) that read the cells as data.

use std::io::{self, Write};

use super::escape::escape;
use super::{value_text, Match, Sink};

const BATCH: usize = 2_000;
const FIXED: [&str; 5] = ["timestamp", "event_type", "user", "source", "container"];

pub struct CsvSink<'a> {
    out: Box<dyn Write + 'a>,
    bare: bool,
    pending: Vec<Match>,
    columns: Option<Vec<String>>,
}

/// One CSV field: escaped (always: a CSV file is `cat` on a terminal as
/// often as it is read by pandas, and a control character is never real
/// data), quoted when it holds a separator, quote, newline or edge space.
pub fn field(s: &str) -> String {
    cell(s, false)
}

/// Whether a spreadsheet would read a cell with this text as a formula. A
/// plain number (`-5`, `+1.5e3`) is left as it is: it is read as that number.
pub fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number(s)
}

fn plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match digits.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (digits, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    !int.is_empty()
        && all_digits(int)
        && all_digits(frac)
        && exponent.is_none_or(|e| !e.is_empty() && all_digits(e))
}

/// One CSV field, neutralised against formulas unless `bare`.
pub fn cell(s: &str, bare: bool) -> String {
    let neutral;
    let s = if !bare && looks_like_formula(s) {
        neutral = format!("'{s}");
        escape(&neutral)
    } else {
        escape(s)
    };
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

impl<'a> CsvSink<'a> {
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        CsvSink {
            out,
            bare: false,
            pending: Vec::new(),
            columns: None,
        }
    }

    /// `-o csv-bare`: the values as they are (control characters still escaped).
    pub fn bare(out: Box<dyn Write + 'a>) -> Self {
        CsvSink {
            bare: true,
            ..CsvSink::new(out)
        }
    }

    fn field(&self, s: &str) -> String {
        cell(s, self.bare)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.columns.is_none() {
            let mut cols: Vec<String> = Vec::new();
            for m in &self.pending {
                for k in m.event.details.keys() {
                    if k != "container" && !cols.contains(k) {
                        cols.push(k.clone());
                    }
                }
            }
            let header: Vec<String> = FIXED
                .iter()
                .map(|s| s.to_string())
                .chain(cols.iter().cloned())
                .chain(std::iter::once("other".to_string()))
                .map(|c| self.field(&c))
                .collect();
            writeln!(self.out, "{}", header.join(","))?;
            self.columns = Some(cols);
        }
        let cols = self.columns.clone().unwrap_or_default();
        for m in std::mem::take(&mut self.pending) {
            let e = &m.event;
            let mut cells = vec![
                e.time_text_v1(),
                e.event_type.clone(),
                e.user.clone().unwrap_or_default(),
                e.source.clone().unwrap_or_default(),
                e.container().unwrap_or_default().to_string(),
            ];
            for c in &cols {
                cells.push(e.details.get(c).map(value_text).unwrap_or_default());
            }
            let other: serde_json::Map<String, serde_json::Value> = e
                .details
                .iter()
                .filter(|(k, _)| *k != "container" && !cols.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            cells.push(if other.is_empty() {
                String::new()
            } else {
                serde_json::Value::Object(other).to_string()
            });
            let line: Vec<String> = cells.iter().map(|c| self.field(c)).collect();
            writeln!(self.out, "{}", line.join(","))?;
        }
        Ok(())
    }
}

impl Sink for CsvSink<'_> {
    fn write(&mut self, m: &Match) -> io::Result<()> {
        self.pending.push(m.clone());
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }
    /// No renderer exists for this format (rows depend on each other).
    fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }
    fn finish(&mut self) -> io::Result<()> {
        if self.columns.is_none() && self.pending.is_empty() {
            // No rows: still a header, so tools read an empty table.
            self.columns = Some(Vec::new());
            let header: Vec<&str> = FIXED.iter().copied().chain(["other"]).collect();
            writeln!(self.out, "{}", header.join(","))?;
        }
        self.flush()?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        for (cell_text, want) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\\tx"),
            ("\rx", "'\\rx"),
            ("-Infinity", "'-Infinity"),
            ("-5", "-5"),
            ("+1.5e3", "+1.5e3"),
            ("-0.25", "-0.25"),
            ("-", "'-"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(cell(cell_text, false), want, "{cell_text:?}");
        }
        assert_eq!(cell("=1+1", true), "=1+1");
        assert_eq!(cell("\u{1b}x", true), "\\ex");
    }
}
