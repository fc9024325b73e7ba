//! `report`: the month in numbers, from the event log alone. One streaming
//! pass over the whole history through the shared reader: each small
//! archive whole on a worker ([`crate::engine::each_input`]), the current
//! file and anything else in chunks ([`crate::engine::parallel_scan`]).
//! Workers read and count their lines (a plain v1 line through [`lite`], in
//! one pass with borrowed fields; counts merge in any order), and hand the
//! GPU and lifetime events, in file order, to the caller, which pairs them
//! ([`pairing`]). Memory grows with the number of users, GPUs and open
//! intervals, never with the number of events.

mod lite;
pub mod pairing;
pub mod render;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io;

use jiff::Timestamp;

use crate::aggregate::{bump, merge_counts, NONE_LABEL, SYSTEM_USER};
use crate::engine::{self, Flow};
use crate::engine::{tolerant, Stream};
use crate::event::{is_malformed, parse_line, peek_envelope, Event};
use crate::filter::Filter;

pub use pairing::{GpuHours, Lifetimes, Pairing};

/// A fast hasher for the report's maps (keys are short names; the default
/// SipHash was a tenth of the run). The FxHash mix, as in rustc.
#[derive(Clone, Copy, Default)]
pub struct Fx(u64);

impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map with the [`Fx`] hasher.
pub type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

/// Seconds in a day: the per-day rows are UTC days.
pub const DAY_SECS: i64 = 86_400;
/// Microseconds in an hour.
pub const US_PER_HOUR: f64 = 3_600_000_000.0;

/// The report's time window, `[since, until)`, and the instant at which an
/// interval still open is ended.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// `until`, or now when `until` is later or not given.
    pub end: Timestamp,
}

impl Window {
    pub fn new(since: Option<Timestamp>, until: Option<Timestamp>, now: Timestamp) -> Window {
        Window {
            since,
            until,
            end: until.map_or(now, |u| u.min(now)),
        }
    }

    pub fn bounded(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// Whether an event at `t` is inside the window. An event without a
    /// readable time is inside only a window without bounds.
    pub fn contains(&self, t: Option<Timestamp>) -> bool {
        match t {
            Some(t) => self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t < u),
            None => !self.bounded(),
        }
    }
}

/// The event types the report reads; every other line is only checked for
/// being malformed, never parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Create,
    Discovered,
    Exited,
    GpuOpen,
    GpuClose,
    Rejected,
    AuthDenied,
    BareMetal,
    IdleKill,
    RuntimeKill,
    OomKill,
    UserAdded,
}

pub fn kind_of(event_type: &str) -> Option<Kind> {
    Some(match event_type {
        "container.create" => Kind::Create,
        "detection.container_discovered" => Kind::Discovered,
        "detection.container_exited" => Kind::Exited,
        "gpu.allocate" | "gpu.allocated" => Kind::GpuOpen,
        "gpu.release" | "gpu.released" => Kind::GpuClose,
        "gpu.rejected" => Kind::Rejected,
        "auth.denied" => Kind::AuthDenied,
        "bare_metal.warning" => Kind::BareMetal,
        "maintenance.idle_kill" => Kind::IdleKill,
        "maintenance.runtime_kill" => Kind::RuntimeKill,
        "resource.oom_kill" => Kind::OomKill,
        "user.added" => Kind::UserAdded,
        _ => return None,
    })
}

/// Counts that merge in any order (one per chunk, summed).
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// Lines that are not events, among all lines read.
    pub malformed: u64,
    /// Events the report reads whose time cannot be read (left out of a
    /// window with bounds).
    pub untimed: u64,
    pub created: u64,
    pub created_by_type: FxMap<String, u64>,
    pub created_by_user: FxMap<String, u64>,
    pub exited: u64,
    pub discovered_gpu: u64,
    pub discovered_non_gpu: u64,
    pub rejected: u64,
    pub rejected_by_user: FxMap<String, u64>,
    pub auth_denied: u64,
    pub auth_denied_by_user: FxMap<String, u64>,
    pub bare_metal: u64,
    pub bare_metal_by_user: FxMap<String, u64>,
    pub idle_kill: u64,
    pub runtime_kill: u64,
    pub oom_kill: u64,
    pub new_users: u64,
    /// UTC day index (unix seconds / 86400) -> containers created.
    pub created_per_day: BTreeMap<i64, u64>,
    /// The first and last counted event.
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
}

