//! The few fields the report needs, read from a v1 line without building
//! the event: one pass over the bytes that checks the whole line (every
//! value, the skipped ones too, as serde_json would) and borrows the
//! fields from it, allocating nothing. Whenever the line is not plainly a
//! v1 object (another top-level key, a duplicate field, an escape in a
//! field read, a value of an unexpected type, control bytes, an exponent,
//! bare NaN...) this gives up and the caller parses the line with
//! [`crate::event::parse_line`], so the numbers are the same either way.
//! The JSON itself is read with [`crate::event::json_cursor`], the same
//! check that counts malformed lines.

use std::borrow::Cow;

use crate::event::json_cursor::JsonCursor;

/// A detail's value as written in the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Small<'a> {
    /// A string without escapes, borrowed.
    Str(&'a str),
    Bool(bool),
    Null,
    /// A number, array or object: its JSON text as written.
    Json(&'a str),
}

impl<'a> Small<'a> {
    /// As [`crate::event::FieldValue::text`] of the value the full parse
    /// builds: strings bare, `null`, other JSON as serde_json prints it
    /// (`2.10` is `2.1`, `-0` is `-0.0`).
    pub fn text(&self) -> Cow<'a, str> {
        match *self {
            Small::Str(s) => Cow::Borrowed(s),
            Small::Bool(true) => Cow::Borrowed("true"),
            Small::Bool(false) => Cow::Borrowed("false"),
            Small::Null => Cow::Borrowed("null"),
            Small::Json(t) if prints_as_written(t) => Cow::Borrowed(t),
            // Rare: floats, arrays, objects.
            Small::Json(t) => match serde_json::from_str::<serde_json::Value>(t) {
                Ok(v) => Cow::Owned(v.to_string()),
                Err(_) => Cow::Borrowed(t),
            },
        }
    }
}

/// Whether serde_json prints this number as written: a whole number
/// that fits an i64 (at most 15 digits), without a leading zero, and not
/// `-0` (a float to serde_json).
fn prints_as_written(t: &str) -> bool {
    let digits = t.strip_prefix('-').unwrap_or(t).as_bytes();
    match digits {
        [] => false,
        [b'0'] => t.len() == 1,
        [b'1'..=b'9', rest @ ..] => digits.len() <= 15 && rest.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// The details the report reads, each as written (`None`: absent); the
/// others are checked and skipped.
#[derive(Default, Clone, Copy, Debug)]
pub struct Details<'a> {
    pub container: Option<Small<'a>>,
    pub name: Option<Small<'a>>,
    pub container_name: Option<Small<'a>>,
    pub container_id: Option<Small<'a>>,
    pub gpu_uuid: Option<Small<'a>>,
    pub gpu: Option<Small<'a>>,
    pub container_type: Option<Small<'a>>,
    pub has_gpu: Option<Small<'a>>,
}

impl<'a> Details<'a> {
    /// As [`crate::event::Event::container`]: the first non-empty string of
    /// [`crate::event::CONTAINER_KEYS`] (one field each above, in that order).
    pub fn container(&self) -> Option<&'a str> {
        [
            self.container,
            self.name,
            self.container_name,
            self.container_id,
        ]
        .into_iter()
        .find_map(|v| match v {
            Some(Small::Str(s)) if !s.is_empty() => Some(s),
            _ => None,
        })
    }
}

/// A v1 line's fields, borrowed from it.
#[derive(Clone, Copy, Debug)]
pub struct Top<'a> {
    pub timestamp: &'a str,
    pub event_type: &'a str,
    /// `None` when absent or null; an empty user is kept (the event drops it).
    pub user: Option<&'a str>,
    /// All `None` when absent or null.
    pub details: Details<'a>,
}

