//! The newest matches before following, through the engine: the archives
//! the request names, then the current file from the follower's own
//! descriptor up to where following starts (a pinned, bounded input), so
//! nothing is shown twice or missed.

use std::collections::VecDeque;
use std::sync::Arc;

use super::signals::stopped;
use super::tail::Follower;
use super::Halt;
use crate::engine::{self, Flow, Input, Item, Request, Stats, Stream};
use crate::output::Match;

/// Keeps the newest `n` matches.
fn keep(ring: &mut VecDeque<Match>, m: Match, n: usize) {
    if ring.len() == n {
        ring.pop_front();
    }
    if n > 0 {
        ring.push_back(m);
    }
}

/// Where the first screen's matches go: the newest N kept, collected for
/// a merge (`--hosts-dir`), or written as they come.
struct Screen<'f, 'a, 'c> {
    f: &'f mut Follower<'a>,
    limit: Option<usize>,
    ring: VecDeque<Match>,
    collect: Option<&'c mut Vec<Match>>,
}

impl Screen<'_, '_, '_> {
    fn take(&mut self, m: Match) -> Result<(), Halt> {
        match (self.limit, self.collect.as_mut()) {
            (Some(n), _) => keep(&mut self.ring, m, n),
            (None, Some(c)) => c.push(m),
            (None, None) => self.f.live.write(&m, false).map_err(Halt::Write)?,
        }
        Ok(())
    }

    /// Runs `req` on one stream, every match taken.
    fn read(&mut self, req: &Request, stream: Stream, stats: &mut Stats) -> Result<(), Halt> {
        let current = stream.current.clone();
        let one = Request {
            streams: vec![stream],
            render: None,
            reverse: false,
            reverse_stream: false,
            ..req.clone()
        };
        let mut halt = None;
        let r = engine::run(&one, stats, &mut |item| {
            if stopped() {
                halt = Some(Halt::Signal);
                return Flow::Stop;
            }
            if let Item::Match(m) = item {
                if let Err(h) = self.take(m) {
                    halt = Some(h);
                    return Flow::Stop;
                }
            }
            Flow::More
        });
        if let Some(h) = halt {
            return Err(h);
        }
        r.map_err(|e| Halt::Read(current, e))
    }
}

/// Shows (or with `collect`, gathers) the newest matches of `stream`
/// before following: its archives, then the current file up to the
/// follower's position. The current file's malformed lines are kept by the
/// follower (by file identity: it may be rotated away before the report),
/// the archives' in `stats`.
pub(super) fn first_screen(
    f: &mut Follower<'_>,
    req: &Request,
    stream: &Stream,
    stats: &mut Stats,
    collect: Option<&mut Vec<Match>>,
) -> Result<(), Halt> {
    let collected_before = collect.as_ref().map_or(0, |c| c.len());
    let archives: Vec<Input> = stream
        .inputs
        .iter()
        .filter(|i| i.path != stream.current)
        .cloned()
        .collect();
    let pinned = match &f.current {
        Some(t) => {
            let file = t
                .file
                .try_clone()
                .map_err(|e| Halt::Read(stream.current.clone(), e))?;
            Some((
                Input::pinned(stream.current.clone(), Arc::new(file), t.pos),
                t.id,
            ))
        }
        None => None,
    };
    let mut screen = Screen {
        f,
        limit: req.limit,
        ring: VecDeque::new(),
        collect,
    };
    if !archives.is_empty() {
        let astream = Stream {
            current: stream.current.clone(),
            inputs: archives,
            host: stream.host.clone(),
        };
        if let Some(astream) = engine::check_readable(&astream).map_err(Halt::Fail)? {
            screen.read(req, astream, stats)?;
        }
    }
    if let Some((input, id)) = pinned {
        let current = Stream {
            current: stream.current.clone(),
            inputs: vec![input],
            host: stream.host.clone(),
        };
        let mut own = Stats::default();
        let r = screen.read(req, current, &mut own);
        screen.f.bad.absorb(id, &own);
        r?;
    }
    let Screen {
        f, ring, collect, ..
    } = screen;
    if let Some(c) = collect {
        c.extend(ring);
        for m in c.iter_mut().skip(collected_before) {
            m.event.host.clone_from(&f.host);
        }
        return Ok(());
    }
    for m in ring {
        f.live.write(&m, false).map_err(Halt::Write)?;
    }
    f.live.flush().map_err(Halt::Write)
}
