//! Counting passes (summary, types --used, metrics, guided's catalog): a
//! per-chunk accumulator on every core, through the same forward scan as a
//! query, so they get the byte prefilter, the binary search for `--since`,
//! the stop after `--until` and the same malformed counts.

use std::io;
use std::sync::Arc;

use super::scan::{scan_forward, Visitor};
use super::{start_offsets, tolerant, Flow, Request, Stats};
use crate::event::Event;

/// A [`Visitor`] from two closures, with the stream's host set on each
/// event before it is visited.
struct Folder<'a, S, V> {
    start: &'a S,
    visit: &'a V,
    host: Option<Arc<str>>,
}

impl<A, S, V> Visitor for Folder<'_, S, V>
where
    A: Send,
    S: Fn() -> A + Sync,
    V: Fn(&mut A, &Event, &[u8]) + Sync,
{
    type Acc = A;

    fn start(&self) -> A {
        (self.start)()
    }

    fn matched(&self, acc: &mut A, mut event: Event, line: &[u8]) {
        event.host.clone_from(&self.host);
        (self.visit)(acc, &event, line)
    }
}

/// Visits every match of the request (its limit is ignored): `visit` runs
/// on the workers into an accumulator made by `start` per chunk, and each
/// accumulator is handed to `merge` (in file order per input). Malformed
/// lines are counted in `stats`, as a query counts them.
pub fn fold<A, S, V>(
    req: &Request,
    stats: &mut Stats,
    start: S,
    visit: V,
    mut merge: impl FnMut(A),
) -> io::Result<()>
where
    A: Send,
    S: Fn() -> A + Sync,
    V: Fn(&mut A, &Event, &[u8]) + Sync,
{
    for stream in &req.streams {
        let folder = Folder {
            start: &start,
            visit: &visit,
            host: stream.host.clone(),
        };
        for (input, offset) in start_offsets(stream, req.filter.since)? {
            // A damaged archive counts up to the damage, then the others.
            let read = scan_forward(&input, offset, &req.filter, &folder, stats, &mut |acc| {
                merge(acc);
                Flow::More
            });
            tolerant(stream, &input, read)?;
        }
    }
    Ok(())
}
