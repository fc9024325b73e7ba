//! The v1 event envelope: build it from `key=value` words, type the values,
//! serialise it byte-for-byte as the Python writer did, cap it at 4096 bytes.

use serde_json::{Map, Value};

/// The most bytes one line may take, newline included: the format's rule.
pub const MAX_LINE: usize = 4096;
pub const MAX_TYPE_LEN: usize = 128;
pub const SCHEMA_VERSION: &str = "1";
/// Put at the end of a string value that was shortened to fit the line.
pub const TRUNCATION_MARK: &str = "…[truncated]";

/// One event to write.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Envelope {
    /// RFC 3339 UTC with microseconds and `Z`.
    pub timestamp: String,
    pub event_type: String,
    pub user: Option<String>,
    pub source: Option<String>,
    /// The writing process's real uid: who wrote it, whatever `user` says.
    pub uid: Option<u32>,
    pub details: Map<String, Value>,
}

/// Formats an instant as the writer does: `2026-01-30T14:30:00.123456Z`.
pub fn format_timestamp(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string()
}

/// Why an event type is refused.
pub fn check_event_type(t: &str) -> Result<(), String> {
    if t.is_empty() {
        return Err("the event type is empty".into());
    }
    if t.len() > MAX_TYPE_LEN {
        return Err(format!(
            "the event type is {} bytes long; at most {MAX_TYPE_LEN} are allowed",
            t.len()
        ));
    }
    if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the event type contains whitespace or a control character".into());
    }
    // Bidi overrides and invisible characters would make one type look
    // like another on every admin's terminal.
    if let Some(c) = t.chars().find(|&c| crate::output::escape::is_unsafe(c)) {
        return Err(format!(
            "the event type contains U+{:04X}, an invisible or bidi control character",
            c as u32
        ));
    }
    if t.split('.').any(str::is_empty) {
        return Err("the event type has an empty segment (leading, trailing or double dot)".into());
    }
    Ok(())
}

/// Types a `key=value` value: JSON only when serialising that JSON gives back
/// exactly the text typed (`50`, `true`, `[1,2]`, `1.2`), else a string
/// (`007`, `1.10`, `1e5`, `NaN`).
pub fn type_value(text: &str) -> Value {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        if serde_json::to_string(&v).ok().as_deref() == Some(text) {
            return v;
        }
    }
    Value::String(text.to_string())
}

/// What one command-line word contributes to the event.
#[derive(Debug, PartialEq)]
pub enum Word {
    User(String),
    Source(String),
    Detail(String, Value),
}

/// Parses `key=value` (typed) or `key:=JSON` (raw JSON). `None` when the word
/// has no `=` at all (the caller warns and goes on); `Err` for invalid JSON.
pub fn parse_word(word: &str) -> Option<Result<Word, String>> {
    let eq = word.find('=')?;
    let (key, raw) = if eq > 0 && word.as_bytes()[eq - 1] == b':' {
        (&word[..eq - 1], true)
    } else {
        (&word[..eq], false)
    };
    let value = &word[eq + 1..];
    if key.is_empty() {
        return Some(Err(format!("'{word}' has no key before '='")));
    }
    let parsed = if raw {
        match serde_json::from_str::<Value>(value) {
            Ok(v) => v,
            Err(e) => {
                return Some(Err(format!(
                    "'{key}:={value}' is not valid JSON ({e}); use {key}=VALUE for a plain string"
                )))
            }
        }
    } else {
        type_value(value)
    };
    // The envelope's user and source are the text typed (`:=` unwraps JSON).
    Some(Ok(match (key, parsed) {
        ("user", v) if raw => Word::User(value_text(v)),
        ("source", v) if raw => Word::Source(value_text(v)),
        ("user", _) => Word::User(value.to_string()),
        ("source", _) => Word::Source(value.to_string()),
        (k, v) => Word::Detail(k.to_string(), v),
    }))
}

fn value_text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

/// A compact serde_json formatter that writes the characters `escape_if`
/// picks as `\uXXXX` escapes (non-ASCII, as Python's `json.dumps` does, for
/// the writer; terminal-unsafe characters for output).
struct EscapingFormatter {
    escape_if: fn(char) -> bool,
}

impl serde_json::ser::Formatter for EscapingFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // Printable ASCII needs no look at each character (serde_json has
        // escaped the controls below 0x20 already).
        if fragment.bytes().all(|b| b < 0x7f) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if !(self.escape_if)(c) {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[start..i])?;
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                write!(writer, "\\u{:04x}", u)?;
            }
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// Serialises any value the way the envelope is written.
pub fn to_ascii_json(value: &Value) -> String {
    to_json_escaping(value, |c| !c.is_ascii())
}

