//! `ds01-events [filters]`: the query command. It turns the options into
//! an engine [`Request`] (filters, streams with the archives they need),
//! picks the output (table fitted to its first rows, JSON, CSV, raw, pager)
//! and runs the request through [`crate::engine::run`].

use std::io::{self, IsTerminal};

use jiff::Timestamp;

use crate::config::{OutputFormat, ViewSpec};
use crate::engine::{
    self, check_readable, classify, input_streams, run, start_offsets, with_archives, Class, Flow,
    Item, Request, Stats, Stream,
};
use crate::exit::{self, Failure};
use crate::filter::Filter;
use crate::output::escape::escape;
use crate::output::{self, Match, Style};

/// The default number of events shown.
pub const DEFAULT_LIMIT: usize = 50;

pub use crate::config::QueryOptions;

/// The clock and zone time phrases are read against.
pub fn now(utc: bool) -> jiff::Zoned {
    Timestamp::now().to_zoned(output::local_zone(utc))
}

/// Builds the request: filters, streams with the archives they need.
pub fn build_request(o: &QueryOptions) -> Result<Request, Failure> {
    let filter = Filter::build(&o.filters, &now(o.utc), o.grep_insensitive)?;
    let limit = if o.view.all {
        None
    } else {
        Some(o.view.limit.unwrap_or(o.default_limit))
    };
    // The whole history unless --current: the newest-N view reads the
    // archives only as far back as it needs, --since those it reaches.
    let streams = input_streams(&o.files, o.hosts_dir.as_deref(), &filter)?
        .iter()
        .map(|s| {
            if o.view.current {
                s.clone()
            } else {
                with_archives(s, filter.since, true)
            }
        })
        .collect();
    Ok(Request {
        streams,
        filter,
        limit,
        reverse: o.view.reverse,
        archives: o.view.archives,
        reverse_stream: false,
        copy_verbatim: false,
        render: None,
        light: None,
    })
}

/// The request for a pass over every match (summary, types --used), with
/// only the streams whose files exist; `None` when none does yet.
pub fn counting_request(o: QueryOptions) -> Result<Option<Request>, Failure> {
    let mut req = build_request(&QueryOptions {
        view: ViewSpec {
            all: true,
            ..o.view.clone()
        },
        ..o
    })?;
    let mut readable = Vec::new();
    for s in &req.streams {
        readable.extend(check_readable(s)?);
    }
    req.streams = readable;
    Ok((!req.streams.is_empty()).then_some(req))
}

/// `ds01-events [filters]`: print the matching events.
pub fn run_query(o: QueryOptions) -> Result<i32, Failure> {
    if o.view.malformed {
        return super::malformed::run(&o);
    }
    let req = build_request(&o)?;
    let mut readable = Vec::new();
    for s in &req.streams {
        readable.extend(check_readable(s)?);
    }
    if readable.is_empty() {
        let paths: Vec<String> = req
            .streams
            .iter()
            .map(|s| s.current.display().to_string())
            .collect();
        crate::say!(
            "ds01-events: no events recorded yet at {}",
            escape(&paths.join(", "))
        );
        return Ok(engine::answer_code());
    }
    let mut style = Style::new(o.view.format(o.json), o.color, o.utc);
    style.hosts = readable.iter().any(|s| s.host.is_some());
    let backward = req.reverse && req.limit.is_none();
    let req = Request {
        streams: readable,
        render: if req.reverse {
            None
        } else {
            output::renderer(&style)
        },
        reverse_stream: backward,
        copy_verbatim: style.format == OutputFormat::Json && req.filter.decided_by_envelope(),
        ..req
    };
    // Started first: the table is fitted to what the pager shows.
    let (pager, pipe) = match output::pager::start(!o.view.no_pager) {
        Some((p, pipe)) => (Some(p), Some(pipe)),
        None => (None, None),
    };
    // A table's widths and a CSV's columns come from the first matches:
    // decided from them up front, every row is then rendered on the workers
    // exactly as the sink would render it.
    let prepared = if req.render.is_none()
        && !req.reverse
        && req.limit.is_none()
        && req.streams.len() == 1
        && matches!(
            style.format,
            OutputFormat::Table | OutputFormat::Csv | OutputFormat::CsvBare
        ) {
        output::prepare(&style, &head(&req, output::HEAD))
    } else {
        None
    };
    let req = Request {
        render: match &prepared {
            Some(p) => Some(output::prepared_renderer(&style, p)),
            None => req.render.clone(),
        },
        light: prepared
            .as_ref()
            .filter(|_| req.filter.decided_by_envelope())
            .map(|p| output::prepared_light(&style, p)),
        ..req
    };
    let stdout = io::stdout();
    let out: Box<dyn io::Write> = match pipe {
        Some(pipe) => Box::new(io::BufWriter::with_capacity(1 << 16, pipe)),
        None => Box::new(io::BufWriter::with_capacity(1 << 16, stdout.lock())),
    };
    let mut sink = match &prepared {
        Some(p) => output::prepared_sink(&style, p, out),
        None => output::sink(&style, out),
    };
    let mut stats = Stats::default();
    let mut shown = 0u64;
    let mut write_error: Option<io::Error> = None;
    let mut reversed: Vec<Match> = Vec::new();
    let result = run(&req, &mut stats, &mut |item| {
        let m = match item {
            Item::Match(m) => m,
            Item::Rendered { bytes, count } => {
                shown += count;
                return match sink.write_rendered(&bytes) {
                    Ok(()) => Flow::More,
                    Err(e) => {
                        write_error = Some(e);
                        Flow::Stop
                    }
                };
            }
        };
        if req.reverse && !backward {
            reversed.push(m);
            return Flow::More;
        }
        shown += 1;
        match sink.write(&m) {
            Ok(()) => Flow::More,
            Err(e) => {
                write_error = Some(e);
                Flow::Stop
            }
        }
    });
    for m in reversed.into_iter().rev() {
        if write_error.is_some() {
            break;
        }
        shown += 1;
        if let Err(e) = sink.write(&m) {
            write_error = Some(e);
        }
    }
    if write_error.is_none() {
        if let Err(e) = sink.finish() {
            write_error = Some(e);
        }
    }
    drop(sink);
    if let Some(p) = pager {
        p.wait();
    }
    if let Some(e) = write_error {
        return output_error(e);
    }
    result.map_err(|e| read_error(&req, e))?;
    if let Some(line) = stats.report() {
        crate::say!("ds01-events: {line}");
    }
    if shown == 0 {
        crate::say!("ds01-events: no events match");
    } else if let Some(limit) = req.limit {
        if shown as usize == limit && io::stderr().is_terminal() {
            let (total, whole) = count_all(&req);
            if total > shown {
                crate::say!(
                    "ds01-events: showing {} of {}{} matching events (--all for all)",
                    output::thousands(shown),
                    if whole { "" } else { "at least " },
                    output::thousands(total)
                );
            }
        }
    }
    Ok(engine::answer_code())
}

