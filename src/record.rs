//! One line of any schema -> one normalised event.
//!
//! Three shapes are read: v1 (`timestamp`, `event_type`, `details{}`), the old
//! schema (`ts`, `event`, fields flat) and flat audit logs (`timestamp`,
//! `event`, fields flat). Old writers also left bare `NaN`/`Infinity` tokens:
//! those lines are events, with the value kept as a string.

use jiff::Timestamp;
use serde_json::{Map, Value};

/// Which writer a line came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schema {
    V1,
    Old,
    Flat,
}

/// A normalised event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub time: Option<Timestamp>,
    /// The timestamp as written (kept for `--raw`-like fidelity and for lines
    /// whose time cannot be read).
    pub time_text: String,
    pub event_type: String,
    pub user: Option<String>,
    pub source: Option<String>,
    /// The writer's real uid (v1 lines from this writer on). A u32, as
    /// uids are: it keeps the event small.
    pub uid: Option<u32>,
    pub details: Map<String, Value>,
    pub schema: Schema,
    /// The line already is this event's v1 object: v1 keys only, in the
    /// writer's order, a canonical timestamp, no empty user/source/details.
    /// Output may then reuse the line's bytes instead of serialising.
    pub verbatim_v1: bool,
    /// The sending host, for events read from a collector's host directory
    /// (`--hosts-dir`): the directory's name. Not part of the line.
    pub host: Option<std::sync::Arc<str>>,
}

/// Why a line is not an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    Empty,
    InvalidUtf8,
    InvalidJson,
    NotAnObject,
    TooLong,
}

impl Malformed {
    pub fn as_str(self) -> &'static str {
        match self {
            Malformed::Empty => "empty line",
            Malformed::InvalidUtf8 => "invalid UTF-8",
            Malformed::InvalidJson => "invalid JSON",
            Malformed::NotAnObject => "not a JSON object",
            Malformed::TooLong => "line too long",
        }
    }
}

/// Lines longer than this are skipped as malformed without being parsed.
pub const MAX_READ_LINE: usize = 1 << 20;

/// Parses one line (without its newline).
pub fn parse_line(line: &[u8]) -> Result<Event, Malformed> {
    let line = trim_cr(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return Err(Malformed::Empty);
    }
    if line.len() > MAX_READ_LINE {
        return Err(Malformed::TooLong);
    }
    let text = std::str::from_utf8(line).map_err(|_| Malformed::InvalidUtf8)?;
    match serde_json::from_str::<TopLevel>(text) {
        Ok(top) => Ok(top.into_event()),
        Err(_) => {
            // Rare paths: not an object, or bare NaN/Infinity tokens.
            let value = match serde_json::from_str::<Value>(text) {
                Ok(v) => v,
                Err(_) => {
                    let fixed = replace_bare_non_finite(text).ok_or(Malformed::InvalidJson)?;
                    serde_json::from_str::<Value>(&fixed).map_err(|_| Malformed::InvalidJson)?
                }
            };
            match value {
                Value::Object(map) => Ok(TopLevel::from_map(map).into_event()),
                _ => Err(Malformed::NotAnObject),
            }
        }
    }
}

/// Whether [`parse_line`] would call this line malformed, checked without
/// building the event (for lines a filter already rejected, so that the
/// malformed count does not depend on the filter).
pub fn is_malformed(line: &[u8]) -> bool {
    let line = trim_cr(line);
    let start = line.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return true;
    };
    if line[start] != b'{' || line.len() > MAX_READ_LINE || std::str::from_utf8(line).is_err() {
        return true;
    }
    // Control bytes (raw ESC, tabs) are rare: serde_json judges those lines.
    // Written as a fold so that it compiles to a vector loop.
    let control = line.iter().fold(false, |acc, &b| acc | (b < 0x20));
    if control {
        return parse_line(line).is_err();
    }
    match quick_json_check(line) {
        Some(valid) => !valid,
        None => parse_line(line).is_err(),
    }
}