/// Compact JSON with the characters `escape_if` picks written as `\uXXXX`.
pub fn to_json_escaping(value: &Value, escape_if: fn(char) -> bool) -> String {
    let mut out = Vec::with_capacity(256);
    write_json_escaping(value, escape_if, &mut out);
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Appends compact JSON of `value` to `out`, escaping as [`to_json_escaping`].
pub fn write_json_escaping<T: serde::Serialize + ?Sized>(
    value: &T,
    escape_if: fn(char) -> bool,
    out: &mut Vec<u8>,
) {
    let mut ser = serde_json::Serializer::with_formatter(out, EscapingFormatter { escape_if });
    value
        .serialize(&mut ser)
        .expect("serialising JSON values to memory cannot fail");
}

impl Envelope {
    /// The v1 object to write (see [`super::V1`]): an empty user or
    /// source is left out.
    pub fn v1(&self) -> super::V1<'_> {
        super::V1 {
            timestamp: self.timestamp.as_str().into(),
            event_type: &self.event_type,
            user: self.user.as_deref().filter(|u| !u.is_empty()),
            source: self.source.as_deref().filter(|s| !s.is_empty()),
            uid: self.uid,
            details: &self.details,
            host: None,
        }
    }

    /// The line to append, newline included, at most [`MAX_LINE`] bytes.
    pub fn to_line(&self) -> String {
        let line = self.render();
        if line.len() <= MAX_LINE {
            return line;
        }
        self.capped(line.len()).render()
    }

    fn render(&self) -> String {
        let mut out = Vec::with_capacity(256);
        write_json_escaping(&self.v1(), |c| !c.is_ascii(), &mut out);
        out.push(b'\n');
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }

    /// A copy that fits: every detail key that fits is kept, the longest
    /// values are shortened first (on a char boundary, with a visible mark)
    /// until the line fits, and details say `"truncated":true,
    /// "original_size":N` (N: bytes of the whole original line, newline
    /// included). Only when even the keys with their values reduced to the
    /// mark cannot fit are keys dropped, the latest first, counted in
    /// `"dropped_keys":N`. Linear in the number of keys: each value's size
    /// is measured once, then one level is searched that all long values
    /// are cut to.
    fn capped(&self, original_size: usize) -> Envelope {
        let mut e = self.clone();
        for field in [&mut e.user, &mut e.source] {
            if let Some(s) = field.as_mut() {
                if s.len() > 256 {
                    *s = shorten_to(s, 256);
                }
            }
        }
        let entries: Vec<(String, Value)> = std::mem::take(&mut e.details)
            .into_iter()
            .filter(|(k, _)| !matches!(k.as_str(), "truncated" | "original_size" | "dropped_keys"))
            .collect();
        let mark_cost = to_ascii_json(&Value::String(TRUNCATION_MARK.into())).len();
        // Per entry: `,"key":` and the value's full and smallest sizes.
        let sizes: Vec<(usize, usize, usize)> = entries
            .iter()
            .map(|(k, v)| {
                let key = 2 + to_ascii_json(&Value::String(k.clone())).len();
                let full = to_ascii_json(v).len();
                let min = if matches!(v, Value::Null | Value::Bool(_)) {
                    full
                } else {
                    full.min(mark_cost)
                };
                (key, full, min)
            })
            .collect();
        let fixed = |dropped: Option<u64>| {
            let mut f = e.clone();
            f.details.insert("truncated".into(), Value::Bool(true));
            f.details
                .insert("original_size".into(), Value::from(original_size as u64));
            if let Some(n) = dropped {
                f.details.insert("dropped_keys".into(), Value::from(n));
            }
            f
        };
        // The fixed keys come after the entries, whose commas are counted
        // in their `key` size above.
        let base = |dropped: Option<u64>| fixed(dropped).render().len();
        let smallest: usize = sizes.iter().map(|(k, _, m)| k + m).sum();
        let mut keep = vec![true; entries.len()];
        let mut dropped = None;
        let mut budget = MAX_LINE.saturating_sub(base(None));
        if smallest > budget {
            // Keys must go: keep every one that fits at its smallest, in order.
            budget = MAX_LINE.saturating_sub(base(Some(entries.len() as u64)));
            let mut used = 0;
            for (i, (k, _, m)) in sizes.iter().enumerate() {
                if used + k + m <= budget {
                    used += k + m;
                } else {
                    keep[i] = false;
                }
            }
            dropped = Some(keep.iter().filter(|k| !**k).count() as u64);
        }
        let cost_at = |level: usize| -> usize {
            sizes
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|((k, full, min), _)| k + (*full).min(level.max(*min)))
                .sum()
        };
        // The highest level every long value can be cut to.
        let top = sizes.iter().map(|s| s.1).max().unwrap_or(0).max(mark_cost);
        let (mut lo, mut hi) = (mark_cost, top);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if cost_at(mid) <= budget {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let mut level = lo;
        loop {
            let mut out = fixed(dropped);
            let mut details = Map::new();
            for (((k, v), (_, full, _)), kept) in entries.iter().zip(&sizes).zip(&keep) {
                if !kept {
                    continue;
                }
                let v = if *full <= level || matches!(v, Value::Null | Value::Bool(_)) {
                    v.clone()
                } else {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    Value::String(shorten_to(&text, level))
                };
                details.insert(k.clone(), v);
            }
            details.append(&mut out.details);
            out.details = details;
            let len = out.render().len();
            // The sizes are exact, so this holds at once; the loop guards it.
            if len <= MAX_LINE || level <= mark_cost {
                return out;
            }
            level = level.saturating_sub(len - MAX_LINE).max(mark_cost);
        }
    }
}

