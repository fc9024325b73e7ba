//! `--json`: one normalised v1 object per line. Terminal-unsafe characters
//! are written as `\uXXXX` escapes, so the output is valid JSON and safe.

use std::io::{self, Write};

use super::{Match, Sink};
use crate::event::envelope::write_json_escaping;
use crate::event::Event;
use crate::output::escape::is_unsafe;

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
    if is_verbatim(e, raw) {
        out.extend_from_slice(raw.trim_ascii());
    } else {
        write_json_escaping(&e.v1(), is_unsafe, out);
    }
    out.push(b'\n');
}

/// Whether the line is verbatim, so its own bytes are this event's output:
/// verbatim in shape and in bytes (see [`crate::event::verbatim_bytes`]).
fn is_verbatim(e: &Event, raw: &[u8]) -> bool {
    e.verbatim && e.host.is_none() && crate::event::verbatim_bytes(raw)
}

/// JSON text (from serde_json, which escapes only the C0 controls) with
/// every other character of [`crate::output::escape::is_unsafe_char`] written
/// as a `\uXXXX` escape (a surrogate pair above U+FFFF). Such characters can
/// only be inside strings, where the escape means the same character, so the
/// document reads back identical; structural whitespace is C0 and untouched.
pub fn make_safe(json: &str) -> std::borrow::Cow<'_, str> {
    use std::fmt::Write as _;
    let unsafe_here = |c: char| c >= ' ' && is_unsafe(c);
    if !json.chars().any(unsafe_here) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_here(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{:04x}", u);
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_safe_escapes_and_reads_back_the_same() {
        let v = serde_json::json!({
            "t": "a\u{85}b\u{9b}c\u{202e}d\u{200b}e\u{61c}f\u{e0041}g\u{7f}\u{1b}]52",
            "ok": "müller 🎉",
        });
        for text in [v.to_string(), serde_json::to_string_pretty(&v).unwrap()] {
            let safe = make_safe(&text);
            assert!(!safe.chars().any(|c| c != '\n' && is_unsafe(c)), "{safe}");
            assert!(
                safe.contains("\\u0085") && safe.contains("\\udb40\\udc41"),
                "{safe}"
            );
            assert!(safe.contains("müller 🎉"));
            let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
            assert_eq!(back, v);
        }
    }
}
