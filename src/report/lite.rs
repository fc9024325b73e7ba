//! The few fields the report needs, read from a v1 line without building
//! the whole event: borrowed strings, every other value skipped (but still
//! checked: serde_json validates the whole line). Whenever the line is not
//! plainly a v1 object (other top-level keys, a duplicate field, a value of
//! an unexpected type, bare NaN...) this gives up and the caller parses the
//! line with [`crate::event::parse_line`], so the numbers are the same
//! either way.

use std::borrow::Cow;

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A detail's value, small: strings borrowed from the line when they have
/// no escapes, other values as the text a filter compares (JSON as
/// written), `null` kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Small<'a> {
    Str(Cow<'a, str>),
    Bool(bool),
    Null,
    Text(String),
}

impl Small<'_> {
    /// As [`crate::event::FieldValue::text`].
    pub fn text(&self) -> String {
        match self {
            Small::Str(s) => s.to_string(),
            Small::Text(s) => s.clone(),
            Small::Bool(b) => b.to_string(),
            Small::Null => "null".into(),
        }
    }
}

struct SmallVisitor;

impl<'de> serde::de::Visitor<'de> for SmallVisitor {
    type Value = Small<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Small<'de>, E> {
        Ok(Small::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Small<'de>, E> {
        Ok(Small::Str(Cow::Owned(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Small<'de>, E> {
        Ok(Small::Str(Cow::Owned(v)))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Small<'de>, E> {
        Ok(Small::Bool(v))
    }
    fn visit_unit<E>(self) -> Result<Small<'de>, E> {
        Ok(Small::Null)
    }
    // Numbers and containers: as serde_json::Value prints them.
    fn visit_i64<E>(self, v: i64) -> Result<Small<'de>, E> {
        Ok(Small::Text(Value::from(v).to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Small<'de>, E> {
        Ok(Small::Text(Value::from(v).to_string()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Small<'de>, E> {
        match serde_json::Number::from_f64(v) {
            Some(n) => Ok(Small::Text(Value::Number(n).to_string())),
            None => Err(E::custom("not a finite number")),
        }
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, a: A) -> Result<Small<'de>, A::Error> {
        let v = Value::deserialize(serde::de::value::SeqAccessDeserializer::new(a))?;
        Ok(Small::Text(v.to_string()))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, a: A) -> Result<Small<'de>, A::Error> {
        let v = Value::deserialize(serde::de::value::MapAccessDeserializer::new(a))?;
        Ok(Small::Text(v.to_string()))
    }
}

/// A present value, `null` included (`Option<_>` alone reads `null` as
/// absent, where the event keeps it as a detail).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Small<'de>>, D::Error> {
    d.deserialize_any(SmallVisitor).map(Some)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Top<'a> {
    #[serde(borrow)]
    pub timestamp: Cow<'a, str>,
    #[serde(borrow)]
    pub event_type: Cow<'a, str>,
    #[serde(default)]
    #[allow(dead_code)]
    schema_version: Option<IgnoredAny>,
    #[serde(borrow, default)]
    pub user: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    #[allow(dead_code)]
    source: Option<Cow<'a, str>>,
    #[serde(default)]
    #[serde(borrow)]
    pub details: Option<Box<Details<'a>>>,
}

/// The details the report reads; the others are skipped.
#[derive(Deserialize, Default)]
pub struct Details<'a> {
    #[serde(default, borrow, deserialize_with = "present")]
    pub container: Option<Small<'a>>,
    #[serde(default, borrow, deserialize_with = "present")]
    pub name: Option<Small<'a>>,
    #[serde(default, borrow, deserialize_with = "present")]
    pub container_name: Option<Small<'a>>,
    #[serde(default, borrow, deserialize_with = "present")]
    pub container_id: Option<Small<'a>>,
    #[serde(default, borrow, deserialize_with = "present")]
    pub gpu_uuid: Option<Small<'a>>,
    #[serde(default, borrow, deserialize_with = "present")]
    pub gpu: Option<Small<'a>>,
    #[serde(default, borrow, deserialize_with = "present")]
    pub container_type: Option<Small<'a>>,
    #[serde(default, borrow, deserialize_with = "present")]
    pub has_gpu: Option<Small<'a>>,
}

impl Details<'_> {
    /// As [`crate::event::Event::container`]: the first non-empty string of
    /// [`crate::event::CONTAINER_KEYS`] (one field each above, in that order).
    pub fn container(&self) -> Option<&str> {
        for v in [
            &self.container,
            &self.name,
            &self.container_name,
            &self.container_id,
        ] {
            if let Some(Small::Str(s)) = v {
                if !s.is_empty() {
                    return Some(s);
                }
            }
        }
        None
    }
}