/// The first `n` matches of a one-stream forward request, in output order:
/// read in sequence (a few chunks), not by the parallel scan, which would
/// go on reading after it is told to stop.
fn head(req: &Request, n: usize) -> Vec<Match> {
    let mut out = Vec::new();
    let Some(stream) = req.streams.first() else {
        return out;
    };
    let Ok(starts) = start_offsets(stream, req.filter.since) else {
        return out;
    };
    for (input, offset) in starts {
        let reader: Box<dyn io::Read + Send> = if offset > 0 && !input.gz {
            match engine::open_at(&input.path, offset) {
                Ok(r) => Box::new(r),
                Err(_) => continue,
            }
        } else {
            match input.open() {
                Ok(r) => r,
                Err(_) => continue,
            }
        };
        let mut chunker = engine::Chunker::new(reader);
        while let Ok(Some(c)) = chunker.next_chunk() {
            for line in engine::lines(&c.data) {
                if let Class::Match(m) = classify(&req.filter, line) {
                    out.push(*m);
                    if out.len() >= n {
                        return out;
                    }
                }
            }
        }
    }
    out
}

/// Every match, counted (for the "showing N of M" note on a terminal).
fn count_all(req: &Request) -> (u64, bool) {
    // The whole history may be a month of archives: count newest file
    // first and stop after a moment ("at least N"), a note must not cost
    // more than the answer.
    const BUDGET: std::time::Duration = std::time::Duration::from_millis(300);
    let started = std::time::Instant::now();
    let mut n = 0u64;
    for stream in &req.streams {
        for input in stream.inputs.iter().rev() {
            if started.elapsed() > BUDGET {
                return (n, false);
            }
            let one = Request {
                streams: vec![Stream {
                    current: stream.current.clone(),
                    inputs: vec![input.clone()],
                    host: stream.host.clone(),
                }],
                limit: None,
                render: None,
                reverse_stream: false,
                ..req.clone()
            };
            let mut stats = Stats::default();
            let _ = run(&one, &mut stats, &mut |_| {
                n += 1;
                Flow::More
            });
        }
    }
    (n, true)
}

/// A closed pipe (`| head`) is a normal end; other write errors are not.
/// Writes a whole rendered answer (summary, report) to stdout; the exit
/// code is the engine's answer.
pub fn print_answer(out: &str) -> Result<i32, Failure> {
    use std::io::Write as _;
    let mut stdout = io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        return output_error(e);
    }
    Ok(crate::engine::answer_code())
}

pub fn output_error(e: io::Error) -> Result<i32, Failure> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(exit::OK)
    } else {
        Err(Failure::new(
            exit::CANT_CREATE,
            format!("cannot write output: {e}; check the disk or the pipe"),
        ))
    }
}

fn read_error(req: &Request, e: io::Error) -> Failure {
    let paths: Vec<String> = req
        .streams
        .iter()
        .map(|s| s.current.display().to_string())
        .collect();
    Failure::new(
        exit::NO_INPUT,
        format!(
            "error reading {}: {e}; check the file system (dmesg) and the file (ls -l)",
            paths.join(", ")
        ),
    )
}
