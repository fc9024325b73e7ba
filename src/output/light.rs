//! Table and CSV rows straight from a line already in its v1 form
//! ([`crate::event::verbatim_line`]): the envelope read in place, the
//! details as borrowed key and raw value pairs, no `Event`, no map. The row
//! is byte for byte what the parsed event's row is; anything unusual (an
//! escaped key, a repeated key, a CSV `other` cell) declines, and the line
//! is parsed as usual.

use std::borrow::Cow;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// One v1 line, borrowed.
pub struct Light<'a> {
    pub time_text: &'a str,
    pub time: jiff::Timestamp,
    pub event_type: &'a str,
    pub user: Option<&'a str>,
    pub source: Option<&'a str>,
    /// Key, value as text (strings unescaped, others as compact JSON), and
    /// whether the value is a JSON string.
    pub details: Vec<(&'a str, Cow<'a, str>, bool)>,
}

struct Pairs<'a>(Vec<(&'a str, &'a RawValue)>);

impl<'de> Deserialize<'de> for Pairs<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pairs<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Pairs<'de>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<&'de str, &'de RawValue>()? {
                    out.push((k, v));
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// The string after `prefix` up to its closing quote (a v1 line's plain
/// strings hold no escapes), and the rest.
fn plain<'a>(rest: &'a str, prefix: &str) -> Option<(&'a str, &'a str)> {
    let rest = rest.strip_prefix(prefix)?;
    let end = rest.find('"')?;
    Some((&rest[..end], &rest[end + 1..]))
}

/// A value's text as [`crate::output::value_text`] gives it for the parsed
/// value.
fn text_of(raw: &RawValue) -> Option<(Cow<'_, str>, bool)> {
    let t = raw.get();
    let b = t.as_bytes();
    match b.first()? {
        b'"' => {
            if !t.contains('\\') {
                Some((Cow::Borrowed(&t[1..t.len() - 1]), true))
            } else {
                serde_json::from_str::<String>(t)
                    .ok()
                    .map(|s| (Cow::Owned(s), true))
            }
        }
        b't' | b'f' | b'n' => Some((Cow::Borrowed(t), false)),
        // A plain integer prints as written.
        _ if plain_integer(b) => Some((Cow::Borrowed(t), false)),
        _ => serde_json::from_str::<serde_json::Value>(t)
            .ok()
            .map(|v| (Cow::Owned(v.to_string()), false)),
    }
}

fn plain_integer(b: &[u8]) -> bool {
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    !digits.is_empty()
        && digits.len() <= 18
        && digits.iter().all(u8::is_ascii_digit)
        && (digits[0] != b'0' || (digits.len() == 1 && b.len() == 1))
}

/// Reads a line [`crate::event::verbatim_line`] accepted; `None` when
/// the light reading cannot promise the parsed event's row.
pub fn read(line: &[u8]) -> Option<Light<'_>> {
    let line = std::str::from_utf8(line).ok()?.trim_ascii();
    let (time_text, rest) = plain(line, "{\"timestamp\":\"")?;
    let time = crate::event::parse_timestamp(time_text)?;
    let (event_type, rest) = plain(rest, ",\"event_type\":\"")?;
    let mut rest = rest.strip_prefix(",\"schema_version\":\"1\"")?;
    let mut user = None;
    let mut source = None;
    if let Some((u, r)) = plain(rest, ",\"user\":\"") {
        user = Some(u);
        rest = r;
    }
    if let Some((s, r)) = plain(rest, ",\"source\":\"") {
        source = Some(s);
        rest = r;
    }
    let mut details = Vec::new();
    if rest != "}" {
        let obj = rest.strip_prefix(",\"details\":")?.strip_suffix('}')?;
        let pairs: Pairs<'_> = serde_json::from_str(obj).ok()?;
        for (i, (k, v)) in pairs.0.iter().enumerate() {
            // A repeated key: the map keeps one (first place, last value).
            if pairs.0[..i].iter().any(|(k2, _)| k2 == k) {
                return None;
            }
            let (text, is_str) = text_of(v)?;
            details.push((*k, text, is_str));
        }
    }
    Some(Light {
        time_text,
        time,
        event_type,
        user,
        source,
        details,
    })
}

impl Light<'_> {
    /// [`crate::event::Event::container`].
    pub fn container(&self) -> Option<&str> {
        for k in crate::event::CONTAINER_KEYS {
            if let Some((_, v, true)) = self.details.iter().find(|(dk, _, _)| *dk == k) {
                if !v.is_empty() {
                    return Some(v);
                }
            }
        }
        None
    }

    /// The detail key the table's CONTAINER column shows.
    pub fn container_key(&self, container: Option<&str>) -> Option<&'static str> {
        let c = container?;
        crate::event::CONTAINER_KEYS.into_iter().find(|k| {
            self.details
                .iter()
                .find(|(dk, _, _)| dk == k)
                .is_some_and(|(_, v, s)| *s && v == c)
        })
    }
}
