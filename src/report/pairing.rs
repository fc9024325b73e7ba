//! GPU intervals and container lifetimes, paired in file order.
//!
//! GPU: per (container, GPU), where GPU is the text of `details.gpu_uuid`
//! or else `details.gpu`, an allocation (`gpu.allocate` or `gpu.allocated`)
//! opens an interval unless one is already open, a release (`gpu.release`
//! or `gpu.released`) closes the open one, and a release with nothing open
//! is ignored. The pairing runs over the whole history, so an interval
//! opened before the window keeps a second tense inside it from opening
//! another; only intervals opened inside the window are counted, one still
//! open at the window's end ends there, and its hours go to the user of the
//! event that opened it.
//!
//! Lifetimes: from `detection.container_discovered` to the next
//! `detection.container_exited` of the same `container_id`, both inside the
//! window (a second discovery while one is open is ignored).

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::{FxMap, Step, Steps, Window, DAY_SECS};
use crate::aggregate::add_to;

/// GPU time, in microseconds (sums are exact; hours only on output).
#[derive(Clone, Debug, Default)]
pub struct GpuHours {
    pub by_user: FxMap<String, i64>,
    pub by_gpu: FxMap<String, i64>,
    pub total: i64,
    /// UTC day index -> microseconds of counted intervals within that day,
    /// for the first and last (partial) day of each interval.
    partial: BTreeMap<i64, i64>,
    /// UTC day index -> change in the number of intervals covering whole
    /// days from that day on (so a year-long interval costs two entries).
    whole: BTreeMap<i64, i64>,
    /// Intervals counted.
    pub intervals: u64,
    /// Of those, the ones still open at the window's end.
    pub open_at_end: u64,
}

impl GpuHours {
    fn add(&mut self, user: &str, gpu: &str, start: Timestamp, end: Timestamp) {
        let (a, b) = (start.as_microsecond(), end.as_microsecond());
        let us = (b - a).max(0);
        add_to(&mut self.by_user, user, us);
        add_to(&mut self.by_gpu, gpu, us);
        self.total += us;
        self.intervals += 1;
        if us == 0 {
            return;
        }
        // Split over the UTC days it spans.
        let day_us = DAY_SECS * 1_000_000;
        let (da, db) = (a.div_euclid(day_us), b.div_euclid(day_us));
        if da == db {
            *self.partial.entry(da).or_default() += us;
            return;
        }
        *self.partial.entry(da).or_default() += (da + 1) * day_us - a;
        if b > db * day_us {
            *self.partial.entry(db).or_default() += b - db * day_us;
        }
        if db > da + 1 {
            *self.whole.entry(da + 1).or_default() += 1;
            *self.whole.entry(db).or_default() -= 1;
        }
    }

    /// UTC day index -> microseconds of counted intervals within that day.
    pub fn per_day(&self) -> BTreeMap<i64, i64> {
        let day_us = DAY_SECS * 1_000_000;
        let mut out = self.partial.clone();
        let mut covering = 0i64;
        let mut from: Option<i64> = None;
        for (&d, &delta) in &self.whole {
            if let Some(f) = from {
                if covering > 0 {
                    for day in f..d {
                        *out.entry(day).or_default() += covering * day_us;
                    }
                }
            }
            covering += delta;
            from = Some(d);
        }
        out
    }

    pub fn merge(&mut self, o: GpuHours) {
        for (k, v) in o.by_user {
            *self.by_user.entry(k).or_default() += v;
        }
        for (k, v) in o.by_gpu {
            *self.by_gpu.entry(k).or_default() += v;
        }
        for (k, v) in o.partial {
            *self.partial.entry(k).or_default() += v;
        }
        for (k, v) in o.whole {
            *self.whole.entry(k).or_default() += v;
        }
        self.total += o.total;
        self.intervals += o.intervals;
        self.open_at_end += o.open_at_end;
    }
}

/// Container lifetimes in microseconds, in the order they closed.
#[derive(Clone, Debug, Default)]
pub struct Lifetimes {
    pub us: Vec<i64>,
}

