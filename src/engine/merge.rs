//! Several streams (the `--file`s, a collector's hosts) merged by time as
//! they are read, each on its own thread, in bounded memory.

use std::collections::VecDeque;
use std::io;

use jiff::Timestamp;

use super::{run_stream, share_workers, shifted, Flow, Item, Request, Stats, MAX_JITTER_SECS};
use crate::output::Match;
/// Puts one stream's matches in time order before the merge: lines come
/// up to [`MAX_JITTER_SECS`] out of order from concurrent writers,
/// so a match is handed on once a match that much newer (older, newest
/// first) has been seen. Memory: the matches of that window.
struct Reorder {
    newest_first: bool,
    heap: std::collections::BinaryHeap<Held>,
    seq: u64,
    /// The newest time seen (the oldest, newest first).
    edge: Option<Timestamp>,
}

struct Held {
    key: (Option<Timestamp>, u64),
    newest_first: bool,
    m: Match,
}

impl PartialEq for Held {
    fn eq(&self, o: &Self) -> bool {
        self.key == o.key
    }
}
impl Eq for Held {}
impl PartialOrd for Held {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Held {
    /// The heap's top is the next to hand on: the oldest (ties: first
    /// read), or newest first the newest (ties: last read first... as the
    /// reversed oldest-first order).
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        if self.newest_first {
            (self.key.0, std::cmp::Reverse(self.key.1)).cmp(&(o.key.0, std::cmp::Reverse(o.key.1)))
        } else {
            o.key.cmp(&self.key)
        }
    }
}

impl Reorder {
    fn new(newest_first: bool) -> Self {
        Reorder {
            newest_first,
            heap: std::collections::BinaryHeap::new(),
            seq: 0,
            edge: None,
        }
    }

    fn push(&mut self, m: Match, tx: &std::sync::mpsc::SyncSender<Match>) -> Flow {
        let t = m.event.time;
        if let Some(t) = t {
            self.edge = Some(match self.edge {
                None => t,
                Some(e) if self.newest_first => e.min(t),
                Some(e) => e.max(t),
            });
        }
        self.seq += 1;
        self.heap.push(Held {
            key: (t, self.seq),
            newest_first: self.newest_first,
            m,
        });
        let Some(edge) = self.edge else {
            return Flow::More;
        };
        let j = MAX_JITTER_SECS;
        while let Some(top) = self.heap.peek() {
            let ready = match top.key.0 {
                // Untimed matches come first oldest first, last newest first.
                None => !self.newest_first,
                Some(t) if self.newest_first => t > shifted(edge, j),
                Some(t) => t < shifted(edge, -j),
            };
            if !ready {
                break;
            }
            let held = self.heap.pop().expect("peeked");
            if tx.send(held.m).is_err() {
                return Flow::Stop;
            }
        }
        Flow::More
    }

    fn finish(&mut self, tx: &std::sync::mpsc::SyncSender<Match>) {
        while let Some(held) = self.heap.pop() {
            if tx.send(held.m).is_err() {
                return;
            }
        }
    }
}

/// Runs a request over several streams, merged by time as they are read:
/// oldest first, or newest first for a reverse stream; ties keep stream
/// order. `plain` is the request without rendering (merging needs times).
pub(super) fn merge_streams(
    req: &Request,
    plain: &Request,
    stats: &mut Stats,
    sink: &mut dyn FnMut(Item) -> Flow,
) -> io::Result<()> {
    let newest_first = req.reverse_stream && req.limit.is_none();
    // The cores are shared among the streams: fewer chunks in flight.
    let _share = share_workers(req.streams.len());
    std::thread::scope(|scope| {
        let mut receivers = Vec::new();
        let mut threads = Vec::new();
        for stream in &req.streams {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Match>(256);
            threads.push(scope.spawn(move || {
                let mut st = Stats::default();
                let mut window = Reorder::new(newest_first);
                let r = run_stream(stream, plain, &mut st, &mut |item| match item {
                    Item::Match(mut m) => {
                        m.event.host = stream.host.clone();
                        window.push(m, &tx)
                    }
                    Item::Rendered { .. } => Flow::More,
                });
                window.finish(&tx);
                (st, r)
            }));
            receivers.push(rx);
        }
        let mut heads: Vec<Option<Match>> = receivers.iter().map(|r| r.recv().ok()).collect();
        // With a limit each stream hands over its newest N: keep the
        // newest N of the merge.
        let mut ring: VecDeque<Match> = VecDeque::new();
        let mut stopped = false;
        loop {
            let mut best: Option<usize> = None;
            for (i, h) in heads.iter().enumerate() {
                let Some(m) = h else { continue };
                let better = match best.and_then(|b| heads[b].as_ref()) {
                    None => true,
                    // Newest first is the oldest-first order reversed:
                    // on a tie the later stream comes first.
                    Some(b) if newest_first => m.event.time >= b.event.time,
                    Some(b) => m.event.time < b.event.time,
                };
                if better {
                    best = Some(i);
                }
            }
            let Some(i) = best else { break };
            let m = heads[i].take().expect("a head was chosen");
            heads[i] = receivers[i].recv().ok();
            match req.limit {
                Some(n) => {
                    if ring.len() == n {
                        ring.pop_front();
                    }
                    if n > 0 {
                        ring.push_back(m);
                    }
                }
                None => {
                    if sink(Item::Match(m)) == Flow::Stop {
                        stopped = true;
                        break;
                    }
                }
            }
        }
        // Unblock the streams still sending, then collect what they saw.
        drop(heads);
        drop(receivers);
        let mut first_err = None;
        for t in threads {
            match t.join() {
                Ok((st, r)) => {
                    stats.merge(st);
                    if let Err(e) = r {
                        first_err.get_or_insert(e);
                    }
                }
                Err(_) => {
                    first_err.get_or_insert(io::Error::other("a reader thread failed"));
                }
            }
        }
        if !stopped {
            for m in ring {
                if sink(Item::Match(m)) == Flow::Stop {
                    break;
                }
            }
        }
        first_err.map_or(Ok(()), Err)
    })
}
