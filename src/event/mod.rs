//! The event: one normalised view of a line of any schema (read side:
//! [`parse_line`], the byte peeks), the write side ([`envelope`]) and the
//! registry of known types ([`registry`]).
//!
//! One line of any schema -> one normalised event.
//!
//! Three shapes are read: v1 (`timestamp`, `event_type`, `details{}`), the old
//! schema (`ts`, `event`, fields flat) and flat audit logs (`timestamp`,
//! `event`, fields flat). Old writers also left bare `NaN`/`Infinity` tokens:
//! those lines are events, with the value kept as a string.

use jiff::Timestamp;
use serde_json::{Map, Value};

pub mod envelope;
mod parse;
mod peek;
pub mod registry;
#[cfg(test)]
mod tests;

pub use parse::{is_malformed, parse_line};
pub use peek::{compact_printable, parse_timestamp, peek_envelope, verbatim_v1_line};

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
impl Event {
    /// The v1 object for `--json`: old and flat lines converted.
    pub fn to_v1(&self) -> Value {
        let mut m = Map::new();
        m.insert("timestamp".into(), Value::String(self.time_text_v1()));
        m.insert("event_type".into(), Value::String(self.event_type.clone()));
        m.insert(
            "schema_version".into(),
            Value::String(crate::event::envelope::SCHEMA_VERSION.into()),
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
            Some(t) => crate::event::envelope::format_timestamp(t).into(),
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
pub(super) fn is_uid(v: &Value) -> bool {
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
        m.serialize_entry("schema_version", crate::event::envelope::SCHEMA_VERSION)?;
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
