//! Forward scans: every chunk filtered on a worker (the byte prefilter
//! first, a parse only when it passes, malformed lines counted whatever the
//! filter), matches or rendered bytes handed on in file order, and the stop
//! after `--until` inside the part of the file known to be in order.

use std::io;

use jiff::Timestamp;

use super::{
    line_time, lines, order_of, parallel_scan, shifted, Chunk, Flow, Input, Item, LightRenderer,
    Position, Renderer, Stats, MAX_JITTER_SECS,
};
use crate::event::{self, parse_line, Event};
use crate::filter::Filter;
use crate::output::Match;
/// What a forward scan does with the lines that pass the filter: it runs on
/// the workers, one accumulator per chunk, and the accumulators come back
/// in file order. The engine owns everything else: the byte prefilter, the
/// parse, the malformed count, the `--until` stop.
pub trait Visitor: Sync {
    type Acc: Send;
    /// An empty accumulator for one chunk.
    fn start(&self) -> Self::Acc;
    /// Whether verbatim lines may be offered to [`Visitor::verbatim`]
    /// (only when the filter is decided by the envelope).
    fn wants_verbatim(&self) -> bool {
        false
    }
    /// A verbatim line whose envelope matched: `true` when handled
    /// from its bytes, `false` to have it parsed and passed to `matched`.
    fn verbatim(&self, _acc: &mut Self::Acc, _line: &[u8]) -> bool {
        false
    }
    /// A matching event and its line.
    fn matched(&self, acc: &mut Self::Acc, event: Event, line: &[u8]);
}

/// One chunk's accumulator and what the engine counted in it.
struct Scanned<A> {
    acc: A,
    lines: u64,
    malformed: u64,
    first_malformed: Option<u64>,
    /// Stream position of the first malformed line.
    first_malformed_offset: Option<u64>,
    /// A line at least MAX_JITTER past --until was seen: nothing later matches.
    past_until: bool,
}

impl<A> Scanned<A> {
    fn malformed_at(&mut self, chunk: &Chunk, line: &[u8]) {
        self.malformed += 1;
        self.first_malformed.get_or_insert(self.lines);
        let within = line.as_ptr() as usize - chunk.data.as_ptr() as usize;
        self.first_malformed_offset
            .get_or_insert(chunk.offset + within as u64);
    }
}

fn scan_chunk<V: Visitor>(
    chunk: &Chunk,
    filter: &Filter,
    stop_at: Option<(Timestamp, u64)>,
    visitor: &V,
) -> Scanned<V::Acc> {
    // Lines skipped as too long come just before the chunk's own lines.
    let mut r = Scanned {
        acc: visitor.start(),
        lines: chunk.overlong,
        malformed: chunk.overlong,
        first_malformed: (chunk.overlong > 0).then_some(1),
        first_malformed_offset: chunk.overlong_offset,
        past_until: false,
    };
    let verbatim = visitor.wants_verbatim() && filter.decided_by_envelope();
    for line in lines(&chunk.data) {
        r.lines += 1;
        if let Some((stop, before)) = stop_at {
            let within = (line.as_ptr() as usize - chunk.data.as_ptr() as usize) as u64;
            if chunk.offset + within < before && line_time(line).is_some_and(|t| t >= stop) {
                r.past_until = true;
                break;
            }
        }
        if !filter.line_may_match(line) {
            // Counted whatever the filter: a malformed line is reported.
            if event::is_malformed(line) {
                r.malformed_at(chunk, line);
            }
            continue;
        }
        // A line in its v1 form, when type and time are all the filter
        // asks: its envelope decides, and the visitor may take its bytes.
        if verbatim {
            if let Some((time, event_type)) = event::verbatim_line(line) {
                if !filter.envelope_matches(time, event_type) {
                    continue;
                }
                if visitor.verbatim(&mut r.acc, line) {
                    continue;
                }
            }
        }
        match parse_line(line) {
            Ok(event) => {
                if filter.matches_event(&event) {
                    visitor.matched(&mut r.acc, event, line);
                }
            }
            Err(_) => r.malformed_at(chunk, line),
        }
    }
    r
}

/// What the query path collects per chunk: matches, or (with a renderer)
/// their rendered bytes.
pub(super) struct Collected {
    matches: Vec<Match>,
    rendered: Vec<u8>,
    rendered_count: u64,
}

/// The query path's visitor: matches kept, or rendered on the workers (JSON
/// lines in their v1 form copied, table and CSV rows from their bytes).
pub(super) struct Collect<'a> {
    pub render: Option<&'a Renderer>,
    pub copy_verbatim: bool,
    pub light: Option<&'a LightRenderer>,
}

impl Collect<'_> {
    /// Matches kept as they are.
    pub(super) fn matches() -> Collect<'static> {
        Collect {
            render: None,
            copy_verbatim: false,
            light: None,
        }
    }
}

