//! `--json`: one normalised v1 object per line. Terminal-unsafe characters
//! are written as `\uXXXX` escapes, so the output is valid JSON and safe.

use std::io::{self, Write};

use super::{Match, Sink};
use crate::envelope::write_json_escaping;
use crate::output::escape::is_unsafe;
use crate::record::Event;

pub struct JsonSink<'a> {
    out: Box<dyn Write + 'a>,
}

impl<'a> JsonSink<'a> {
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        JsonSink { out }
    }
}

/// One match as its output line.
pub fn render(e: &Event, raw: &[u8], out: &mut Vec<u8>) {
    if reusable(e, raw) {
        out.extend_from_slice(raw.trim_ascii());
    } else {
        write_json_escaping(&e.v1_ref(), is_unsafe, out);
    }
    out.push(b'\n');
}

/// Whether the line's own bytes are this event's output: already its v1
/// form, compact and printable (see [`crate::record::compact_printable`]).
fn reusable(e: &Event, raw: &[u8]) -> bool {
    e.verbatim_v1 && crate::record::compact_printable(raw)
}

impl Sink for JsonSink<'_> {
    fn write(&mut self, m: &Match) -> io::Result<()> {
        let mut buf = Vec::with_capacity(m.raw.len() + 64);
        render(&m.event, &m.raw, &mut buf);
        self.out.write_all(&buf)
    }
    fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }
    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