/// The v1 fields of `line`, or `None`: then only the full parse can tell.
pub fn read(line: &[u8]) -> Option<Top<'_>> {
    if line.len() > crate::event::MAX_READ_LINE || line.ends_with(b"\r") {
        return None;
    }
    let text = std::str::from_utf8(line).ok()?;
    serde_json::from_str::<Top>(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_v1_lines_are_read_others_left_to_the_parse() {
        let t = read(br#"{"timestamp":"2026-10-01T00:00:00.000000Z","event_type":"gpu.allocate","schema_version":"1","user":"a","details":{"container":"c","gpu_uuid":"1","x":[1,{"y":2}]}}"#).unwrap();
        assert_eq!(t.event_type, "gpu.allocate");
        let d = t.details.unwrap();
        assert_eq!(d.container(), Some("c"));
        // A top-level key the event would keep as a detail.
        assert!(
            read(br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","gpu":1}"#).is_none()
        );
        // A duplicate detail: the parse decides which one wins.
        assert!(read(
            br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","details":{"gpu":1,"gpu":2}}"#
        )
        .is_none());
        // Torn, invalid UTF-8, not a string.
        assert!(read(br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","det"#).is_none());
        assert!(read(b"{\"timestamp\":\"\xff\",\"event_type\":\"x\"}").is_none());
        assert!(
            read(br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","user":5}"#).is_none()
        );
        // null is kept as a present value.
        let t = read(br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","details":{"gpu_uuid":null,"gpu":1}}"#).unwrap();
        assert_eq!(t.details.unwrap().gpu_uuid, Some(Small::Null));
        // Numbers and containers read as the event's text of them.
        let line = br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","details":{"gpu":2.10,"gpu_uuid":[1, {"a":"\u00e9"}],"container":"c\"q","container_id":12}}"#;
        let e = crate::event::parse_line(line).unwrap();
        let d = read(line).unwrap().details.unwrap();
        for (k, v) in [
            ("gpu", &d.gpu),
            ("gpu_uuid", &d.gpu_uuid),
            ("container", &d.container),
            ("container_id", &d.container_id),
        ] {
            assert_eq!(
                v.as_ref().unwrap().text(),
                e.field(k).unwrap().text(),
                "{k}"
            );
        }
    }

    #[test]
    fn container_agrees_with_the_event_for_each_key() {
        let keys = crate::event::CONTAINER_KEYS;
        for first in 0..keys.len() {
            // The later keys present too, one of them empty: the first
            // non-empty one wins, as for the event.
            let details: Vec<String> = keys[first..]
                .iter()
                .rev()
                .enumerate()
                .map(|(i, k)| format!(r#""{k}":"{}""#, if i == 1 { "" } else { k }))
                .collect();
            let line = format!(
                r#"{{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","details":{{{}}}}}"#,
                details.join(",")
            );
            let e = crate::event::parse_line(line.as_bytes()).unwrap();
            let d = read(line.as_bytes()).unwrap().details.unwrap();
            assert_eq!(d.container(), e.container(), "{line}");
            assert!(e.container().is_some(), "{line}");
        }
    }
}
