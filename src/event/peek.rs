//! What can be read from a line's bytes without parsing it: the envelope
//! (time and type), whether it is already in its v1 form, and the
//! timestamp fast path.

use jiff::Timestamp;

use super::json_cursor;
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

/// The byte half of a verbatim line: whether a line is printable ASCII only (anything else in it is a `\u`
/// escape, so nothing unsafe for a terminal) with the writers' compact
/// separators (no `": "` or `", "`).
pub fn verbatim_bytes(line: &[u8]) -> bool {
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

/// The time and type of a verbatim line: exactly a v1 event in its normal
/// form (what [`Event::verbatim`] says after a parse, with the writers'
/// compact separators and printable ASCII only), found without parsing:
/// `{"timestamp":"T","event_type":"X","schema_version":"1"` then optional
/// `"user"`, `"source"` (non-empty, no escapes) and a non-empty `"details"`
/// object, and nothing else. `None` for anything else.
pub fn verbatim_line(line: &[u8]) -> Option<(&str, &str)> {
    if !verbatim_bytes(line) {
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
    // Printable ASCII (checked above), so text.
    let plain = std::str::from_utf8(details).is_ok_and(json_cursor::surely_valid);
    if !details.starts_with(b"{") || details == b"{}" || !plain {
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
pub(super) fn fast_timestamp(b: &[u8]) -> Option<Timestamp> {
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