/// A syntax check of one JSON value without allocating: `Some(valid)`, or
/// `None` where only serde_json can tell what it makes of the line (bare
/// NaN/Infinity, exponents and long numbers that may be out of range,
/// `\u` escapes of surrogates, deep nesting). Expects valid UTF-8.
fn quick_json_check(b: &[u8]) -> Option<bool> {
    const MAX_DEPTH: usize = 64;
    let n = b.len();
    let mut i = 0;
    let mut stack = [0u8; MAX_DEPTH];
    let mut depth = 0usize;
    let ws = |i: &mut usize| {
        while *i < n && matches!(b[*i], b' ' | b'\t' | b'\n' | b'\r') {
            *i += 1;
        }
    };
    // Scans a string starting at its opening quote; false when invalid.
    let string = |i: &mut usize| -> Option<bool> {
        *i += 1;
        loop {
            let Some(k) = memchr::memchr2(b'"', b'\\', &b[*i..]) else {
                return Some(false);
            };
            *i += k;
            if b[*i] == b'"' {
                *i += 1;
                return Some(true);
            }
            let Some(&e) = b.get(*i + 1) else {
                return Some(false);
            };
            match e {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => *i += 2,
                b'u' => {
                    let hex = b.get(*i + 2..*i + 6)?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return Some(false);
                    }
                    if matches!(hex[0], b'd' | b'D') && !matches!(hex[1], b'0'..=b'7') {
                        return None; // a surrogate: serde_json decides
                    }
                    *i += 6;
                }
                _ => return Some(false),
            }
        }
    };
    // A key and its colon at i (after white space); false when not there.
    let key_colon = |i: &mut usize| -> Option<bool> {
        ws(i);
        if *i >= n || b[*i] != b'"' || !string(i)? {
            return Some(false);
        }
        ws(i);
        if *i >= n || b[*i] != b':' {
            return Some(false);
        }
        *i += 1;
        Some(true)
    };
    // Expecting a value at i.
    'value: loop {
        ws(&mut i);
        if i >= n {
            return Some(false);
        }
        match b[i] {
            b'{' | b'[' => {
                if depth == MAX_DEPTH {
                    return None;
                }
                let open = b[i];
                stack[depth] = open;
                depth += 1;
                i += 1;
                ws(&mut i);
                let close = if open == b'{' { b'}' } else { b']' };
                if i < n && b[i] == close {
                    i += 1;
                    depth -= 1;
                } else if open == b'{' {
                    // A key, a colon, then the value.
                    if !key_colon(&mut i)? {
                        return Some(false);
                    }
                    continue 'value;
                } else {
                    continue 'value;
                }
            }
            b'"' => {
                if !string(&mut i)? {
                    return Some(false);
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                if b[i] == b'-' {
                    i += 1;
                }
                let digits = |i: &mut usize| {
                    let s = *i;
                    while *i < n && b[*i].is_ascii_digit() {
                        *i += 1;
                    }
                    *i - s
                };
                let int_start = i;
                let int_len = digits(&mut i);
                if int_len == 0 || (int_len > 1 && b[int_start] == b'0') {
                    return Some(false);
                }
                if i < n && b[i] == b'.' {
                    i += 1;
                    if digits(&mut i) == 0 {
                        return Some(false);
                    }
                }
                if i < n && matches!(b[i], b'e' | b'E') {
                    return None; // range is serde_json's call
                }
                if i - start > 15 {
                    return None;
                }
            }
            b't' if b[i..].starts_with(b"true") => i += 4,
            b'f' if b[i..].starts_with(b"false") => i += 5,
            b'n' if b[i..].starts_with(b"null") => i += 4,
            b'N' | b'I' => return None,
            _ => return Some(false),
        }
        // After a value: close containers, or a comma and the next one.
        loop {
            ws(&mut i);
            if depth == 0 {
                return Some(i == n);
            }
            if i >= n {
                return Some(false);
            }
            let open = stack[depth - 1];
            match b[i] {
                b',' => {
                    i += 1;
                    if open == b'{' && !key_colon(&mut i)? {
                        return Some(false);
                    }
                    continue 'value;
                }
                b'}' if open == b'{' => {
                    i += 1;
                    depth -= 1;
                }
                b']' if open == b'[' => {
                    i += 1;
                    depth -= 1;
                }
                _ => return Some(false),
            }
        }
    }
}

/// A line's top-level object, read in one pass: the envelope's fields
/// picked out, everything else kept in order.
#[derive(Default)]
struct TopLevel {
    timestamp: Option<Value>,
    ts: Option<Value>,
    event_type: Option<Value>,
    event: Option<Value>,
    user: Option<Value>,
    source: Option<Value>,
    uid: Option<Value>,
    schema_version: Option<Value>,
    details: Option<Value>,
    rest: Vec<(String, Value)>,
    /// Rank of the last v1 key seen, and whether the v1 keys came in the
    /// writer's order, each once (see [`Event::verbatim_v1`]).
    last_rank: Option<u8>,
    out_of_order: bool,
}

