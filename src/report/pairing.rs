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

use super::{FxMap, Step, Window, DAY_SECS};

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
        *self.by_user.entry(user.to_string()).or_default() += us;
        *self.by_gpu.entry(gpu.to_string()).or_default() += us;
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
    user: String,
    /// Opened inside the window.
    counted: bool,
}

/// The pairing state of one history.
pub struct Pairing {
    window: Window,
    open: FxMap<(String, String), Open>,
    alive: FxMap<String, Timestamp>,
    gpu: GpuHours,
    lifetimes: Lifetimes,
}

impl Pairing {
    pub fn new(window: Window) -> Pairing {
        Pairing {
            window,
            open: FxMap::default(),
            alive: FxMap::default(),
            gpu: GpuHours::default(),
            lifetimes: Lifetimes::default(),
        }
    }

    pub fn step(&mut self, step: Step) {
        match step {
            Step::Open {
                t,
                container,
                gpu,
                user,
            } => {
                self.open.entry((container, gpu)).or_insert_with(|| Open {
                    start: t,
                    user,
                    counted: self.window.contains(Some(t)),
                });
            }
            Step::Close { t, container, gpu } => {
                let key = (container, gpu);
                if let Some(o) = self.open.remove(&key) {
                    if o.counted {
                        let end = t.min(self.window.end);
                        self.gpu.add(&o.user, &key.1, o.start, end);
                        if t > self.window.end {
                            self.gpu.open_at_end += 1;
                        }
                    }
                }
            }
            Step::Discovered { t, id } => {
                self.alive.entry(id).or_insert(t);
            }
            Step::Exited { t, id } => {
                if let Some(start) = self.alive.remove(&id) {
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
        for ((_, gpu), o) in std::mem::take(&mut self.open) {
            if o.counted {
                self.gpu.add(&o.user, &gpu, o.start, end);
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

    fn open(t: &str, c: &str, g: &str, u: &str) -> Step {
        Step::Open {
            t: ts(t),
            container: c.into(),
            gpu: g.into(),
            user: u.into(),
        }
    }

    fn close(t: &str, c: &str, g: &str) -> Step {
        Step::Close {
            t: ts(t),
            container: c.into(),
            gpu: g.into(),
        }
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
        let mut p = Pairing::new(window());
        p.step(open("2026-10-02T00:00:00Z", "c", "0", "alice"));
        p.step(open("2026-10-02T00:00:01Z", "c", "0", "alice"));
        p.step(close("2026-10-02T02:00:00Z", "c", "0"));
        p.step(close("2026-10-02T02:00:01Z", "c", "0"));
        let (g, _) = p.finish();
        assert_eq!(g.total, 2 * 3600 * 1_000_000);
        assert_eq!(g.per_day().values().sum::<i64>(), g.total);
        assert_eq!(g.intervals, 1);
    }

    #[test]
    fn opened_before_the_window_is_not_counted_and_blocks_a_second_tense() {
        let mut p = Pairing::new(window());
        p.step(open("2026-09-30T23:59:59Z", "c", "0", "alice"));
        p.step(open("2026-10-01T00:00:01Z", "c", "0", "alice"));
        p.step(close("2026-10-01T01:00:00Z", "c", "0"));
        let (g, _) = p.finish();
        assert_eq!(g.total, 0);
        assert_eq!(g.intervals, 0);
    }

    #[test]
    fn open_at_the_end_ends_there_and_splits_by_day() {
        let mut p = Pairing::new(window());
        p.step(open("2026-10-31T12:00:00Z", "c", "GPU-1", "bob"));
        p.step(close("2026-11-02T00:00:00Z", "c", "GPU-1"));
        p.step(open("2026-10-31T18:00:00Z", "d", "GPU-2", "bob"));
        let (g, _) = p.finish();
        assert_eq!(g.by_user["bob"], 18 * 3600 * 1_000_000);
        assert_eq!(g.open_at_end, 2);
        assert_eq!(g.per_day().values().sum::<i64>(), g.total);
        assert_eq!(g.per_day().len(), 1);
    }

    #[test]
    fn long_intervals_split_by_day() {
        let w = Window::new(None, None, ts("2027-01-01T00:00:00Z"));
        let mut p = Pairing::new(w);
        p.step(open("2026-10-01T12:00:00Z", "c", "0", "a"));
        p.step(close("2026-10-05T06:00:00Z", "c", "0"));
        p.step(open("2026-10-03T00:00:00Z", "d", "0", "a"));
        p.step(close("2026-10-04T00:00:00Z", "d", "0"));
        let (g, _) = p.finish();
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