/// The v1 fields of `line`, or `None`: then only
/// [`crate::event::parse_line`] can tell.
pub fn read(line: &[u8]) -> Option<Top<'_>> {
    if line.len() > crate::event::MAX_READ_LINE {
        return None;
    }
    // Printable ASCII everywhere, the common case: one vector loop. Else
    // control bytes (raw tabs, CR) are left to the parse; other bytes must
    // be UTF-8, then every slice between ASCII quotes is too.
    let odd = line
        .iter()
        .fold(false, |acc, &b| acc | (b.wrapping_sub(0x20) > 0x5e));
    let text = if odd {
        if line.iter().any(|&b| b < 0x20) {
            return None;
        }
        std::str::from_utf8(line).ok()?
    } else {
        // SAFETY: every byte is below 0x80, so ASCII, which is UTF-8.
        unsafe { std::str::from_utf8_unchecked(line) }
    };
    let mut s = JsonCursor::new(text);
    s.spaces();
    s.eat(b'{')?;
    s.spaces();
    let (mut timestamp, mut event_type, mut user) = (None, None, None);
    // Filled in place: the struct is large for a copy per line.
    let mut details = Details::default();
    let mut have_details = false;
    // schema_version, source, uid: checked, skipped, each once.
    let mut skipped = [false; 3];
    let mut once = |k: usize| (!std::mem::replace(&mut skipped[k], true)).then_some(());
    loop {
        match s.key()? {
            b"timestamp" if timestamp.is_none() => timestamp = Some(s.plain_str()?),
            b"event_type" if event_type.is_none() => event_type = Some(s.plain_str()?),
            b"user" if user.is_none() => user = Some(str_or_null(&mut s)?),
            b"details" if !have_details => {
                have_details = true;
                if s.peek()? == b'n' {
                    s.word(b"null")?;
                } else {
                    details_into(&mut s, &mut details)?;
                }
            }
            b"schema_version" => {
                once(0)?;
                s.skip(1)?
            }
            b"source" => {
                once(1)?;
                s.skip(1)?
            }
            // The writer's uid: the envelope's, or (not a u32) a detail
            // none of the eight above: either way it changes nothing here.
            b"uid" => {
                once(2)?;
                s.skip(1)?
            }
            _ => return None,
        }
        if !s.next_member()? {
            break;
        }
    }
    s.spaces();
    if s.i != line.len() {
        return None;
    }
    Some(Top {
        timestamp: timestamp?,
        event_type: event_type?,
        user: user.flatten(),
        details,
    })
}

/// A string without escapes, or `null` (`None`).
fn str_or_null<'a>(s: &mut JsonCursor<'a>) -> Option<Option<&'a str>> {
    if s.peek()? == b'n' {
        s.word(b"null")?;
        return Some(None);
    }
    s.plain_str().map(Some)
}

/// The `details` object: the eight the report reads, each once.
fn details_into<'a>(s: &mut JsonCursor<'a>, d: &mut Details<'a>) -> Option<()> {
    s.eat(b'{')?;
    s.spaces();
    if s.peek()? == b'}' {
        s.i += 1;
        return Some(());
    }
    loop {
        let slot = match s.key()? {
            b"container" => Some(&mut d.container),
            b"name" => Some(&mut d.name),
            b"container_name" => Some(&mut d.container_name),
            b"container_id" => Some(&mut d.container_id),
            b"gpu_uuid" => Some(&mut d.gpu_uuid),
            b"gpu" => Some(&mut d.gpu),
            b"container_type" => Some(&mut d.container_type),
            b"has_gpu" => Some(&mut d.has_gpu),
            _ => None,
        };
        match slot {
            // A duplicate: the parse decides which one wins.
            Some(Some(_)) => return None,
            Some(slot) => *slot = Some(detail_value(s)?),
            None => s.skip(2)?,
        }
        if !s.next_member()? {
            return Some(());
        }
    }
}