impl TopLevel {
    fn put(&mut self, key: &str, value: Value) {
        let rank = match key {
            "timestamp" => Some(0),
            "event_type" => Some(1),
            "schema_version" => Some(2),
            "user" => Some(3),
            "source" => Some(4),
            "uid" => Some(5),
            "details" => Some(6),
            _ => None,
        };
        if let Some(r) = rank {
            if self.last_rank.is_some_and(|l| l >= r) {
                self.out_of_order = true;
            }
            self.last_rank = Some(r);
        }
        let slot = match key {
            "timestamp" => &mut self.timestamp,
            "ts" => &mut self.ts,
            "event_type" => &mut self.event_type,
            "event" => &mut self.event,
            "user" => &mut self.user,
            "source" => &mut self.source,
            "uid" => &mut self.uid,
            "schema_version" => &mut self.schema_version,
            "details" => &mut self.details,
            _ => {
                self.rest.push((key.to_string(), value));
                return;
            }
        };
        *slot = Some(value);
    }

    /// From a line that needed rewriting (bare NaN/Infinity): its bytes
    /// are not valid JSON, so never its own normal form.
    fn from_map(map: Map<String, Value>) -> TopLevel {
        let mut t = TopLevel::default();
        for (k, v) in map {
            t.put(&k, v);
        }
        t.out_of_order = true;
        t
    }

    /// Whether the line, as read, is already its own v1 normal form.
    fn is_verbatim_v1(&self) -> bool {
        let nonempty_string = |v: &Option<Value>| match v {
            None => true,
            Some(Value::String(s)) => !s.is_empty(),
            _ => false,
        };
        let canonical_time = match &self.timestamp {
            Some(Value::String(t)) => {
                let b = t.as_bytes();
                b.len() == 27
                    && b[10] == b'T'
                    && b[19] == b'.'
                    && b[26] == b'Z'
                    && fast_timestamp(b).is_some()
            }
            _ => false,
        };
        !self.out_of_order
            && self.rest.is_empty()
            && self.ts.is_none()
            && self.event.is_none()
            && canonical_time
            && matches!(&self.event_type, Some(Value::String(_)))
            && matches!(&self.schema_version, Some(Value::String(v)) if v == "1")
            && nonempty_string(&self.user)
            && nonempty_string(&self.source)
            && self.uid.as_ref().is_none_or(is_uid)
            && match &self.details {
                None => true,
                Some(Value::Object(d)) => !d.is_empty(),
                _ => false,
            }
    }

    fn into_event(self) -> Event {
        let verbatim_v1 = self.is_verbatim_v1();
        let mut rest = self.rest;
        let (time_text, old_ts) = match self.timestamp.and_then(string_of) {
            Some(t) => {
                if let Some(ts) = self.ts {
                    rest.push(("ts".into(), ts));
                }
                (t, false)
            }
            None => (self.ts.and_then(string_of).unwrap_or_default(), true),
        };
        let (event_type, has_event_type) = match self.event_type.and_then(string_of) {
            Some(t) => {
                if let Some(e) = self.event {
                    rest.push(("event".into(), e));
                }
                (t, true)
            }
            None => (self.event.and_then(string_of).unwrap_or_default(), false),
        };
        let schema = if has_event_type {
            Schema::V1
        } else if old_ts {
            Schema::Old
        } else {
            Schema::Flat
        };
        // `uid` is the envelope's only in v1 (a whole number); elsewhere,
        // or when it is anything else, it is a detail like any other key.
        let uid = match self.uid {
            Some(v) if has_event_type && is_uid(&v) => v.as_u64().map(|u| u as u32),
            Some(v) => {
                rest.push(("uid".into(), v));
                None
            }
            None => None,
        };
        let mut details = Map::new();
        if has_event_type {
            match self.details {
                Some(Value::Object(d)) => details = d,
                Some(other) => rest.push(("details".into(), other)),
                None => {}
            }
        } else {
            if let Some(v) = self.schema_version {
                rest.push(("schema_version".into(), v));
            }
            if let Some(d) = self.details {
                rest.push(("details".into(), d));
            }
        }
        // Whatever else sits at the top level is a detail (flat schemas).
        for (k, v) in rest {
            details.entry(k).or_insert(v);
        }
        Event {
            time: parse_timestamp(&time_text),
            time_text,
            event_type,
            user: self.user.and_then(string_of).filter(|u| !u.is_empty()),
            source: self.source.and_then(string_of).filter(|s| !s.is_empty()),
            uid,
            details,
            schema,
            verbatim_v1,
            host: None,
        }
    }
}

impl<'de> serde::Deserialize<'de> for TopLevel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = TopLevel;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<TopLevel, A::Error> {
                let mut t = TopLevel::default();
                while let Some(key) = m.next_key::<std::borrow::Cow<'de, str>>()? {
                    let value: Value = m.next_value()?;
                    t.put(&key, value);
                }
                Ok(t)
            }
        }
        d.deserialize_map(V)
    }
}