impl Lifetimes {
    pub fn merge(&mut self, o: Lifetimes) {
        self.us.extend(o.us);
    }

    pub fn n(&self) -> usize {
        self.us.len()
    }

    /// Mean in hours; `None` without lifetimes.
    pub fn mean_hours(&self) -> Option<f64> {
        if self.us.is_empty() {
            return None;
        }
        let sum: i128 = self.us.iter().map(|&u| u as i128).sum();
        Some(sum as f64 / self.us.len() as f64 / super::US_PER_HOUR)
    }

    /// Median in hours: the upper middle value for an even count.
    pub fn median_hours(&self) -> Option<f64> {
        if self.us.is_empty() {
            return None;
        }
        let mut v = self.us.clone();
        v.sort_unstable();
        Some(v[v.len() / 2] as f64 / super::US_PER_HOUR)
    }
}

struct Open {
    start: Timestamp,
    /// The opening event's user and the GPU, as indexes into [`Names`].
    user: u32,
    gpu: u32,
    /// Opened inside the window.
    counted: bool,
}

/// Names kept once each (users and GPUs are few, their events many).
#[derive(Default)]
struct Names {
    index: FxMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.into());
        self.index.insert(name.into(), i);
        i
    }

    fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }
}

/// The pairing state of one history.
pub struct Pairing {
    window: Window,
    /// Open intervals by (GPU index, container): the GPU's index in
    /// little-endian bytes, then the container's name.
    open: FxMap<Box<[u8]>, Open>,
    key: Vec<u8>,
    users: Names,
    gpus: Names,
    alive: FxMap<Box<str>, Timestamp>,
    gpu: GpuHours,
    lifetimes: Lifetimes,
}

impl Pairing {
    pub fn new(window: Window) -> Pairing {
        Pairing {
            window,
            open: FxMap::default(),
            key: Vec::new(),
            users: Names::default(),
            gpus: Names::default(),
            alive: FxMap::default(),
            gpu: GpuHours::default(),
            lifetimes: Lifetimes::default(),
        }
    }

    /// Pairs the steps of one chunk, in order.
    pub fn take(&mut self, steps: &Steps) {
        for step in steps.iter() {
            self.step(step, steps);
        }
    }

    /// The open-interval key of (container, GPU) in `self.key`; the GPU's index.
    fn key_of(&mut self, container: &str, gpu: &str) -> u32 {
        let g = self.gpus.id(gpu);
        self.key.clear();
        self.key.extend_from_slice(&g.to_le_bytes());
        self.key.extend_from_slice(container.as_bytes());
        g
    }

    fn step(&mut self, step: &Step, steps: &Steps) {
        match *step {
            Step::Open {
                t,
                container,
                gpu,
                user,
            } => {
                let g = self.key_of(steps.get(container), steps.get(gpu));
                if !self.open.contains_key(self.key.as_slice()) {
                    let open = Open {
                        start: t,
                        user: self.users.id(steps.get(user)),
                        gpu: g,
                        counted: self.window.contains(Some(t)),
                    };
                    self.open.insert(self.key.as_slice().into(), open);
                }
            }
            Step::Close { t, container, gpu } => {
                self.key_of(steps.get(container), steps.get(gpu));
                if let Some(o) = self.open.remove(self.key.as_slice()) {
                    if o.counted {
                        let end = t.min(self.window.end);
                        let (user, gpu) = (self.users.name(o.user), self.gpus.name(o.gpu));
                        self.gpu.add(user, gpu, o.start, end);
                        if t > self.window.end {
                            self.gpu.open_at_end += 1;
                        }
                    }
                }
            }
            Step::Discovered { t, id } => {
                let id = steps.get(id);
                if !self.alive.contains_key(id) {
                    self.alive.insert(id.into(), t);
                }
            }
            Step::Exited { t, id } => {
                if let Some(start) = self.alive.remove(steps.get(id)) {
                    self.lifetimes
                        .us
                        .push((t.as_microsecond() - start.as_microsecond()).max(0));
                }
            }
        }
    }