/// The longest prefix of `text` (plus the mark) whose serialised JSON string
/// takes at most `budget` bytes; just the mark when nothing fits.
fn shorten_to(text: &str, budget: usize) -> String {
    let cost = |n: usize| {
        let mut s = text[..n].to_string();
        s.push_str(TRUNCATION_MARK);
        (to_ascii_json(&Value::String(s.clone())).len(), s)
    };
    // Binary search over char boundaries.
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let (mut lo, mut hi) = (0usize, bounds.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if cost(bounds[mid.min(bounds.len() - 1)]).0 <= budget && mid < bounds.len() {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let cut = if bounds.is_empty() { 0 } else { bounds[lo] };
    cost(cut).1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_table() {
        for (text, json) in [
            ("50", "50"),
            ("true", "true"),
            ("null", "null"),
            ("[1,2]", "[1,2]"),
            ("1.2", "1.2"),
            ("-3", "-3"),
            ("{\"a\":1}", "{\"a\":1}"),
            ("007", "\"007\""),
            ("1.10", "\"1.10\""),
            ("1e5", "\"1e5\""),
            ("NaN", "\"NaN\""),
            ("Infinity", "\"Infinity\""),
            ("[1, 2]", "\"[1, 2]\""),
            ("", "\"\""),
            ("alice", "\"alice\""),
            ("\"quoted\"", "\"quoted\""),
            ("1.0", "1.0"),
            ("99999999999999999999", "\"99999999999999999999\""),
        ] {
            assert_eq!(type_value(text).to_string(), json, "typing {text:?}");
        }
    }

    #[test]
    fn ascii_escapes_like_python() {
        let v = Value::String("müller 🎉 \u{1b}[31m".into());
        assert_eq!(
            to_ascii_json(&v),
            r#""m\u00fcller \ud83c\udf89 \u001b[31m""#
        );
    }

    #[test]
    fn envelope_bytes() {
        let mut e = Envelope {
            timestamp: "2026-01-30T14:30:00.123456Z".into(),
            event_type: "container.create".into(),
            user: Some("alice".into()),
            source: Some("docker-wrapper".into()),
            uid: None,
            details: Map::new(),
        };
        e.details
            .insert("container".into(), Value::String("alice-jupyter".into()));
        e.details
            .insert("image".into(), Value::String("ds01/pytorch:latest".into()));
        assert_eq!(
            e.to_line(),
            "{\"timestamp\":\"2026-01-30T14:30:00.123456Z\",\"event_type\":\"container.create\",\"schema_version\":\"1\",\"user\":\"alice\",\"source\":\"docker-wrapper\",\"details\":{\"container\":\"alice-jupyter\",\"image\":\"ds01/pytorch:latest\"}}\n"
        );
        e.user = None;
        e.source = Some(String::new());
        e.details.clear();
        e.uid = Some(1000);
        assert_eq!(
            e.to_line(),
            "{\"timestamp\":\"2026-01-30T14:30:00.123456Z\",\"event_type\":\"container.create\",\"schema_version\":\"1\",\"uid\":1000}\n"
        );
        e.uid = None;
        assert_eq!(
            e.to_line(),
            "{\"timestamp\":\"2026-01-30T14:30:00.123456Z\",\"event_type\":\"container.create\",\"schema_version\":\"1\"}\n"
        );
    }

    #[test]
    fn cap_keeps_keys_and_fits() {
        let mut e = Envelope {
            timestamp: "2026-01-30T14:30:00.123456Z".into(),
            event_type: "x.y".into(),
            ..Default::default()
        };
        e.details.insert("small".into(), Value::from(1));
        e.details
            .insert("big".into(), Value::String("ü".repeat(5000)));
        e.details
            .insert("mid".into(), Value::String("a".repeat(3000)));
        e.details
            .insert("arr".into(), Value::from(vec![123456789; 300]));
        let line = e.to_line();
        assert!(line.len() <= MAX_LINE, "{}", line.len());
        let v: Value = serde_json::from_str(&line).unwrap();
        let d = &v["details"];
        for k in ["small", "big", "mid", "arr"] {
            assert!(d.get(k).is_some(), "{k} kept");
        }
        assert_eq!(d["truncated"], Value::Bool(true));
        assert!(d["original_size"].as_u64().unwrap() > 4096);
        assert!(d["big"].as_str().unwrap().ends_with(TRUNCATION_MARK));
        assert_eq!(d["small"], Value::from(1));
    }

    #[test]
    fn cap_keeps_every_key_that_fits_in_linear_time() {
        let mut e = Envelope {
            timestamp: "2026-01-30T14:30:00.123456Z".into(),
            event_type: "x.y".into(),
            ..Default::default()
        };
        // 600 small keys: they cannot all fit, so as many as fit are kept.
        for i in 0..600 {
            e.details.insert(format!("k{i}"), Value::from(i));
        }
        let line = e.to_line();
        assert!(line.len() <= MAX_LINE);
        let v: Value = serde_json::from_str(&line).unwrap();
        let d = v["details"].as_object().unwrap();
        let kept = d.keys().filter(|k| k.starts_with('k')).count();
        assert!(kept > 300, "only {kept} kept");
        assert_eq!(d["dropped_keys"], Value::from(600 - kept as u64));
        assert!(
            MAX_LINE - line.len() < 16,
            "room left: {}",
            MAX_LINE - line.len()
        );
        // 20,000 keys: fast (the old cap was quadratic: 65 s).
        let t = std::time::Instant::now();
        for i in 0..20_000 {
            e.details
                .insert(format!("key{i}"), Value::String("v".repeat(i % 50)));
        }
        let line = e.to_line();
        assert!(line.len() <= MAX_LINE);
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
    }

    #[test]
    fn cap_shortens_longest_first_and_fills_the_line() {
        let mut e = Envelope {
            timestamp: "2026-01-30T14:30:00.123456Z".into(),
            event_type: "x.y".into(),
            ..Default::default()
        };
        e.details.insert("a".into(), Value::String("a".repeat(100)));
        e.details
            .insert("b".into(), Value::String("b".repeat(9000)));
        e.details
            .insert("c".into(), Value::String("c".repeat(5000)));
        let line = e.to_line();
        let v: Value = serde_json::from_str(&line).unwrap();
        let d = &v["details"];
        assert_eq!(d["a"].as_str().unwrap().len(), 100, "short value untouched");
        let (b, c) = (d["b"].as_str().unwrap(), d["c"].as_str().unwrap());
        assert!(b.ends_with(TRUNCATION_MARK) && c.ends_with(TRUNCATION_MARK));
        assert!(b.len().abs_diff(c.len()) <= 1, "{} vs {}", b.len(), c.len());
        assert!(
            MAX_LINE - line.len() < 8,
            "room left: {}",
            MAX_LINE - line.len()
        );
        assert!(d.get("dropped_keys").is_none());
    }

    #[test]
    fn event_types() {
        assert!(check_event_type("gpu.allocation.lock_timeout").is_ok());
        assert!(check_event_type("").is_err());
        assert!(check_event_type("a..b").is_err());
        assert!(check_event_type(".a").is_err());
        assert!(check_event_type("a b").is_err());
        assert!(check_event_type("a\u{1b}b").is_err());
        assert!(check_event_type("gpu.\u{202e}etacolla").is_err());
        assert!(check_event_type("gpu\u{200b}.allocate").is_err());
        assert!(check_event_type(&"a".repeat(129)).is_err());
    }

    #[test]
    fn words() {
        assert_eq!(parse_word("novalue"), None);
        assert_eq!(
            parse_word("user=alice"),
            Some(Ok(Word::User("alice".into())))
        );
        assert_eq!(
            parse_word("pids:=[1,2]"),
            Some(Ok(Word::Detail("pids".into(), serde_json::json!([1, 2]))))
        );
        assert_eq!(
            parse_word("msg:=\"50\""),
            Some(Ok(Word::Detail("msg".into(), Value::String("50".into()))))
        );
        assert!(matches!(parse_word("x:=nope"), Some(Err(_))));
        assert_eq!(
            parse_word("url=a=b"),
            Some(Ok(Word::Detail("url".into(), Value::String("a=b".into()))))
        );
    }
}