/// A field as the envelope's string: strings as they are, null as absent,
/// anything else as its JSON text.
fn string_of(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Turns bare `NaN`, `Infinity` and `-Infinity` tokens (outside strings)
/// into strings. `None` when there are none, so the line stays invalid.
fn replace_bare_non_finite(text: &str) -> Option<String> {
    if !text.contains("NaN") && !text.contains("Infinity") {
        return None;
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    let (mut in_string, mut changed) = (false, false);
    let (mut i, mut last) = (0, 0);
    while i < b.len() {
        let c = b[i];
        if in_string {
            match c {
                b'\\' => i += 2,
                b'"' => {
                    in_string = false;
                    i += 1
                }
                _ => i += 1,
            }
            continue;
        }
        if c == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        let token = ["-Infinity", "Infinity", "NaN"]
            .into_iter()
            .find(|t| b[i..].starts_with(t.as_bytes()));
        if let Some(token) = token {
            out.push_str(&text[last..i]);
            out.push('"');
            out.push_str(token);
            out.push('"');
            i += token.len();
            last = i;
            changed = true;
        } else {
            i += 1;
        }
    }
    if !changed {
        return None;
    }
    out.push_str(&text[last.min(text.len())..]);
    Some(out)
}

/// The envelope of a line written by the v1 writer or the old one, read
/// without parsing: `{"timestamp":"T","event_type":"X"` or
/// `{"ts": "T", "event": "X"`. `None` for any other shape (the caller then
/// parses the line), and for strings with escapes.
pub fn peek_envelope(line: &[u8]) -> Option<(&str, &str)> {
    use std::sync::LazyLock;
    static KEYS: LazyLock<[memchr::memmem::Finder<'static>; 4]> = LazyLock::new(|| {
        [
            memchr::memmem::Finder::new(b"\"timestamp\""),
            memchr::memmem::Finder::new(b"\"event_type\""),
            memchr::memmem::Finder::new(b"\"ts\""),
            memchr::memmem::Finder::new(b"\"event\""),
        ]
    });
    let contains = |hay: &[u8], key: &[u8]| {
        let f = KEYS
            .iter()
            .find(|f| f.needle() == key)
            .expect("a known key");
        f.find(hay).is_some()
    };
    match plain_string_after(line, b"{\"timestamp\":\"") {
        Some((time, rest)) => {
            let (ty, rest) = plain_string_after(rest, b",\"event_type\":\"")?;
            // A second key of the same name (at any depth) could be the one
            // the parse keeps: then only the parse can tell.
            if contains(rest, b"\"timestamp\"") || contains(rest, b"\"event_type\"") {
                return None;
            }
            Some((time, ty))
        }
        None => {
            let (time, rest) = plain_string_after(line, b"{\"ts\": \"")?;
            let (ty, rest) = plain_string_after(rest, b", \"event\": \"")?;
            // The parse prefers `timestamp`/`event_type` wherever they are.
            if contains(rest, b"\"timestamp\"")
                || contains(rest, b"\"event_type\"")
                || contains(rest, b"\"ts\"")
                || contains(rest, b"\"event\"")
            {
                return None;
            }
            Some((time, ty))
        }
    }
}

/// The string without escapes right after `prefix`, and what follows its
/// closing quote; `None` when `b` does not start so or the string has an
/// escape.
fn plain_string_after<'a>(b: &'a [u8], prefix: &[u8]) -> Option<(&'a str, &'a [u8])> {
    let rest = b.strip_prefix(prefix)?;
    let end = memchr::memchr2(b'"', b'\\', rest)?;
    if rest[end] != b'"' {
        return None;
    }
    Some((std::str::from_utf8(&rest[..end]).ok()?, &rest[end + 1..]))
}

/// Whether a line is printable ASCII only (anything else in it is a `\u`
/// escape, so nothing unsafe for a terminal) with the writers' compact
/// separators (no `": "` or `", "`).
pub fn compact_printable(line: &[u8]) -> bool {
    use std::sync::LazyLock;
    static SPACED: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
        [
            memchr::memmem::Finder::new(b"\": "),
            memchr::memmem::Finder::new(b"\", "),
        ]
    });
    // A fold, not `all`, so that it compiles to a vector loop.
    let printable = line
        .iter()
        .fold(true, |acc, &b| acc & (0x20..0x7f).contains(&b));
    printable && SPACED.iter().all(|f| f.find(line).is_none())
}

