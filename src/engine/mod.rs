//! The read engine: every reader of the event log runs through it (queries,
//! follow's first screen, summary, types --used, metrics, report, doctor's
//! sample, guided's catalog).
//!
//! A [`Request`] names the streams (files with their rotated siblings) and
//! the [`Filter`]; [`run`] picks the fastest exact way to read them
//! (backwards for the newest N, binary search for `--since`, parallel
//! forward chunks otherwise, archives decompressed as a stream) and hands
//! matches to a sink in order, counting malformed lines in [`Stats`].
//! [`fold`] runs a per-chunk visitor on every core for counts.
//!
//! Every fast path returns exactly what a plain forward scan returns;
//! the property tests in `tests/` check that on random files.

use std::collections::VecDeque;
use std::io;

mod chunk;
mod fold;
mod input;
mod merge;
mod newest;
mod order;
mod scan;
mod seek;
mod stats;
mod streams;
#[cfg(test)]
mod tests;
mod trouble;
mod whole;

pub use chunk::*;
pub use fold::fold;
pub use input::*;
pub use newest::start_offsets;
pub use order::*;
pub use scan::{classify, Class};
pub use seek::*;
pub use stats::{Position, Stats};
pub use streams::*;
pub use trouble::*;
pub use whole::each_input;

use crate::filter::Filter;
use crate::output::Match;
use newest::{newest_backward, newest_first_all};
use scan::{scan_items, Collect};
/// Renders one match as output bytes; runs on the scan's worker threads.
pub type Renderer = std::sync::Arc<dyn Fn(&crate::event::Event, &[u8], &mut Vec<u8>) + Send + Sync>;

/// Renders a line already in its v1 form straight from its bytes, exactly
/// as the [`Renderer`] would render its parsed event; `false` when it
/// cannot (the line is then parsed).
pub type LightRenderer = std::sync::Arc<dyn Fn(&[u8], &mut Vec<u8>) -> bool + Send + Sync>;

/// What a scan hands on: matches, or (when the request has a renderer and
/// the matches stream straight to output) their rendered bytes.
// Matches are moved, not boxed: one allocation fewer per match on the hot path.
#[allow(clippy::large_enum_variant)]
pub enum Item {
    Match(Match),
    Rendered { bytes: Vec<u8>, count: u64 },
}

/// What the engine is asked.
#[derive(Clone, Default)]
pub struct Request {
    pub streams: Vec<Stream>,
    pub filter: Filter,
    /// `None`: every match.
    pub limit: Option<usize>,
    pub reverse: bool,
    /// Read the archives even without a time bound.
    pub archives: bool,
    /// The caller wants every match newest first: plain files are then read
    /// backwards and matches arrive newest first.
    pub reverse_stream: bool,
    /// Output is JSON and the filter needs no more than a line's envelope:
    /// verbatim lines ([`crate::event::verbatim_line`]) are copied to the
    /// output unparsed.
    pub copy_verbatim: bool,
    /// Render streamed matches on the workers (JSON, raw): output then
    /// scales with the cores and memory holds bytes, not parsed events.
    pub render: Option<Renderer>,
    /// With `render`, when the filter is decided by the envelope: lines in
    /// their v1 form rendered without a full parse (table, CSV).
    pub light: Option<LightRenderer>,
}

impl Request {
    /// The query path's visitor for this request's output.
    fn collect(&self) -> Collect<'_> {
        Collect {
            render: self.render.as_ref(),
            copy_verbatim: self.copy_verbatim,
            light: self.light.as_ref(),
        }
    }
}