/// `has_gpu` true, or the string "true" (the CLI writers' form).
fn has_gpu(v: Option<&serde_json::Value>) -> bool {
    match v {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::String(s)) => s == "true",
        _ => false,
    }
}

/// The text a filter compares: strings bare, other JSON as written.
fn text(v: &serde_json::Value) -> Cow<'_, str> {
    crate::event::FieldValue::Json(v).text()
}

/// What the report takes from one event, from the full parse or from
/// [`lite`], borrowed from the event or the line; only the fields its kind
/// needs are filled.
struct Facts<'a> {
    kind: Kind,
    time: Option<Timestamp>,
    user: &'a str,
    container: &'a str,
    gpu: Cow<'a, str>,
    container_type: Option<Cow<'a, str>>,
    has_gpu: bool,
    container_id: Option<Cow<'a, str>>,
}

impl<'a> Facts<'a> {
    fn new(kind: Kind, time: Option<Timestamp>, user: Option<&'a str>) -> Facts<'a> {
        Facts {
            kind,
            time,
            user: user.unwrap_or(SYSTEM_USER),
            container: "",
            gpu: Cow::Borrowed(""),
            container_type: None,
            has_gpu: false,
            container_id: None,
        }
    }

    fn of_event(kind: Kind, e: &'a Event) -> Facts<'a> {
        let mut f = Facts::new(kind, e.time, e.user.as_deref());
        let d = &e.details;
        match kind {
            Kind::GpuOpen | Kind::GpuClose => {
                f.container = e.container().unwrap_or_default();
                f.gpu = d
                    .get("gpu_uuid")
                    .or_else(|| d.get("gpu"))
                    .map(text)
                    .unwrap_or_default();
            }
            Kind::Create => f.container_type = e.field("container_type").map(|v| v.text()),
            Kind::Discovered | Kind::Exited => {
                f.has_gpu = has_gpu(d.get("has_gpu"));
                f.container_id = e.field("container_id").map(|v| v.text());
            }
            _ => {}
        }
        f
    }

    fn of_lite(kind: Kind, time: Option<Timestamp>, t: &lite::Top<'a>) -> Facts<'a> {
        let user = t.user.filter(|u| !u.is_empty());
        let mut f = Facts::new(kind, time, user);
        let d = &t.details;
        match kind {
            Kind::GpuOpen | Kind::GpuClose => {
                f.container = d.container().unwrap_or_default();
                f.gpu = d.gpu_uuid.or(d.gpu).map(|v| v.text()).unwrap_or_default();
            }
            Kind::Create => f.container_type = d.container_type.map(|v| v.text()),
            Kind::Discovered | Kind::Exited => {
                f.has_gpu = matches!(
                    d.has_gpu,
                    Some(lite::Small::Bool(true) | lite::Small::Str("true"))
                );
                f.container_id = d.container_id.map(|v| v.text());
            }
            _ => {}
        }
        f
    }
}

impl Counts {
    fn add(&mut self, f: &Facts) {
        let user = f.user;
        match f.kind {
            Kind::Create => {
                self.created += 1;
                bump(
                    &mut self.created_by_type,
                    f.container_type.as_deref().unwrap_or(NONE_LABEL),
                );
                bump(&mut self.created_by_user, user);
                if let Some(t) = f.time {
                    *self
                        .created_per_day
                        .entry(t.as_second().div_euclid(DAY_SECS))
                        .or_default() += 1;
                }
            }
            Kind::Discovered => {
                if f.has_gpu {
                    self.discovered_gpu += 1;
                } else {
                    self.discovered_non_gpu += 1;
                }
            }
            Kind::Exited => self.exited += 1,
            Kind::Rejected => {
                self.rejected += 1;
                bump(&mut self.rejected_by_user, user);
            }
            Kind::AuthDenied => {
                self.auth_denied += 1;
                bump(&mut self.auth_denied_by_user, user);
            }
            Kind::BareMetal => {
                self.bare_metal += 1;
                bump(&mut self.bare_metal_by_user, user);
            }
            Kind::IdleKill => self.idle_kill += 1,
            Kind::RuntimeKill => self.runtime_kill += 1,
            Kind::OomKill => self.oom_kill += 1,
            Kind::UserAdded => self.new_users += 1,
            Kind::GpuOpen | Kind::GpuClose => {}
        }
        if let Some(t) = f.time {
            self.first = Some(self.first.map_or(t, |f| f.min(t)));
            self.last = Some(self.last.map_or(t, |l| l.max(t)));
        }
    }

    pub fn merge(&mut self, o: Counts) {
        self.malformed += o.malformed;
        self.untimed += o.untimed;
        self.created += o.created;
        merge_counts(&mut self.created_by_type, o.created_by_type);
        merge_counts(&mut self.created_by_user, o.created_by_user);
        self.exited += o.exited;
        self.discovered_gpu += o.discovered_gpu;
        self.discovered_non_gpu += o.discovered_non_gpu;
        self.rejected += o.rejected;
        merge_counts(&mut self.rejected_by_user, o.rejected_by_user);
        self.auth_denied += o.auth_denied;
        merge_counts(&mut self.auth_denied_by_user, o.auth_denied_by_user);
        self.bare_metal += o.bare_metal;
        merge_counts(&mut self.bare_metal_by_user, o.bare_metal_by_user);
        self.idle_kill += o.idle_kill;
        self.runtime_kill += o.runtime_kill;
        self.oom_kill += o.oom_kill;
        self.new_users += o.new_users;
        for (k, v) in o.created_per_day {
            *self.created_per_day.entry(k).or_default() += v;
        }
        self.first = match (self.first, o.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last = match (self.last, o.last) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
}

/// A piece of [`Steps`]' text.
#[derive(Clone, Copy, Debug)]
pub struct Span {
    start: usize,
    len: usize,
}

/// One event the pairing needs, in file order; its names are in the
/// [`Steps`] that hold it.
#[derive(Clone, Copy, Debug)]
pub enum Step {
    /// A GPU allocation (either tense), anywhere in the history.
    Open {
        t: Timestamp,
        container: Span,
        gpu: Span,
        user: Span,
    },
    /// A GPU release (either tense), anywhere in the history.
    Close {
        t: Timestamp,
        container: Span,
        gpu: Span,
    },
    /// `detection.container_discovered` inside the window.
    Discovered { t: Timestamp, id: Span },
    /// `detection.container_exited` inside the window.
    Exited { t: Timestamp, id: Span },
}

/// The pairing's events of one chunk, in file order, their names in one
/// buffer (no allocation per event on the workers).
#[derive(Default, Debug)]
pub struct Steps {
    text: String,
    list: Vec<Step>,
}

impl Steps {
    fn put(&mut self, s: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(s);
        Span {
            start,
            len: s.len(),
        }
    }

    /// The text of a span of these steps.
    pub fn get(&self, s: Span) -> &str {
        &self.text[s.start..s.start + s.len]
    }

    pub fn iter(&self) -> impl Iterator<Item = &Step> {
        self.list.iter()
    }

    pub fn open(&mut self, t: Timestamp, container: &str, gpu: &str, user: &str) {
        let (container, gpu, user) = (self.put(container), self.put(gpu), self.put(user));
        self.list.push(Step::Open {
            t,
            container,
            gpu,
            user,
        });
    }

    pub fn close(&mut self, t: Timestamp, container: &str, gpu: &str) {
        let (container, gpu) = (self.put(container), self.put(gpu));
        self.list.push(Step::Close { t, container, gpu });
    }

    pub fn discovered(&mut self, t: Timestamp, id: &str) {
        let id = self.put(id);
        self.list.push(Step::Discovered { t, id });
    }

    pub fn exited(&mut self, t: Timestamp, id: &str) {
        let id = self.put(id);
        self.list.push(Step::Exited { t, id });
    }
}

/// What a worker found in one chunk.
#[derive(Default)]
struct ChunkOut {
    counts: Counts,
    steps: Steps,
}

/// Reads one line into the chunk's counts and steps.
fn scan_line(line: &[u8], filter: &Filter, window: &Window, out: &mut ChunkOut) {
    // Without filters, a plain v1 line is read in one pass: checked whole
    // (so not malformed) and its few fields borrowed, whatever its type.
    if filter.is_empty() {
        if let Some(top) = lite::read(line) {
            if let Some(kind) = kind_of(top.event_type) {
                let time = crate::event::parse_timestamp(top.timestamp);
                take(Facts::of_lite(kind, time, &top), window, out);
            }
            return;
        }
    }
    // Lines of other types are only checked for being malformed.
    // So are those outside the window, but GPU events (paired over the
    // whole history).
    if let Some((time, ty)) = peek_envelope(line) {
        let skip = match kind_of(ty) {
            None => true,
            Some(Kind::GpuOpen | Kind::GpuClose) => false,
            // An unreadable time is the parse's to judge (counted untimed).
            Some(_) => {
                window.bounded()
                    && crate::event::parse_timestamp(time)
                        .is_some_and(|t| !window.contains(Some(t)))
            }
        };
        if skip {
            if is_malformed(line) {
                out.counts.malformed += 1;
            }
            return;
        }
    }
    if !filter.line_may_match(line) {
        if is_malformed(line) {
            out.counts.malformed += 1;
        }
        return;
    }
    let e = match parse_line(line) {
        Ok(e) => e,
        Err(_) => {
            out.counts.malformed += 1;
            return;
        }
    };
    let Some(kind) = kind_of(&e.event_type) else {
        return;
    };
    if !filter.matches(line, &e) {
        return;
    }
    take(Facts::of_event(kind, &e), window, out);
}

/// Counts one event of the report's kinds, and hands on what the pairing needs.
fn take(f: Facts, window: &Window, out: &mut ChunkOut) {
    // GPU events pair across the whole history; only intervals opened
    // inside the window are counted (see pairing).
    match (f.kind, f.time) {
        (Kind::GpuOpen, Some(t)) => out.steps.open(t, f.container, &f.gpu, f.user),
        (Kind::GpuClose, Some(t)) => out.steps.close(t, f.container, &f.gpu),
        _ => {}
    }
    if !window.contains(f.time) {
        if f.time.is_none() {
            out.counts.untimed += 1;
        }
        return;
    }
    match (f.kind, f.time, &f.container_id) {
        (Kind::Discovered, Some(t), Some(id)) => out.steps.discovered(t, id),
        (Kind::Exited, Some(t), Some(id)) => out.steps.exited(t, id),
        _ => {}
    }
    out.counts.add(&f);
}

/// Everything the report prints.
#[derive(Debug, Default)]
pub struct Report {
    pub counts: Counts,
    pub gpu: GpuHours,
    pub lifetimes: Lifetimes,
}

/// Whether the file after `prev` holds only lines written after the
/// window's end: `prev` was rotated later than the end plus the writers'
/// jitter, by its name (`-YYYYMMDD-SECONDS`: that instant; `-YYYYMMDD`: that
/// local day, taken as starting a day early for any zone), and the next file
/// starts after that rotation. Numbered names tell nothing: never skipped.
fn after_window(prev: &crate::engine::Input, window: &Window) -> bool {
    let Some(until) = window.until else {
        return false;
    };
    let rotated = match (prev.rotated_at, prev.rotated_on) {
        (Some(t), _) => Some(t),
        (None, Some(d)) => d
            .yesterday()
            .ok()
            .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
            .map(|z| z.timestamp()),
        (None, None) => None,
    };
    rotated.is_some_and(|r| {
        r > engine::shifted(until, engine::MAX_JITTER_SECS)
            && !prev
                .path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().contains(".backup"))
    })
}

/// Reads every input of every stream once, oldest first, up to the first
/// file written wholly after the window. `filter` must
/// carry no time bounds (the window does): GPU allocations before the
/// window decide whether one inside it opens an interval.
pub fn build(streams: &[Stream], filter: &Filter, window: &Window) -> io::Result<Report> {
    let mut report = Report::default();
    for stream in streams {
        // Each file (with its rotated siblings) is one history of its own.
        let mut pairing = Pairing::new(*window);
        // Everything from the first file written wholly after the window
        // on: nothing in it is counted or changes what is.
        let read = (1..stream.inputs.len())
            .find(|&i| after_window(&stream.inputs[i - 1], window))
            .unwrap_or(stream.inputs.len());
        let inputs = &stream.inputs[..read];
        let mut fold = |out: ChunkOut| {
            report.counts.merge(out.counts);
            pairing.take(&out.steps);
        };
        // Daily archives are read whole, one per worker; the current file
        // and anything the workers leave are read in chunks.
        engine::each_input(
            inputs,
            |data| scan_lines(data, 0, filter, window),
            |i, whole| {
                let read = match whole {
                    Some(out) => {
                        fold(out);
                        Ok(())
                    }
                    None => inputs[i].open().and_then(|reader| {
                        engine::parallel_scan(
                            reader,
                            |chunk| scan_lines(&chunk.data, chunk.overlong, filter, window),
                            |out| {
                                fold(out);
                                Flow::More
                            },
                        )
                    }),
                };
                // A damaged archive counts up to the damage, then the others.
                tolerant(stream, &inputs[i], read.map(|()| Flow::More))
            },
        )?;
        let (gpu, lifetimes) = pairing.finish();
        report.gpu.merge(gpu);
        report.lifetimes.merge(lifetimes);
    }
    Ok(report)
}

/// The counts and pairing steps of a run of whole lines (`overlong` lines
/// skipped as too long before them count as malformed).
fn scan_lines(data: &[u8], overlong: u64, filter: &Filter, window: &Window) -> ChunkOut {
    let mut out = ChunkOut::default();
    // Sized for the usual share of GPU and lifetime events (about one in
    // two lines of ~250 bytes, ~40 bytes of names each): few regrowths.
    out.steps.text.reserve(data.len() / 10);
    out.steps.list.reserve(data.len() / 400);
    out.counts.malformed += overlong;
    for line in engine::lines(data) {
        scan_line(line, filter, window, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn window_is_half_open() {
        let w = Window::new(
            Some(ts("2026-10-01T00:00:00Z")),
            Some(ts("2026-11-01T00:00:00Z")),
            ts("2026-12-01T00:00:00Z"),
        );
        assert!(w.contains(Some(ts("2026-10-01T00:00:00Z"))));
        assert!(!w.contains(Some(ts("2026-11-01T00:00:00Z"))));
        assert!(!w.contains(None));
        assert_eq!(w.end, ts("2026-11-01T00:00:00Z"));
        let open = Window::new(None, None, ts("2026-12-01T00:00:00Z"));
        assert!(open.contains(None));
    }

    #[test]
    fn files_rotated_a_day_past_the_end_end_the_read() {
        let w = Window::new(
            Some(ts("2026-10-01T00:00:00Z")),
            Some(ts("2026-11-01T00:00:00Z")),
            ts("2026-12-01T00:00:00Z"),
        );
        let input = |name: &str| {
            let dir = std::path::Path::new("/x");
            let date = |s: &str| jiff::civil::Date::strptime("%Y%m%d", s).ok();
            let (day, secs) = name
                .split_once('-')
                .map_or((name, None), |(d, s)| (d, Some(s)));
            crate::engine::Input {
                path: dir.join(format!("events.jsonl-{name}")),
                gz: false,
                rotated_on: date(day),
                rotated_at: secs.and_then(|s| Timestamp::from_second(s.parse().ok()?).ok()),
                ..crate::engine::Input::plain(dir.join("x"))
            }
        };
        // Rotated on Nov 1 or 2 (any zone): the next file may hold October.
        assert!(!after_window(&input("20261101"), &w));
        assert!(!after_window(&input("20261102"), &w));
        assert!(after_window(&input("20261103"), &w));
        // By the instant: past the end and the writers' jitter.
        assert!(!after_window(&input("20261101-1793491500"), &w));
        assert!(after_window(&input("20261101-1793492000"), &w));
        // Numbered names, and no end: always read.
        let mut n = input("20261201");
        n.rotated_on = None;
        assert!(!after_window(&n, &w));
        let open = Window::new(None, None, ts("2026-12-01T00:00:00Z"));
        assert!(!after_window(&input("20261201"), &open));
    }

    #[test]
    fn kinds_cover_both_tenses() {
        assert_eq!(kind_of("gpu.allocate"), Some(Kind::GpuOpen));
        assert_eq!(kind_of("gpu.allocated"), Some(Kind::GpuOpen));
        assert_eq!(kind_of("gpu.release"), Some(Kind::GpuClose));
        assert_eq!(kind_of("gpu.released"), Some(Kind::GpuClose));
        assert_eq!(kind_of("gpu.reject"), None);
    }
}