/// The time and type of a line that is exactly a v1 event in its normal
/// form (what [`Event::verbatim_v1`] says after a parse, with the writers'
/// compact separators and printable ASCII only), found without parsing:
/// `{"timestamp":"T","event_type":"X","schema_version":"1"` then optional
/// `"user"`, `"source"` (non-empty, no escapes) and a non-empty `"details"`
/// object, and nothing else. `None` for anything else.
pub fn verbatim_v1_line(line: &[u8]) -> Option<(&str, &str)> {
    if !compact_printable(line) {
        return None;
    }
    let (time, rest) = plain_string_after(line, b"{\"timestamp\":\"")?;
    let tb = time.as_bytes();
    if !(tb.len() == 27 && tb[10] == b'T' && tb[19] == b'.' && tb[26] == b'Z')
        || fast_timestamp(tb).is_none()
    {
        return None;
    }
    let (event_type, rest) = plain_string_after(rest, b",\"event_type\":\"")?;
    let mut rest = rest.strip_prefix(b",\"schema_version\":\"1\"")?;
    for key in [&b",\"user\":\""[..], b",\"source\":\""] {
        if rest.starts_with(key) {
            let (v, r) = plain_string_after(rest, key)?;
            if v.is_empty() {
                return None;
            }
            rest = r;
        }
    }
    // `,"uid":N`: a whole number, as the writer puts it.
    if let Some(r) = rest.strip_prefix(b",\"uid\":") {
        let digits = r.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 20 || (digits > 1 && r[0] == b'0') {
            return None;
        }
        std::str::from_utf8(&r[..digits])
            .ok()?
            .parse::<u64>()
            .ok()?;
        rest = &r[digits..];
    }
    if rest == b"}" {
        return Some((time, event_type));
    }
    let details = rest.strip_prefix(b",\"details\":")?.strip_suffix(b"}")?;
    if !details.starts_with(b"{") || details == b"{}" || quick_json_check(details) != Some(true) {
        return None;
    }
    Some((time, event_type))
}

/// Reads the timestamps writers have used: RFC 3339 with `Z` or an offset,
/// with or without fractional seconds, `T` or space; without an offset the
/// time is taken as UTC (the old writers wrote UTC).
pub fn parse_timestamp(text: &str) -> Option<Timestamp> {
    fast_timestamp(text.as_bytes()).or_else(|| slow_timestamp(text))
}

fn slow_timestamp(text: &str) -> Option<Timestamp> {
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some(ts);
    }
    let dt = text.parse::<jiff::civil::DateTime>().ok()?;
    dt.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

fn digits(b: &[u8]) -> Option<i64> {
    let mut n = 0i64;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + (c - b'0') as i64;
    }
    Some(n)
}

/// `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)?` without allocating.
fn fast_timestamp(b: &[u8]) -> Option<Timestamp> {
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || (b[10] != b'T' && b[10] != b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    let (h, mi, s) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut i = 19;
    let mut micros = 0i64;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let frac = &b[start..i];
        if frac.is_empty() || frac.len() > 9 {
            return None;
        }
        let mut f = digits(&frac[..frac.len().min(6)])?;
        for _ in frac.len()..6 {
            f *= 10;
        }
        micros = f;
    }
    let offset_secs = match &b[i..] {
        [] | [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let off = digits(&[*h1, *h2])? * 3600 + digits(&[*m1, *m2])? * 60;
            if *sign == b'+' {
                off
            } else {
                -off
            }
        }
        _ => return None,
    };
    if d > days_in_month(y, mo) {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    let secs = days * 86400 + h * 3600 + mi * 60 + s.min(59) - offset_secs;
    Timestamp::from_microsecond(secs * 1_000_000 + micros).ok()
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

impl Event {
    /// The v1 object for `--json`: old and flat lines converted.
    pub fn to_v1(&self) -> Value {
        let mut m = Map::new();
        m.insert("timestamp".into(), Value::String(self.time_text_v1()));
        m.insert("event_type".into(), Value::String(self.event_type.clone()));
        m.insert(
            "schema_version".into(),
            Value::String(crate::envelope::SCHEMA_VERSION.into()),
        );
        if let Some(u) = &self.user {
            m.insert("user".into(), Value::String(u.clone()));
        }
        if let Some(s) = &self.source {
            m.insert("source".into(), Value::String(s.clone()));
        }
        if let Some(u) = self.uid {
            m.insert("uid".into(), Value::from(u));
        }
        if !self.details.is_empty() {
            m.insert("details".into(), Value::Object(self.details.clone()));
        }
        Value::Object(m)
    }

    /// The timestamp in the v1 form when it can be read, else as written.
    pub fn time_text_v1(&self) -> String {
        self.time_text_v1_ref().into_owned()
    }

    fn time_text_v1_ref(&self) -> std::borrow::Cow<'_, str> {
        let b = self.time_text.as_bytes();
        // Already `YYYY-MM-DDTHH:MM:SS.ffffffZ`: nothing to reformat.
        let canonical =
            b.len() == 27 && b[10] == b'T' && b[19] == b'.' && b[26] == b'Z' && self.time.is_some();
        match self.time {
            Some(_) if canonical => self.time_text.as_str().into(),
            Some(t) => crate::envelope::format_timestamp(t).into(),
            None => self.time_text.as_str().into(),
        }
    }

    /// Serialises the v1 object without copying the event.
    pub fn v1_ref(&self) -> V1Ref<'_> {
        V1Ref(self)
    }

    /// A field by name: the envelope's (`user`, `source`, `event_type`/`type`,
    /// `timestamp`) or a detail's. Dotted names reach into nested objects.
    pub fn field(&self, key: &str) -> Option<FieldValue<'_>> {
        match key {
            "user" => return self.user.as_deref().map(FieldValue::Str),
            "source" => return self.source.as_deref().map(FieldValue::Str),
            "uid" if self.uid.is_some() => return self.uid.map(|u| FieldValue::Uint(u.into())),
            "event_type" | "type" | "event" => return Some(FieldValue::Str(&self.event_type)),
            "timestamp" | "ts" | "time" => return Some(FieldValue::Str(&self.time_text)),
            "host" if self.host.is_some() => return self.host.as_deref().map(FieldValue::Str),
            _ => {}
        }
        if let Some(v) = self.details.get(key) {
            return Some(FieldValue::Json(v));
        }
        let mut parts = key.split('.');
        let mut v = self.details.get(parts.next()?)?;
        for p in parts {
            v = v.get(p)?;
        }
        Some(FieldValue::Json(v))
    }

    /// The container this event is about: `container`, else the detection
    /// events' `name`, else `container_id`.
    pub fn container(&self) -> Option<&str> {
        for k in ["container", "name", "container_name", "container_id"] {
            if let Some(Value::String(s)) = self.details.get(k) {
                if !s.is_empty() {
                    return Some(s);
                }
            }
        }
        None
    }
}

