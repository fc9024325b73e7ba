//! The v1 object: the one shape both sides serialise. The writer
//! ([`super::envelope::Envelope`]) appends it to the log; the reader's
//! `--json` output ([`super::Event::v1`]) prints it for a line of any schema.
//!
//! Keys in the writer's order (`timestamp`, `event_type`, `schema_version`,
//! `user`, `source`, `uid`, `details`, then the reader-only `host`), absent
//! ones left out. Serialised with serde_json's compact separators; the
//! characters to escape are the caller's choice
//! ([`super::envelope::write_json_escaping`]).

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::envelope::SCHEMA_VERSION;

/// One event's v1 object, borrowing its fields.
#[derive(Clone, Debug)]
pub struct V1<'a> {
    /// `YYYY-MM-DDTHH:MM:SS.ffffffZ`, or the text as written when it could
    /// not be read.
    pub timestamp: Cow<'a, str>,
    pub event_type: &'a str,
    pub user: Option<&'a str>,
    pub source: Option<&'a str>,
    pub uid: Option<u32>,
    /// Left out when empty.
    pub details: &'a Map<String, Value>,
    /// The collector's host directory (`--hosts-dir`): never written to the
    /// log, only shown.
    pub host: Option<&'a str>,
}

impl V1<'_> {
    /// As a JSON value (keys in the same order).
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a v1 object is always valid JSON")
    }
}

impl Serialize for V1<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("timestamp", &self.timestamp)?;
        m.serialize_entry("event_type", self.event_type)?;
        m.serialize_entry("schema_version", SCHEMA_VERSION)?;
        if let Some(u) = self.user {
            m.serialize_entry("user", u)?;
        }
        if let Some(src) = self.source {
            m.serialize_entry("source", src)?;
        }
        if let Some(uid) = self.uid {
            m.serialize_entry("uid", &uid)?;
        }
        if !self.details.is_empty() {
            m.serialize_entry("details", self.details)?;
        }
        if let Some(h) = self.host {
            m.serialize_entry("host", h)?;
        }
        m.end()
    }
}