/// A detail's value (two containers open around it).
fn detail_value<'a>(s: &mut JsonCursor<'a>) -> Option<Small<'a>> {
    let start = s.i;
    Some(match s.peek()? {
        b'"' => Small::Str(s.plain_str()?),
        b't' => {
            s.word(b"true")?;
            Small::Bool(true)
        }
        b'f' => {
            s.word(b"false")?;
            Small::Bool(false)
        }
        b'n' => {
            s.word(b"null")?;
            Small::Null
        }
        _ => {
            s.skip(2)?;
            Small::Json(s.since(start)?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{parse_line, FieldValue, Schema};
    use proptest::prelude::*;
    use serde_json::Value;

    #[test]
    fn plain_v1_lines_are_read_others_left_to_the_parse() {
        let t = read(br#"{"timestamp":"2026-10-01T00:00:00.000000Z","event_type":"gpu.allocate","schema_version":"1","user":"a","uid":1000,"details":{"container":"c","gpu_uuid":"1","x":[1,{"y":"\u00e9"}]}}"#).unwrap();
        assert_eq!(t.event_type, "gpu.allocate");
        assert_eq!(t.user, Some("a"));
        assert_eq!(t.details.container(), Some("c"));
        // A top-level key the event would keep as a detail.
        assert!(
            read(br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","gpu":1}"#).is_none()
        );
        // A duplicate detail or top-level key: the parse decides which wins.
        assert!(read(
            br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","details":{"gpu":1,"gpu":2}}"#
        )
        .is_none());
        assert!(
            read(br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","event_type":"y"}"#)
                .is_none()
        );
        // An escaped key could spell a known one.
        assert!(read(br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","details":{"gpu":1,"gp\u0075":2}}"#).is_none());
        // Torn, invalid UTF-8, a raw tab, trailing bytes, not a string.
        assert!(read(br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","det"#).is_none());
        assert!(read(b"{\"timestamp\":\"\xff\",\"event_type\":\"x\"}").is_none());
        assert!(read(b"{\"timestamp\":\"a\tb\",\"event_type\":\"x\"}").is_none());
        assert!(read(br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x"} x"#).is_none());
        assert!(
            read(br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","user":5}"#).is_none()
        );
        // Skipped values are checked all the same.
        for bad in [
            &br#"{"timestamp":"t","event_type":"x","source":[1,]}"#[..],
            br#"{"timestamp":"t","event_type":"x","details":{"x":012}}"#,
            br#"{"timestamp":"t","event_type":"x","details":{"x":"\q"}}"#,
            br#"{"timestamp":"t","event_type":"x","details":{"x":{"a" 1}}}"#,
            br#"{"timestamp":"t","event_type":"x","schema_version":tru}"#,
        ] {
            assert!(read(bad).is_none(), "{}", String::from_utf8_lossy(bad));
            assert!(parse_line(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        // Unicode as is, spaces between tokens, details and user null.
        let t = read(r#" { "timestamp" : "2026-10-01T00:00:00Z" , "event_type":"é", "user":null, "details":null } "#.as_bytes()).unwrap();
        assert_eq!((t.event_type, t.user, t.details.gpu), ("é", None, None));
        // null is kept as a present value.
        let t = read(br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","details":{"gpu_uuid":null,"gpu":1}}"#).unwrap();
        assert_eq!(t.details.gpu_uuid, Some(Small::Null));
        // An escape in a string the caller gets: left to the parse.
        assert!(read(br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","details":{"container":"c\"q"}}"#).is_none());
        // Numbers and containers read as the event's text of them.
        let line = br#"{"timestamp":"2026-10-01T00:00:00Z","event_type":"x","details":{"gpu":2.10,"gpu_uuid":[1, {"a":"\u00e9"}],"container":-0,"container_id":12,"has_gpu":true}}"#;
        let e = parse_line(line).unwrap();
        let d = read(line).unwrap().details;
        for (k, v, text) in [
            ("gpu", d.gpu, "2.1"),
            ("gpu_uuid", d.gpu_uuid, r#"[1,{"a":"é"}]"#),
            ("container", d.container, "-0.0"),
            ("container_id", d.container_id, "12"),
            ("has_gpu", d.has_gpu, "true"),
        ] {
            assert_eq!(v.unwrap().text(), e.field(k).unwrap().text(), "{k}");
            assert_eq!(v.unwrap().text(), text, "{k}");
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
            let e = parse_line(line.as_bytes()).unwrap();
            let d = read(line.as_bytes()).unwrap().details;
            assert_eq!(d.container(), e.container(), "{line}");
            assert!(e.container().is_some(), "{line}");
        }
    }

    #[test]
    fn nesting_and_length_limits_give_up() {
        let deep = |n: usize| {
            format!(
                r#"{{"timestamp":"t","event_type":"x","details":{{"x":{}1{}}}}}"#,
                "[".repeat(n),
                "]".repeat(n)
            )
        };
        assert!(read(deep(62).as_bytes()).is_some());
        assert!(read(deep(63).as_bytes()).is_none());
        assert!(parse_line(deep(63).as_bytes()).is_ok());
        let long = format!(
            r#"{{"timestamp":"t","event_type":"x","source":"{}"}}"#,
            "a".repeat(crate::event::MAX_READ_LINE)
        );
        assert!(read(long.as_bytes()).is_none());
    }

    #[test]
    fn strings_of_every_length_and_escape_position() {
        // The scan reads eight bytes at a time, then memchr: an escape at
        // each offset, in a value read (give up) and in one skipped (read),
        // and a line torn inside a string.
        for len in 0..80 {
            for at in 0..=len {
                let mut v = "a".repeat(len);
                v.insert_str(at, r"\n");
                let p = "b".repeat(len);
                let torn = &p[..at];
                for (line, read_it) in [
                    (
                        format!(
                            r#"{{"timestamp":"{p}","event_type":"x","details":{{"container":"{p}","r":"{v}"}}}}"#
                        ),
                        true,
                    ),
                    (
                        format!(r#"{{"timestamp":"{p}","event_type":"x","source":"{v}"}}"#),
                        true,
                    ),
                    (
                        format!(
                            r#"{{"timestamp":"t","event_type":"x","details":{{"gpu":"{v}"}}}}"#
                        ),
                        false,
                    ),
                    (
                        format!(r#"{{"timestamp":"t","event_type":"x","user":"{torn}"#),
                        false,
                    ),
                ] {
                    assert_eq!(agrees(line.as_bytes()).unwrap(), read_it, "{line}");
                }
            }
        }
    }

    /// When `read` says Some, the full parse agrees on every field;
    /// returns whether it did.
    fn agrees(line: &[u8]) -> Result<bool, TestCaseError> {
        let Some(t) = read(line) else {
            return Ok(false);
        };
        let shown = String::from_utf8_lossy(line);
        let e = parse_line(line);
        prop_assert!(e.is_ok(), "read but malformed: {}", shown);
        let e = e.unwrap();
        prop_assert_eq!(e.schema, Schema::V1, "{}", shown);
        prop_assert_eq!(t.timestamp, e.time_text.as_str(), "{}", shown);
        prop_assert_eq!(t.event_type, e.event_type.as_str(), "{}", shown);
        prop_assert_eq!(
            t.user.filter(|u| !u.is_empty()),
            e.user.as_deref(),
            "{}",
            shown
        );
        let d = t.details;
        for (k, v) in [
            ("container", d.container),
            ("name", d.name),
            ("container_name", d.container_name),
            ("container_id", d.container_id),
            ("gpu_uuid", d.gpu_uuid),
            ("gpu", d.gpu),
            ("container_type", d.container_type),
            ("has_gpu", d.has_gpu),
        ] {
            let full = e.details.get(k);
            prop_assert_eq!(v.is_some(), full.is_some(), "{}: {}", k, shown);
            let (Some(v), Some(full)) = (v, full) else {
                continue;
            };
            let full_text = FieldValue::Json(full).text().into_owned();
            prop_assert_eq!(v.text(), full_text, "{}: {}", k, shown);
            let same_kind = match (v, full) {
                (Small::Str(_), Value::String(_)) => true,
                (Small::Bool(b), Value::Bool(c)) => b == *c,
                (Small::Null, Value::Null) => true,
                (Small::Json(_), Value::Number(_) | Value::Array(_) | Value::Object(_)) => true,
                _ => false,
            };
            prop_assert!(same_kind, "{}: {:?} vs {:?}: {}", k, v, full, shown);
        }
        prop_assert_eq!(d.container(), e.container(), "{}", shown);
        Ok(true)
    }

    fn pick(items: &'static [&'static str]) -> BoxedStrategy<String> {
        prop::sample::select(items).prop_map(String::from).boxed()
    }

    /// Strings with and without escapes (some invalid, some surrogates),
    /// unicode, raw control bytes.
    fn string() -> BoxedStrategy<String> {
        prop::collection::vec(
            pick(&[
                "a",
                "gpu-3",
                " ",
                "",
                "é",
                "日本",
                r#"\""#,
                r"\\",
                r"\n",
                r"\/",
                r"\u00e9",
                r"\ud83d\ude00",
                r"\ud800",
                r"\x",
                "\t",
                "}",
                ",",
                ":",
                r"\u004",
                "\u{7f}",
            ]),
            0..4,
        )
        .prop_map(|p| format!("\"{}\"", p.concat()))
        .boxed()
    }

    fn value() -> BoxedStrategy<String> {
        let leaf = prop_oneof![
            3 => string(),
            3 => pick(&["0", "-0", "2.10", "-5", "3.3", "12", "1.0", "-0.0", "99999999999999", "-1.5"]),
            1 => pick(&["1e5", "012", "1E+2", "-", "1.", ".5", "00", "7.25e-3", "1e999", "-1E400", "123456789012345678"]),
            2 => pick(&["true", "false", "null"]),
            1 => pick(&["NaN", "Infinity", "-Infinity", "nul", "tru"]),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec(
                    (prop_oneof![string(), pick(&["\"k\"", "\"\""])], inner),
                    0..4
                )
                .prop_map(|v| {
                    let v: Vec<String> = v.iter().map(|(k, v)| format!("{k}:{v}")).collect();
                    format!("{{{}}}", v.join(", "))
                }),
            ]
        })
        .boxed()
    }

    fn object(entries: Vec<(String, String)>, spaced: bool) -> String {
        let (comma, colon) = if spaced { (", ", ": ") } else { (",", ":") };
        let v: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!("\"{k}\"{colon}{v}"))
            .collect();
        format!("{{{}}}", v.join(comma))
    }

    /// v1-ish lines: random subsets and orders of the top-level and the
    /// eight detail keys, others, duplicates, escaped keys, odd values.
    fn v1ish() -> BoxedStrategy<String> {
        let detail_key = pick(&[
            "container",
            "name",
            "container_name",
            "container_id",
            "gpu_uuid",
            "gpu",
            "container_type",
            "has_gpu",
            "image",
            "reason",
            "x",
            "",
            r"contai\u006eer",
        ]);
        let detail_value = prop_oneof![
            3 => pick(&["\"c1\"", "\"\"", "\"3.2\"", "\"GPU-5\"", "true", "false", "null", "1", "2.10"]),
            2 => value(),
        ];
        let details = (
            prop::collection::vec((detail_key, detail_value), 0..6),
            any::<bool>(),
        )
            .prop_map(|(e, spaced)| object(e, spaced));
        let timestamp = (
            Just("timestamp"),
            prop_oneof![
                6 => pick(&["\"2026-10-01T00:00:00.000000Z\"", "\"2026-10-01T00:00:00Z\"", "\"x\"", "\"\""]),
                1 => value(),
            ],
        );
        let event_type = (
            Just("event_type"),
            prop_oneof![
                6 => pick(&["\"gpu.allocate\"", "\"container.create\"", "\"\""]),
                1 => value(),
            ],
        );
        let other = prop_oneof![
            2 => (Just("schema_version"), prop_oneof![pick(&["\"1\"", "1"]), value()]),
            2 => (Just("user"), prop_oneof![3 => pick(&["\"alice\"", "\"\"", "null", "5"]), 1 => value()]),
            2 => (Just("source"), value()),
            1 => (Just("uid"), prop_oneof![pick(&["1000", "-1", "\"0\"", "4294967296"]), value()]),
            4 => (Just("details"), prop_oneof![6 => details, 1 => value()]),
            1 => (pick_str(&["timestamp", "event_type", "ts", "event", "gpu", "container", r"time\u0073tamp", "Details"]), value()),
        ];
        (
            prop::option::weighted(0.95, timestamp),
            prop::option::weighted(0.95, event_type),
            prop::collection::vec(other, 0..5),
        )
            .prop_flat_map(|(t, e, rest)| {
                Just(t.into_iter().chain(e).chain(rest).collect::<Vec<_>>()).prop_shuffle()
            })
            .prop_flat_map(|e| (Just(e), any::<bool>(), pick(&["", " "])))
            .prop_map(|(e, spaced, pad)| {
                let e = e.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                format!("{pad}{}{pad}", object(e, spaced))
            })
            .boxed()
    }

    fn pick_str(items: &'static [&'static str]) -> BoxedStrategy<&'static str> {
        prop::sample::select(items).boxed()
    }

    /// A plain JSON value as the writer prints one: no escapes, no
    /// exponent, at most 15 characters a number.
    fn plain_value() -> BoxedStrategy<Value> {
        let leaf = prop_oneof![
            "[a-zA-Z0-9 ._:/()é日-]{0,12}".prop_map(Value::String),
            (-1_000_000_000_000i64..1_000_000_000_000).prop_map(Value::from),
            (-100_000i32..100_000).prop_map(|n| Value::from(f64::from(n) / 10.0)),
            any::<bool>().prop_map(Value::Bool),
            Just(Value::Null),
        ];
        leaf.prop_recursive(3, 12, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec(("[a-z_]{0,6}", inner), 0..4)
                    .prop_map(|v| Value::Object(v.into_iter().collect())),
            ]
        })
        .boxed()
    }

    /// A line as the writer writes it (keys in its order, compact).
    fn writer_line() -> BoxedStrategy<String> {
        let detail_key = prop_oneof![
            pick(&[
                "container",
                "name",
                "container_name",
                "container_id",
                "gpu_uuid",
                "gpu",
                "container_type",
                "has_gpu",
            ]),
            "[a-z_]{1,10}",
        ];
        let user = prop::option::of("[a-z.@]{0,10}");
        let source = prop::option::of("[a-z_-]{1,10}");
        let details = prop::collection::vec((detail_key, plain_value()), 0..8);
        (
            "[a-z_.]{1,20}",
            user,
            source,
            prop::option::of(any::<u32>()),
            details,
        )
            .prop_map(|(event_type, user, source, uid, details)| {
                let mut m = serde_json::Map::new();
                m.insert("timestamp".into(), "2026-10-01T12:34:56.123456Z".into());
                m.insert("event_type".into(), event_type.into());
                m.insert("schema_version".into(), "1".into());
                if let Some(u) = user {
                    m.insert("user".into(), u.into());
                }
                if let Some(s) = source {
                    m.insert("source".into(), s.into());
                }
                if let Some(u) = uid {
                    m.insert("uid".into(), u.into());
                }
                let d: serde_json::Map<String, Value> = details.into_iter().collect();
                if !d.is_empty() {
                    m.insert("details".into(), Value::Object(d));
                }
                Value::Object(m).to_string()
            })
            .boxed()
    }

    /// Byte edits: (what, where, which byte).
    fn edits() -> BoxedStrategy<Vec<(u8, usize, u8)>> {
        let byte = prop_oneof![
            prop::sample::select(b"{}[]\",:\\ 0-.eEnu\t\r\xc3\xa9\xff".to_vec()),
            any::<u8>(),
        ];
        prop::collection::vec((0u8..4, any::<usize>(), byte), 0..3).boxed()
    }

    fn edit(line: &str, edits: &[(u8, usize, u8)]) -> Vec<u8> {
        let mut m = line.as_bytes().to_vec();
        for &(what, at, byte) in edits {
            let at = at % (m.len() + 1);
            match what {
                0 if at < m.len() => {
                    m.remove(at);
                }
                1 => m.insert(at, byte),
                2 if at < m.len() => m[at] = byte,
                _ => m.truncate(at),
            }
        }
        m
    }

    fn v1ish_lines_agree(line: String, edits: Vec<(u8, usize, u8)>) -> Result<(), TestCaseError> {
        agrees(line.as_bytes())?;
        agrees(&edit(&line, &edits))?;
        Ok(())
    }

    fn writer_lines_are_read(
        line: String,
        edits: Vec<(u8, usize, u8)>,
    ) -> Result<(), TestCaseError> {
        prop_assert!(agrees(line.as_bytes())?, "not read: {}", line);
        agrees(&edit(&line, &edits))?;
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn read_agrees_with_the_parse(line in v1ish(), edits in edits()) {
            v1ish_lines_agree(line, edits)?;
        }

        #[test]
        fn writer_lines_take_the_fast_path(line in writer_line(), edits in edits()) {
            writer_lines_are_read(line, edits)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200_000))]
        #[test]
        #[ignore = "deep property run"]
        fn read_agrees_with_the_parse_deep(line in v1ish(), edits in edits()) {
            v1ish_lines_agree(line, edits)?;
        }

        #[test]
        #[ignore = "deep property run"]
        fn writer_lines_take_the_fast_path_deep(line in writer_line(), edits in edits()) {
            writer_lines_are_read(line, edits)?;
        }
    }
}