/// Runs a request on one stream, calling `each` with matches in file order
/// (oldest first), or newest first for a backward read when `reverse`.
/// With a limit, only the newest `limit` matches are passed, oldest first.
pub fn run_stream(
    stream: &Stream,
    req: &Request,
    stats: &mut Stats,
    each: &mut dyn FnMut(Item) -> Flow,
) -> io::Result<()> {
    let filter = &req.filter;
    let since = filter.since;
    // Everything newest first from plain files: stream it backwards rather
    // than hold every match.
    if req.reverse_stream && req.limit.is_none() {
        for input in stream.inputs.iter().rev() {
            let read = newest_first_all(input, filter, stats, &mut |m| each(Item::Match(m)));
            if tolerant(stream, input, read)? == Flow::Stop {
                break;
            }
        }
        return Ok(());
    }
    match (req.limit, since) {
        // Newest N, no time bound: backward from the end of each input.
        (Some(limit), None) => {
            let mut newest_first = Vec::new();
            for input in stream.inputs.iter().rev() {
                let want = limit - newest_first.len();
                if want == 0 {
                    break;
                }
                // The newest `want` of this input, even if it is damaged
                // past some point: what was read before the damage counts.
                let read = if input.gz {
                    let mut ring = VecDeque::with_capacity(want.min(1 << 12));
                    let r = scan_items(input, 0, filter, &Collect::matches(), stats, &mut |item| {
                        if let Item::Match(m) = item {
                            if ring.len() == want {
                                ring.pop_front();
                            }
                            ring.push_back(m);
                        }
                        Flow::More
                    });
                    newest_first.extend(ring.into_iter().rev());
                    r
                } else {
                    newest_backward(input, filter, want, stats, &mut |m| {
                        newest_first.push(m);
                        Flow::More
                    })
                    .map(|()| Flow::More)
                };
                tolerant(stream, input, read)?;
            }
            newest_first.reverse();
            for m in newest_first {
                if each(Item::Match(m)) == Flow::Stop {
                    break;
                }
            }
            Ok(())
        }
        // A time bound (and maybe a limit): binary search to the start.
        (limit, Some(since)) => {
            let mut ring: VecDeque<Match> = VecDeque::new();
            for (input, offset) in start_offsets(stream, Some(since))? {
                let collect = match limit {
                    None => req.collect(),
                    Some(_) => Collect::matches(),
                };
                let read = scan_items(&input, offset, filter, &collect, stats, &mut |item| match (
                    limit, item,
                ) {
                    (Some(n), Item::Match(m)) => {
                        if ring.len() == n {
                            ring.pop_front();
                        }
                        if n > 0 {
                            ring.push_back(m);
                        }
                        Flow::More
                    }
                    (_, item) => each(item),
                });
                let flow = tolerant(stream, &input, read)?;
                if flow == Flow::Stop {
                    break;
                }
            }
            for m in ring {
                if each(Item::Match(m)) == Flow::Stop {
                    break;
                }
            }
            Ok(())
        }
        // Everything: forward, in parallel.
        (None, None) => {
            for input in &stream.inputs {
                let read = scan_items(input, 0, filter, &req.collect(), stats, &mut *each);
                if tolerant(stream, input, read)? == Flow::Stop {
                    break;
                }
            }
            Ok(())
        }
    }
}

/// Runs a request over all its streams: one stream directly, several merged
/// by time as they are read (each on its own thread, a few hundred matches
/// in flight each, so memory does not grow with the files): oldest first,
/// or newest first for a reverse stream; ties keep stream order.
pub fn run(req: &Request, stats: &mut Stats, sink: &mut dyn FnMut(Item) -> Flow) -> io::Result<()> {
    let hosted = req.streams.iter().any(|s| s.host.is_some());
    if req.streams.len() == 1 && !hosted {
        return run_stream(&req.streams[0], req, stats, sink);
    }
    // Merging needs the events' times, and a host's events carry its name:
    // no rendering on the workers.
    let plain = Request {
        render: None,
        copy_verbatim: false,
        light: None,
        ..req.clone()
    };
    if req.streams.len() == 1 {
        let host = req.streams[0].host.clone();
        return run_stream(&req.streams[0], &plain, stats, &mut |item| match item {
            Item::Match(mut m) => {
                m.event.host = host.clone();
                sink(Item::Match(m))
            }
            other => sink(other),
        });
    }
    merge::merge_streams(req, &plain, stats, sink)
}
