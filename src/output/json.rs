//! `--json`: one normalised v1 object per line. Terminal-unsafe characters
//! are written as `\uXXXX` escapes, so the output is valid JSON and safe.

use std::io::{self, Write};

use super::{Match, Sink};
use crate::envelope::to_json_escaping;
use crate::output::escape::is_unsafe;

pub struct JsonSink<'a> {
    out: Box<dyn Write + 'a>,
}

impl<'a> JsonSink<'a> {
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        JsonSink { out }
    }
}

impl Sink for JsonSink<'_> {
    fn write(&mut self, m: &Match) -> io::Result<()> {
        let mut s = to_json_escaping(&m.event.to_v1(), is_unsafe);
        s.push('\n');
        self.out.write_all(s.as_bytes())
    }
    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
