//! `--malformed`: the lines that are not events, each as `path:line`, the
//! reason and its text made safe, so an admin can see what queries skip.
//!
//! Time bounds apply by position: a malformed line has no time of its own,
//! so it is taken to be as old as the last event before it in its file (a
//! line before any event counts as inside the bounds).

use std::io::{self, BufRead, Write};

use serde_json::json;

use super::query::{self, QueryOptions};
use crate::engine;
use crate::event::{self, Malformed, MAX_READ_LINE};
use crate::exit::{self, Failure};
use crate::output::escape::escape_bytes;

/// How much of a line's text is shown.
const SHOWN: usize = 200;

/// Why a line is not an event, in the words `--malformed` prints.
pub fn reason(line: &[u8]) -> &'static str {
    match event::parse_line(line) {
        Ok(_) => "an event",
        Err(Malformed::InvalidJson) => {
            let t = line.trim_ascii();
            if t.starts_with(b"{") && !t.ends_with(b"}") {
                "truncated (no closing brace)"
            } else {
                "invalid JSON"
            }
        }
        Err(m) => m.as_str(),
    }
}

pub fn run(o: &QueryOptions) -> Result<i32, Failure> {
    let mut others = o.filters.clone();
    others.since = None;
    others.until = None;
    if let Some(flag) = others.first_given() {
        return Err(Failure::usage(format!(
            "--malformed lists lines that are not events, which {flag} cannot match; keep only --since/--until"
        )));
    }
    let req = query::build_request(o)?;
    let (since, until) = (req.filter.since, req.filter.until);
    let json = o.json;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut shown = 0u64;
    for stream in &req.streams {
        let Some(stream) = engine::check_readable(stream)? else {
            continue;
        };
        for input in &stream.inputs {
            let reader = match input.open() {
                Ok(r) => r,
                Err(e) => return Err(engine::cannot_read(&input.path, &e)),
            };
            let mut reader = io::BufReader::with_capacity(1 << 16, reader);
            let mut last_time: Option<jiff::Timestamp> = None;
            let mut buf = Vec::new();
            let mut n = 0u64;
            loop {
                buf.clear();
                // Lines beyond the read limit are read in parts, never whole.
                let got = read_line_capped(&mut reader, &mut buf)
                    .map_err(|e| engine::cannot_read(&input.path, &e))?;
                let Some(too_long) = got else { break };
                n += 1;
                let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
                if !too_long && !event::is_malformed(line) {
                    if let Some(t) = crate::engine::line_time(line) {
                        last_time = Some(t);
                    }
                    continue;
                }
                let inside = last_time
                    .is_none_or(|t| since.is_none_or(|s| t >= s) && until.is_none_or(|u| t < u));
                if !inside {
                    continue;
                }
                let why = if too_long {
                    "line too long"
                } else {
                    reason(line)
                };
                let text = escape_bytes(&line[..line.len().min(SHOWN)]);
                let more = if line.len() > SHOWN { "…" } else { "" };
                let path = input.path.display().to_string();
                let written = if json {
                    let v = json!({"path": path, "line": n, "reason": why, "text": format!("{text}{more}")});
                    writeln!(
                        out,
                        "{}",
                        crate::event::envelope::to_json_escaping(
                            &v,
                            crate::output::escape::is_unsafe_char
                        )
                    )
                } else {
                    writeln!(
                        out,
                        "{}:{n}: {why}: {text}{more}",
                        crate::output::escape::escape(&path)
                    )
                };
                if let Err(e) = written.and_then(|_| out.flush()) {
                    return query::output_error(e);
                }
                shown += 1;
            }
        }
    }
    if shown == 0 {
        crate::say!("ds01-events: no malformed lines in the files read");
    }
    Ok(exit::OK)
}

/// Reads one line into `buf`, keeping at most [`MAX_READ_LINE`] bytes of
/// it. `None` at the end; `Some(true)` when the line was longer.
fn read_line_capped(r: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Option<bool>> {
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            return Ok(any.then_some(too_long));
        }
        any = true;
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(p) => (p + 1, true),
            None => (chunk.len(), false),
        };
        let room = (MAX_READ_LINE + 1).saturating_sub(buf.len());
        if take > room {
            too_long = true;
        }
        buf.extend_from_slice(&chunk[..take.min(room)]);
        r.consume(take);
        if done {
            return Ok(Some(too_long));
        }
    }
}