/// A uid as the writer records it: a whole number that fits a u32.
fn is_uid(v: &Value) -> bool {
    v.as_u64().is_some_and(|u| u <= u32::MAX as u64)
}

/// The v1 form of an event, serialised in place (see [`Event::to_v1`]).
pub struct V1Ref<'a>(&'a Event);

impl serde::Serialize for V1Ref<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let e = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("timestamp", &e.time_text_v1_ref())?;
        m.serialize_entry("event_type", &e.event_type)?;
        m.serialize_entry("schema_version", crate::envelope::SCHEMA_VERSION)?;
        if let Some(u) = &e.user {
            m.serialize_entry("user", u)?;
        }
        if let Some(src) = &e.source {
            m.serialize_entry("source", src)?;
        }
        if let Some(u) = &e.uid {
            m.serialize_entry("uid", u)?;
        }
        if !e.details.is_empty() {
            m.serialize_entry("details", &e.details)?;
        }
        if let Some(h) = &e.host {
            m.serialize_entry("host", &**h)?;
        }
        m.end()
    }
}

/// A field's value, compared by its text.
#[derive(Clone, Copy, Debug)]
pub enum FieldValue<'a> {
    Str(&'a str),
    Json(&'a Value),
    Uint(u64),
}

impl FieldValue<'_> {
    /// The text a filter compares: strings bare, other JSON as written.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            FieldValue::Str(s) => (*s).into(),
            FieldValue::Json(Value::String(s)) => s.as_str().into(),
            FieldValue::Json(Value::Null) => "null".into(),
            FieldValue::Json(v) => v.to_string().into(),
            FieldValue::Uint(n) => n.to_string().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1() {
        let e = parse_line(br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"container.create","schema_version":"1","user":"alice","source":"docker-wrapper","details":{"container":"alice-jupyter","image":"ds01/pytorch:latest"}}"#).unwrap();
        assert_eq!(e.schema, Schema::V1);
        assert_eq!(e.event_type, "container.create");
        assert_eq!(e.user.as_deref(), Some("alice"));
        assert_eq!(e.container(), Some("alice-jupyter"));
        assert_eq!(e.time.unwrap().to_string(), "2026-01-30T14:30:00.123456Z");
    }

    #[test]
    fn old_and_flat() {
        let e = parse_line(br#"{"ts": "2025-11-02T09:14:03.512Z", "event": "container.created", "user": "alice", "container": "proj._.alice", "gpu": "1.2"}"#).unwrap();
        assert_eq!(e.schema, Schema::Old);
        assert_eq!(e.event_type, "container.created");
        assert_eq!(e.container(), Some("proj._.alice"));
        assert_eq!(e.details["gpu"], Value::String("1.2".into()));
        let f = parse_line(br#"{"timestamp": "2026-01-01T00:00:00+01:00", "event": "status_change", "job_id": "10235", "old_status": "pending", "new_status": "failed"}"#).unwrap();
        assert_eq!(f.schema, Schema::Flat);
        assert_eq!(f.event_type, "status_change");
        assert_eq!(f.field("new_status").unwrap().text(), "failed");
        assert_eq!(f.time.unwrap().to_string(), "2025-12-31T23:00:00Z");
    }

    #[test]
    fn flat_fields_keep_their_order() {
        let e = parse_line(br#"{"z": 1, "timestamp": "2026-01-01T00:00:00Z", "event": "status_change", "b": 2, "a": 3}"#).unwrap();
        let keys: Vec<&str> = e.details.keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, ["z", "b", "a"]);
        let v1 = serde_json::to_string(&e.v1_ref()).unwrap();
        assert_eq!(v1, serde_json::to_string(&e.to_v1()).unwrap());
    }

    #[test]
    fn peeked_envelope_agrees_with_the_parse() {
        for line in [
            &br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"gpu.allocate","schema_version":"1"}"#[..],
            br#"{"ts": "2025-11-02T09:14:03Z", "event": "container.created", "user": "a"}"#,
        ] {
            let (t, ty) = peek_envelope(line).unwrap();
            let e = parse_line(line).unwrap();
            assert_eq!((t, ty), (e.time_text.as_str(), e.event_type.as_str()));
        }
        assert_eq!(peek_envelope(br#"{"timestamp":"x","event":"y"}"#), None);
        assert_eq!(
            peek_envelope(br#"{"timestamp":"x","event_type":"a\u0041"}"#),
            None
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn quick_check_agrees_with_the_parse(cut in 0usize..400, insert in 0usize..400, byte in proptest::prelude::any::<u8>(), pick in 0usize..6) {
            let lines: [&[u8]; 6] = [
                br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","user":"a","details":{"k":[1,2.5,-3,{"z":null}],"t":true,"f":false,"s":"\u00fc\n\"q\""}}"#,
                br#"{"ts": "2025-11-02T09:14:03Z", "event": "container.created", "gpu": "1.2", "n": 0, "e": 1e5}"#,
                br#"{"a":{"b":{"c":[[],{},[{}]]}},"d":"\ud83c\udf89","x":NaN}"#,
                br#"{ "a" : [ 1 , 2 ] , "b" : { } }"#,
                br#"{"n":-0.5,"m":12345678901234567890,"s":"tab\tok"}"#,
                br#"{"k":"v"} "#,
            ];
            let base = lines[pick];
            // Mutations: cut the line short, or put one byte somewhere.
            let mut m: Vec<u8> = base[..cut.min(base.len())].to_vec();
            if insert % 3 != 0 {
                m = base.to_vec();
                let at = insert.min(m.len());
                m.insert(at, byte);
            }
            proptest::prop_assert_eq!(is_malformed(&m), parse_line(&m).is_err(), "{:?}", String::from_utf8_lossy(&m));
        }
    }

    #[test]
    fn malformed_check_agrees_with_the_parse() {
        for line in [
            &b""[..],
            b"  ",
            b"{}",
            b"[1]",
            b"{\"a\":",
            b"{\"a\":NaN}",
            b"\xff{}",
            b"{\"a\":\"\xff\"}",
            b"{\"a\":\"\0\"}",
            b"{\"a\":1}\r",
            b"{\"a\":1} x",
            br#"{"timestamp":"2026-01-30T14:30:00Z","event_type":"x.y"}"#,
        ] {
            assert_eq!(is_malformed(line), parse_line(line).is_err(), "{line:?}");
        }
    }

    #[test]
    fn verbatim_only_for_lines_in_their_normal_form() {
        let canonical = br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","user":"a","details":{"k":1}}"#;
        assert!(parse_line(canonical).unwrap().verbatim_v1);
        for line in [
            &br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{"k":NaN}}"#[..],
            br#"{"event_type":"x.y","timestamp":"2026-01-30T14:30:00.123456Z","schema_version":"1"}"#,
            br#"{"timestamp":"2026-01-30T14:30:00Z","event_type":"x.y","schema_version":"1"}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","user":""}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","extra":1}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{}}"#,
            br#"{"ts": "2025-11-02T09:14:03Z", "event": "container.created"}"#,
        ] {
            assert!(!parse_line(line).unwrap().verbatim_v1, "{}", String::from_utf8_lossy(line));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn verbatim_line_agrees_with_the_parse(cut in 0usize..300, at in 0usize..300, byte in 0x20u8..0x7f, pick in 0usize..5, mutate in proptest::prelude::any::<bool>()) {
            let lines: [&[u8]; 5] = [
                br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"gpu.allocate","schema_version":"1","user":"a","source":"s","details":{"k":[1,2],"s":"x\"y"}}"#,
                br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"gpu.allocate","schema_version":"1","user":"a","source":"s","uid":1000,"details":{"k":1}}"#,
                br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1"}"#,
                br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{"a":{"b":1}},"z":2}"#,
                br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","source":"q","details":{"a":"}"}}"#,
            ];
            let mut m = lines[pick].to_vec();
            if mutate {
                let at = at.min(m.len());
                m.insert(at, byte);
            } else {
                m.truncate(cut.max(1).min(m.len()));
            }
            if let Some((t, ty)) = verbatim_v1_line(&m) {
                let e = parse_line(&m);
                proptest::prop_assert!(e.is_ok(), "{:?}", String::from_utf8_lossy(&m));
                let e = e.unwrap();
                proptest::prop_assert!(e.verbatim_v1, "{:?}", String::from_utf8_lossy(&m));
                proptest::prop_assert_eq!((t, ty), (e.time_text.as_str(), e.event_type.as_str()));
            }
        }
    }

    #[test]
    fn uid_is_the_envelopes_in_v1_only() {
        let v1 = br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","user":"a","uid":0,"details":{"k":1}}"#;
        assert!(verbatim_v1_line(v1).is_some());
        let e = parse_line(v1).unwrap();
        assert!(e.verbatim_v1);
        assert_eq!(e.uid, Some(0));
        assert!(e.details.get("uid").is_none());
        for odd in [
            &br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","uid":-1}"#[..],
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","uid":"0"}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","uid":01}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","uid":1.5}"#,
            br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{"k":1},"uid":1}"#,
        ] {
            assert!(verbatim_v1_line(odd).is_none(), "{}", String::from_utf8_lossy(odd));
            if let Ok(e) = parse_line(odd) {
                assert!(!e.verbatim_v1, "{}", String::from_utf8_lossy(odd));
            }
        }
        let e = parse_line(br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","uid":"0"}"#).unwrap();
        assert_eq!(e.uid, None);
        assert_eq!(e.details["uid"], Value::String("0".into()));
    }

    #[test]
    fn verbatim_lines() {
        assert!(verbatim_v1_line(br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","user":"a","details":{"k":1}}"#).is_some());
        assert!(verbatim_v1_line(br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{"k":1},"z":1}"#).is_none());
        assert!(verbatim_v1_line(br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{}}"#).is_none());
        assert!(verbatim_v1_line(br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"x.y","schema_version":"1","details":{"k":NaN}}"#).is_none());
    }

    #[test]
    fn non_finite_tokens() {
        let e = parse_line(br#"{"timestamp":"2026-01-30T14:30:00Z","event_type":"x.y","details":{"a":NaN,"b":-Infinity,"c":"NaN in text","d":Infinity}}"#).unwrap();
        assert_eq!(e.details["a"], Value::String("NaN".into()));
        assert_eq!(e.details["b"], Value::String("-Infinity".into()));
        assert_eq!(e.details["c"], Value::String("NaN in text".into()));
        assert_eq!(e.details["d"], Value::String("Infinity".into()));
        assert_eq!(parse_line(br#"{"a": NaNx}"#), Err(Malformed::InvalidJson));
    }

    #[test]
    fn malformed() {
        assert_eq!(parse_line(b""), Err(Malformed::Empty));
        assert_eq!(parse_line(b"{\"a\":"), Err(Malformed::InvalidJson));
        assert_eq!(parse_line(b"[1,2]"), Err(Malformed::NotAnObject));
        assert_eq!(parse_line(b"\xff\xfe{}"), Err(Malformed::InvalidUtf8));
        assert_eq!(parse_line(b"{\"a\":\"\0\"}"), Err(Malformed::InvalidJson));
    }

    #[test]
    fn timestamps_agree_with_jiff() {
        for t in [
            "2026-01-30T14:30:00.123456Z",
            "2025-11-02T09:14:03.512Z",
            "2026-03-29T01:59:59+05:30",
            "2024-02-29T00:00:00-08:00",
            "1999-12-31T23:59:59.999999999Z",
            "2026-01-30 14:30:00Z",
        ] {
            let fast = fast_timestamp(t.as_bytes()).unwrap();
            let slow: Timestamp = t.replace(' ', "T").parse().unwrap();
            assert_eq!(fast.as_microsecond(), slow.as_microsecond(), "{t}");
        }
        assert!(fast_timestamp(b"2026-02-30T00:00:00Z").is_none());
        assert_eq!(
            parse_timestamp("2026-01-30T14:30:00").unwrap().to_string(),
            "2026-01-30T14:30:00Z"
        );
    }
}
