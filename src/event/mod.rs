//! The event: one normalised view of a line of any schema (read side:
//! [`parse_line`], the byte peeks), the write side ([`envelope`]) and the
//! registry of known types ([`registry`]); the v1 object both sides
//! serialise ([`V1`]).
//!
//! A *verbatim* line is one already in its v1 normal form, with the
//! writers' compact separators and printable ASCII only: its bytes are its
//! own `--json` output, so it is copied unparsed. [`Event::verbatim`] (the
//! shape, after a parse), [`verbatim_bytes`] (the bytes) and
//! [`verbatim_line`] (both, without a parse) say so.
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
pub(crate) mod json_cursor;
mod parse;
mod peek;
pub mod registry;
#[cfg(test)]
mod tests;
mod v1;

pub use parse::{is_malformed, parse_line};
pub use peek::{parse_timestamp, peek_envelope, verbatim_bytes, verbatim_line};
pub use v1::V1;

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
    /// The line is verbatim in shape: already this event's v1 object (v1
    /// keys only, in the writer's order, a canonical timestamp, no empty
    /// user/source/details). When its bytes are also [`verbatim_bytes`],
    /// `--json` copies the line instead of serialising the event.
    pub verbatim: bool,
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

/// The detail keys that name the container an event is about, in the order
/// they are tried: `container` (the wrappers), `name` (the detection events),
/// `container_name`, then `container_id`. The table's CONTAINER column, the
/// report and `--container` all read these.
pub const CONTAINER_KEYS: [&str; 4] = ["container", "name", "container_name", "container_id"];

/// Of [`CONTAINER_KEYS`], those holding a name, which `--container` compares
/// whole; the last one, [`CONTAINER_ID_KEY`], it matches by prefix (an id is
/// typed shortened, as `docker ps` shows it).
pub const CONTAINER_NAME_KEYS: &[&str] = CONTAINER_KEYS.split_last().unwrap().1;

/// The detail key of a container's id.
pub const CONTAINER_ID_KEY: &str = CONTAINER_KEYS[3];

/// Lines longer than this are skipped as malformed without being parsed.
pub const MAX_READ_LINE: usize = 1 << 20;
impl Event {
    /// The v1 object (see [`V1`]): what `--json` prints, old and flat lines
    /// converted, the collector's host added.
    pub fn v1(&self) -> V1<'_> {
        V1 {
            timestamp: self.time_text_v1_ref(),
            event_type: &self.event_type,
            user: self.user.as_deref(),
            source: self.source.as_deref(),
            uid: self.uid,
            details: &self.details,
            host: self.host.as_deref(),
        }
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

    /// The container this event is about: the first non-empty string of
    /// [`CONTAINER_KEYS`].
    pub fn container(&self) -> Option<&str> {
        for k in CONTAINER_KEYS {
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

/// A field's value, compared by its text.
#[derive(Clone, Copy, Debug)]
pub enum FieldValue<'a> {
    Str(&'a str),
    Json(&'a Value),
    Uint(u64),
}

impl<'a> FieldValue<'a> {
    /// The text a filter compares: strings bare, other JSON as written.
    pub fn text(&self) -> std::borrow::Cow<'a, str> {
        match self {
            FieldValue::Str(s) => (*s).into(),
            FieldValue::Json(Value::String(s)) => s.as_str().into(),
            FieldValue::Json(Value::Null) => "null".into(),
            FieldValue::Json(v) => v.to_string().into(),
            FieldValue::Uint(n) => n.to_string().into(),
        }
    }
}