    /// Ends the intervals still open at the window's end.
    pub fn finish(mut self) -> (GpuHours, Lifetimes) {
        let end = self.window.end;
        for o in std::mem::take(&mut self.open).into_values() {
            if o.counted {
                let (user, gpu) = (self.users.name(o.user), self.gpus.name(o.gpu));
                self.gpu.add(user, gpu, o.start, end);
                self.gpu.open_at_end += 1;
            }
        }
        (self.gpu, self.lifetimes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    /// Pairs the steps `f` records, as one chunk.
    fn paired(w: Window, f: impl FnOnce(&mut Steps)) -> GpuHours {
        let mut steps = Steps::default();
        f(&mut steps);
        let mut p = Pairing::new(w);
        p.take(&steps);
        p.finish().0
    }

    fn window() -> Window {
        Window::new(
            Some(ts("2026-10-01T00:00:00Z")),
            Some(ts("2026-11-01T00:00:00Z")),
            ts("2026-12-01T00:00:00Z"),
        )
    }

    #[test]
    fn both_tenses_count_once_and_orphan_releases_are_ignored() {
        let g = paired(window(), |s| {
            s.open(ts("2026-10-02T00:00:00Z"), "c", "0", "alice");
            s.open(ts("2026-10-02T00:00:01Z"), "c", "0", "alice");
            s.close(ts("2026-10-02T02:00:00Z"), "c", "0");
            s.close(ts("2026-10-02T02:00:01Z"), "c", "0");
        });
        assert_eq!(g.total, 2 * 3600 * 1_000_000);
        assert_eq!(g.per_day().values().sum::<i64>(), g.total);
        assert_eq!(g.intervals, 1);
    }

    #[test]
    fn opened_before_the_window_is_not_counted_and_blocks_a_second_tense() {
        let g = paired(window(), |s| {
            s.open(ts("2026-09-30T23:59:59Z"), "c", "0", "alice");
            s.open(ts("2026-10-01T00:00:01Z"), "c", "0", "alice");
            s.close(ts("2026-10-01T01:00:00Z"), "c", "0");
        });
        assert_eq!(g.total, 0);
        assert_eq!(g.intervals, 0);
    }

    #[test]
    fn open_at_the_end_ends_there_and_splits_by_day() {
        let g = paired(window(), |s| {
            s.open(ts("2026-10-31T12:00:00Z"), "c", "GPU-1", "bob");
            s.close(ts("2026-11-02T00:00:00Z"), "c", "GPU-1");
            s.open(ts("2026-10-31T18:00:00Z"), "d", "GPU-2", "bob");
        });
        assert_eq!(g.by_user["bob"], 18 * 3600 * 1_000_000);
        assert_eq!(g.open_at_end, 2);
        assert_eq!(g.per_day().values().sum::<i64>(), g.total);
        assert_eq!(g.per_day().len(), 1);
    }

    #[test]
    fn long_intervals_split_by_day() {
        let w = Window::new(None, None, ts("2027-01-01T00:00:00Z"));
        let g = paired(w, |s| {
            s.open(ts("2026-10-01T12:00:00Z"), "c", "0", "a");
            s.close(ts("2026-10-05T06:00:00Z"), "c", "0");
            s.open(ts("2026-10-03T00:00:00Z"), "d", "0", "a");
            s.close(ts("2026-10-04T00:00:00Z"), "d", "0");
        });
        let h = 3_600_000_000i64;
        let days: Vec<i64> = g.per_day().values().copied().collect();
        assert_eq!(days, vec![12 * h, 24 * h, 48 * h, 24 * h, 6 * h]);
        assert_eq!(g.total, days.iter().sum::<i64>());
    }

    #[test]
    fn upper_median() {
        let l = Lifetimes {
            us: vec![4, 1, 3, 2]
                .into_iter()
                .map(|h| h * 3_600_000_000)
                .collect(),
        };
        assert_eq!(l.median_hours(), Some(3.0));
        assert_eq!(l.mean_hours(), Some(2.5));
    }
}
