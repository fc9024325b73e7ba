//! One line of any schema -> one [`Event`]: the full parse, and the
//! allocation-free check that says whether a line would parse.

use serde_json::{Map, Value};

use super::peek::{fast_timestamp, parse_timestamp};
use super::{is_uid, json_cursor, Event, Malformed, Schema, MAX_READ_LINE};
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
    if line[start] != b'{' || line.len() > MAX_READ_LINE {
        return true;
    }
    let Ok(text) = std::str::from_utf8(line) else {
        return true;
    };
    // Control bytes (raw ESC, tabs) are rare: serde_json judges those lines,
    // and those the hand-written check is unsure of.
    // Written as a fold so that it compiles to a vector loop.
    let control = line.iter().fold(false, |acc, &b| acc | (b < 0x20));
    if !control && json_cursor::surely_valid(text) {
        return false;
    }
    parse_line(line).is_err()
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
    /// writer's order, each once (see [`Event::verbatim`]).
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
    fn is_verbatim(&self) -> bool {
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
        let verbatim = self.is_verbatim();
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
            verbatim,
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

pub(super) fn trim_cr(line: &[u8]) -> &[u8] {
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
