//! `--output csv`: a header row, then one row per event with details
//! flattened to columns (nested values as JSON). Columns come from the first
//! batch of rows; keys first seen later go to a final `other` column as JSON.
//! (A batch is 2,000 rows: enough to find the usual keys, small in memory.)

use std::io::{self, Write};

use super::escape::escape;
use super::{value_text, Match, Sink, Style};

const BATCH: usize = 2_000;
const FIXED: [&str; 5] = ["timestamp", "event_type", "user", "source", "container"];

pub struct CsvSink<'a> {
    style: Style,
    out: Box<dyn Write + 'a>,
    pending: Vec<Match>,
    columns: Option<Vec<String>>,
}

impl<'a> CsvSink<'a> {
    pub fn new(style: Style, out: Box<dyn Write + 'a>) -> Self {
        CsvSink {
            style,
            out,
            pending: Vec::new(),
            columns: None,
        }
    }

    fn field(&self, s: &str) -> String {
        let s = if self.style.tty { escape(s) } else { s.into() };
        if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.into_owned()
        }
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
