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

/// The columns of a CSV table, decided once: the fixed ones, the detail
/// keys of the first rows, `other`. One writer for the query and `follow`
/// (which has no detail columns: every detail goes to `other`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvLayout {
    pub columns: Vec<String>,
    pub bare: bool,
}

impl CsvLayout {
    /// The detail columns of `head` (the first matches), in order seen.
    pub fn of(head: &[Match], bare: bool) -> CsvLayout {
        let mut columns: Vec<String> = Vec::new();
        for m in head {
            for k in m.event.details.keys() {
                if k != "container" && !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
        CsvLayout { columns, bare }
    }

    /// The header row.
    pub fn render_header(&self, out: &mut Vec<u8>) {
        let names = FIXED
            .iter()
            .copied()
            .chain(self.columns.iter().map(String::as_str))
            .chain(std::iter::once("other"));
        for (i, name) in names.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_cell(name, self.bare, out);
        }
        out.push(b'\n');
    }

    /// One event as its row.
    pub fn render_event(&self, e: &crate::event::Event, out: &mut Vec<u8>) {
        let t = e.time_text.as_bytes();
        // Already `YYYY-MM-DDTHH:MM:SS.ffffffZ` (the v1 form): as it is.
        if e.time.is_some() && t.len() == 27 && t[10] == b'T' && t[19] == b'.' && t[26] == b'Z' {
            write_cell(&e.time_text, self.bare, out);
        } else {
            write_cell(&e.time_text_v1(), self.bare, out);
        }
        for s in [
            e.event_type.as_str(),
            e.user.as_deref().unwrap_or_default(),
            e.source.as_deref().unwrap_or_default(),
            e.container().unwrap_or_default(),
        ] {
            out.push(b',');
            write_cell(s, self.bare, out);
        }
        // Each detail to its column: one pass over the (few) details rather
        // than a map look-up per column.
        let mut slots: Vec<Option<&serde_json::Value>> = vec![None; self.columns.len()];
        let mut others = false;
        for (k, v) in &e.details {
            match self.columns.iter().position(|c| c == k) {
                Some(i) => slots[i] = Some(v),
                None => others |= k != "container",
            }
        }
        for slot in slots {
            out.push(b',');
            match slot {
                Some(serde_json::Value::String(s)) => write_cell(s, self.bare, out),
                Some(v) => write_cell(&value_text(v), self.bare, out),
                None => {}
            }
        }
        out.push(b',');
        let known = |k: &String| k == "container" || self.columns.contains(k);
        if others {
            let other: serde_json::Map<String, serde_json::Value> = e
                .details
                .iter()
                .filter(|(k, _)| !known(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            write_cell(
                &serde_json::Value::Object(other).to_string(),
                self.bare,
                out,
            );
        }
        out.push(b'\n');
    }
}

impl CsvLayout {
    /// A line in its v1 form as [`CsvLayout::render_event`] renders its
    /// parsed event; `false` (nothing written) when it cannot say (a detail
    /// for the `other` column).
    pub fn render_line(&self, line: &[u8], out: &mut Vec<u8>) -> bool {
        let Some(l) = super::light::read(line) else {
            return false;
        };
        let mut slots: Vec<Option<&str>> = vec![None; self.columns.len()];
        for (k, v, _) in &l.details {
            match self.columns.iter().position(|c| c == k) {
                Some(i) => slots[i] = Some(v),
                None if *k == "container" => {}
                None => return false,
            }
        }
        write_cell(l.time_text, self.bare, out);
        for s in [
            l.event_type,
            l.user.unwrap_or_default(),
            l.source.unwrap_or_default(),
            l.container().unwrap_or_default(),
        ] {
            out.push(b',');
            write_cell(s, self.bare, out);
        }
        for slot in slots {
            out.push(b',');
            if let Some(v) = slot {
                write_cell(v, self.bare, out);
            }
        }
        out.extend_from_slice(b",\n");
        true
    }
}

/// Writes one CSV field as [`cell`] does, without a copy when nothing
/// needs changing.
pub fn write_cell(s: &str, bare: bool, out: &mut Vec<u8>) {
    let plain = s.is_empty()
        || (s
            .bytes()
            .all(|b| (b' '..0x7f).contains(&b) && b != b',' && b != b'"')
            && !s.starts_with(' ')
            && !s.ends_with(' ')
            && (bare || !looks_like_formula(s)));
    if plain {
        out.extend_from_slice(s.as_bytes());
    } else {
        out.extend_from_slice(cell(s, bare).as_bytes());
    }
}

pub struct CsvSink<'a> {
    out: Box<dyn Write + 'a>,
    bare: bool,
    pending: Vec<Match>,
    layout: Option<CsvLayout>,
    buf: Vec<u8>,
}

impl<'a> CsvSink<'a> {
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        CsvSink {
            out,
            bare: false,
            pending: Vec::new(),
            layout: None,
            buf: Vec::with_capacity(1 << 16),
        }
    }

    /// `-o csv-bare`: the values as they are (control characters still escaped).
    pub fn bare(out: Box<dyn Write + 'a>) -> Self {
        CsvSink {
            bare: true,
            ..CsvSink::new(out)
        }
    }

    /// With the columns already decided (rows rendered elsewhere too): the
    /// header is written at once.
    pub fn with_layout(layout: CsvLayout, out: Box<dyn Write + 'a>) -> Self {
        let mut s = CsvSink {
            bare: layout.bare,
            ..CsvSink::new(out)
        };
        layout.render_header(&mut s.buf);
        s.layout = Some(layout);
        s
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.layout.is_none() {
            let layout = CsvLayout::of(&self.pending, self.bare);
            layout.render_header(&mut self.buf);
            self.layout = Some(layout);
        }
        let layout = self.layout.as_ref().expect("layout set above");
        for m in self.pending.drain(..) {
            layout.render_event(&m.event, &mut self.buf);
        }
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

impl Sink for CsvSink<'_> {
    fn write(&mut self, m: &Match) -> io::Result<()> {
        match &self.layout {
            Some(layout) => {
                layout.render_event(&m.event, &mut self.buf);
                if self.buf.len() >= 1 << 16 {
                    self.out.write_all(&self.buf)?;
                    self.buf.clear();
                }
                Ok(())
            }
            None => {
                self.pending.push(m.clone());
                if self.pending.len() >= BATCH {
                    self.flush()?;
                }
                Ok(())
            }
        }
    }
    /// Rows a [`CsvLayout`] rendered on a worker.
    fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.out.write_all(bytes)
    }
    fn finish(&mut self) -> io::Result<()> {
        // No rows: still a header, so tools read an empty table.
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
