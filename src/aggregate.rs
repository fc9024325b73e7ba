//! Exact counts in one streaming pass on every core, through the engine's
//! [`fold`]: behind `summary`, `types --used`, `metrics` and guided's catalog. Memory grows with the number of
//! distinct keys, never with the number of events.

use std::collections::{BTreeMap, HashMap};
use std::io;

use jiff::Timestamp;

use crate::engine::{fold, Request, Stats};
use crate::event::Event;

/// Width of a time bucket: 15 minutes, so local hours in any zone (offsets
/// are multiples of 15 minutes) are sums of whole buckets.
pub const BUCKET_SECS: i64 = 900;

/// Counts of matching events.
#[derive(Clone, Debug, Default)]
pub struct Aggregate {
    pub total: u64,
    /// Lines that are not events, among all lines read.
    pub malformed: u64,
    /// Matching events whose time cannot be read.
    pub untimed: u64,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    pub by_type: HashMap<String, u64>,
    pub by_user: HashMap<String, u64>,
    pub by_source: HashMap<String, u64>,
    /// One map per `--by` field, in the order given.
    pub by_field: Vec<HashMap<String, u64>>,
    /// Bucket index (unix seconds / BUCKET_SECS) -> events.
    pub buckets: BTreeMap<i64, u64>,
}

/// The label for events without a user.
pub const SYSTEM_USER: &str = "(system)";
/// The label for events without a source or without the `--by` field.
pub const NONE_LABEL: &str = "(none)";

impl Aggregate {
    pub fn with_fields(n: usize) -> Self {
        Aggregate {
            by_field: vec![HashMap::new(); n],
            ..Default::default()
        }
    }

    pub fn add(&mut self, e: &Event, fields: &[String]) {
        self.total += 1;
        bump(&mut self.by_type, &e.event_type);
        bump(&mut self.by_user, e.user.as_deref().unwrap_or(SYSTEM_USER));
        bump(
            &mut self.by_source,
            e.source.as_deref().unwrap_or(NONE_LABEL),
        );
        for (map, f) in self.by_field.iter_mut().zip(fields) {
            match e.field(f) {
                Some(v) => bump(map, &v.text()),
                None => bump(map, NONE_LABEL),
            }
        }
        match e.time {
            Some(t) => {
                self.first = Some(self.first.map_or(t, |f| f.min(t)));
                self.last = Some(self.last.map_or(t, |l| l.max(t)));
                *self
                    .buckets
                    .entry(t.as_second().div_euclid(BUCKET_SECS))
                    .or_default() += 1;
            }
            None => self.untimed += 1,
        }
    }

    pub fn merge(&mut self, o: Aggregate) {
        self.total += o.total;
        self.malformed += o.malformed;
        self.untimed += o.untimed;
        self.first = match (self.first, o.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last = match (self.last, o.last) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        merge_counts(&mut self.by_type, o.by_type);
        merge_counts(&mut self.by_user, o.by_user);
        merge_counts(&mut self.by_source, o.by_source);
        for (a, b) in self.by_field.iter_mut().zip(o.by_field) {
            merge_counts(a, b);
        }
        for (k, v) in o.buckets {
            *self.buckets.entry(k).or_default() += v;
        }
    }
}

/// Counts one more `key` (the key copied only the first time).
pub(crate) fn bump<S: std::hash::BuildHasher>(map: &mut HashMap<String, u64, S>, key: &str) {
    add_to(map, key, 1);
}

/// `map[key] += n`, the key copied only the first time.
pub(crate) fn add_to<N, S>(map: &mut HashMap<String, N, S>, key: &str, n: N)
where
    N: std::ops::AddAssign,
    S: std::hash::BuildHasher,
{
    match map.get_mut(key) {
        Some(v) => *v += n,
        None => {
            map.insert(key.to_string(), n);
        }
    }
}

/// Adds the counts of `b` to `a`.
pub(crate) fn merge_counts<S: std::hash::BuildHasher>(
    a: &mut HashMap<String, u64, S>,
    b: HashMap<String, u64, S>,
) {
    for (k, v) in b {
        *a.entry(k).or_default() += v;
    }
}

/// Counts, largest first, ties by key.
pub fn ranked(map: &HashMap<String, u64>) -> Vec<(&str, u64)> {
    let mut v: Vec<(&str, u64)> = map.iter().map(|(k, &n)| (k.as_str(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

/// Counts every matching event of the request (its limit is ignored),
/// through the engine's forward scan: the prefilter skips lines that cannot
/// match, and malformed lines are counted as a query counts them.
pub fn aggregate(req: &Request, fields: &[String]) -> io::Result<Aggregate> {
    let mut total = Aggregate::with_fields(fields.len());
    let mut stats = Stats::default();
    fold(
        req,
        &mut stats,
        || Aggregate::with_fields(fields.len()),
        |a, e, _line| a.add(e, fields),
        |a| total.merge(a),
    )?;
    total.malformed = stats.malformed;
    Ok(total)
}