impl Visitor for Collect<'_> {
    type Acc = Collected;

    fn start(&self) -> Collected {
        Collected {
            matches: Vec::new(),
            rendered: Vec::new(),
            rendered_count: 0,
        }
    }

    fn wants_verbatim(&self) -> bool {
        self.render.is_some() && (self.light.is_some() || self.copy_verbatim)
    }

    fn verbatim(&self, acc: &mut Collected, line: &[u8]) -> bool {
        // A table or CSV row from the line's own bytes; a line the light
        // renderer declines is parsed.
        if let Some(light) = self.light {
            let mark = acc.rendered.len();
            if light(line, &mut acc.rendered) {
                acc.rendered_count += 1;
                return true;
            }
            acc.rendered.truncate(mark);
            return false;
        }
        // A line in its v1 form is its own JSON output.
        acc.rendered.extend_from_slice(line);
        acc.rendered.push(b'\n');
        acc.rendered_count += 1;
        true
    }

    fn matched(&self, acc: &mut Collected, event: Event, line: &[u8]) {
        match self.render {
            Some(render) => {
                render(&event, line, &mut acc.rendered);
                acc.rendered_count += 1;
            }
            None => acc.matches.push(Match {
                event,
                raw: line.to_vec(),
            }),
        }
    }
}

/// Hands one chunk's collected matches on as [`Item`]s.
fn hand_on(c: Collected, matched: &mut u64, each: &mut dyn FnMut(Item) -> Flow) -> Flow {
    if c.rendered_count > 0 {
        *matched += c.rendered_count;
        let item = Item::Rendered {
            bytes: c.rendered,
            count: c.rendered_count,
        };
        if each(item) == Flow::Stop {
            return Flow::Stop;
        }
    }
    for m in c.matches {
        *matched += 1;
        if each(Item::Match(m)) == Flow::Stop {
            return Flow::Stop;
        }
    }
    Flow::More
}

/// [`scan_forward`] with the query path's visitor, matches as [`Item`]s.
pub(super) fn scan_items(
    input: &Input,
    offset: u64,
    filter: &Filter,
    collect: &Collect<'_>,
    stats: &mut Stats,
    each: &mut dyn FnMut(Item) -> Flow,
) -> io::Result<Flow> {
    // Counted apart: `stats` is the scan's while it runs.
    let mut matched = 0;
    let flow = scan_forward(input, offset, filter, collect, stats, &mut |c| {
        hand_on(c, &mut matched, each)
    });
    stats.matched += matched;
    flow
}

/// Scans one input forward from `offset`, handing each chunk's accumulator
/// on in order. After `--until` it stops early only inside the prefix of
/// the file known to be in time order (then goes on from the end of that
/// prefix); other inputs are read whatever this one held, since nothing
/// says a later file holds only later lines.
pub(super) fn scan_forward<V: Visitor>(
    input: &Input,
    offset: u64,
    filter: &Filter,
    visitor: &V,
    stats: &mut Stats,
    each: &mut dyn FnMut(V::Acc) -> Flow,
) -> io::Result<Flow> {
    let order = match filter.until {
        Some(_) if !input.gz => {
            let f = input.open_file()?;
            let len = input.len_of(&f)?;
            Some(order_of(&f, len)?).filter(|o| o.upto > offset)
        }
        _ => None,
    };
    let stop_at = order.and_then(|o| {
        let stop = shifted(filter.until?, MAX_JITTER_SECS);
        Some((stop, o.upto - offset))
    });
    let (flow, at_until) = scan_forward_once(input, offset, filter, stop_at, visitor, stats, each)?;
    match order {
        // Past --until inside the ordered prefix: nothing there matches
        // any more; what follows it is read line by line.
        Some(o) if at_until && !o.whole => {
            scan_forward_once(input, o.upto, filter, None, visitor, stats, each).map(|(f, _)| f)
        }
        _ if at_until => Ok(Flow::More),
        _ => Ok(flow),
    }
}

/// One forward pass; says whether it stopped at `stop_at`.
fn scan_forward_once<V: Visitor>(
    input: &Input,
    offset: u64,
    filter: &Filter,
    stop_at: Option<(Timestamp, u64)>,
    visitor: &V,
    stats: &mut Stats,
    each: &mut dyn FnMut(V::Acc) -> Flow,
) -> io::Result<(Flow, bool)> {
    let reader = input.open_from(offset)?;
    let mut lines_before = 0u64;
    let mut flow = Flow::More;
    let mut at_until = false;
    parallel_scan(
        reader,
        |c| scan_chunk(c, filter, stop_at, visitor),
        |r| {
            if r.malformed > 0 {
                // From the start: the line number is known. After a seek:
                // the byte offset, turned into a line only if reported.
                let pos = match (offset, r.first_malformed_offset) {
                    (0, _) | (_, None) => {
                        Position::Line(lines_before + r.first_malformed.unwrap_or(1))
                    }
                    (_, Some(o)) => Position::Offset(offset + o),
                };
                stats.note(&input.path, pos, r.malformed);
            }
            lines_before += r.lines;
            let past_until = r.past_until;
            if each(r.acc) == Flow::Stop {
                flow = Flow::Stop;
                return Flow::Stop;
            }
            if past_until {
                at_until = true;
                return Flow::Stop;
            }
            Flow::More
        },
    )?;
    Ok((flow, at_until))
}

/// What one line is to a filter.
pub enum Class {
    Skip,
    Malformed,
    Match(Box<Match>),
}

/// Sorts one line: the byte checks first, a parse only when they pass, and
/// malformed lines counted whatever the filter.
pub fn classify(filter: &Filter, line: &[u8]) -> Class {
    if !filter.line_may_match(line) {
        return if event::is_malformed(line) {
            Class::Malformed
        } else {
            Class::Skip
        };
    }
    match parse_line(line) {
        Ok(event) if filter.matches_event(&event) => Class::Match(Box::new(Match {
            event,
            raw: line.to_vec(),
        })),
        Ok(_) => Class::Skip,
        Err(_) => Class::Malformed,
    }
}
