//! ISO 8601 / RFC 3339 dates and date-times, read by jiff's own parser
//! (`jiff::fmt::temporal`), and `@SECONDS`.
//!
//! Only phrases shaped like an ISO date (`YYYY-MM-DD...`) reach jiff, so
//! its other forms (basic `20260130`, extended years `+002026-...`) do not
//! turn numbers into dates. On top of jiff: `utc` / `gmt` directly after
//! the time mean `Z`; an offset is whole minutes under 24 hours; a bracketed zone
//! annotation is refused (a zone goes after the phrase: `... Europe/Berlin`).

use jiff::civil::Date;
use jiff::fmt::temporal::{DateTimeParser, PiecesOffset};
use jiff::tz::Offset;
use jiff::{Timestamp, Zoned};

static PARSER: DateTimeParser = DateTimeParser::new();

/// `YYYY-MM-DD`, then nothing or `T`/space and `HH:MM`: the only shape
/// handed to jiff.
fn iso_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let date = b.len() >= 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-';
    let date = date && digits(8..10);
    let time = b.len() == 10
        || (b.len() >= 16 && matches!(b[10], b't' | b' ') && digits(11..13) && b[13] == b':');
    date && time
}

/// A date alone: `2026-01-30`.
pub(super) fn iso_date(word: &str) -> Option<Date> {
    if word.len() != 10 || !iso_shaped(word) {
        return None;
    }
    word.parse().ok()
}

/// A date or a date-time, with or without an offset: local (in `now`'s
/// zone) without one. A leap second reads as the last second of its minute
/// (jiff's rule).
pub(super) fn parse_iso(s: &str, now: &Zoned) -> Option<Timestamp> {
    if !iso_shaped(s) {
        return None;
    }
    // `14:00utc`: the word for Z, as the old grammar took it.
    let zulu;
    let s = match s.strip_suffix("utc").or_else(|| s.strip_suffix("gmt")) {
        Some(rest) if rest.ends_with(|c: char| c.is_ascii_digit()) => {
            zulu = format!("{rest}z");
            zulu.as_str()
        }
        _ => s,
    };
    let pieces = PARSER.parse_pieces(s).ok()?;
    if pieces.time_zone_annotation().is_some() {
        return None;
    }
    let dt = pieces.date().to_datetime(pieces.time().unwrap_or_default());
    match pieces.offset() {
        None => now.time_zone().to_timestamp(dt).ok(),
        Some(PiecesOffset::Zulu) => Offset::UTC.to_timestamp(dt).ok(),
        Some(PiecesOffset::Numeric(n)) => usable(n.offset())?.to_timestamp(dt).ok(),
        Some(_) => None,
    }
}

/// A zone word that is an offset: `z`, `utc`, `gmt`, or one jiff reads
/// (`+05`, `+05:30`, `-0500`) in whole minutes under 24 hours.
pub(super) fn parse_offset(s: &str) -> Option<Offset> {
    if matches!(s, "z" | "utc" | "gmt") {
        return Some(Offset::UTC);
    }
    if !s.starts_with(['+', '-']) {
        return None;
    }
    usable(PARSER.parse_time_zone(s).ok()?.to_fixed_offset().ok()?)
}

/// Offsets as people write them: whole minutes, under 24 hours (jiff reads
/// seconds and up to 25:59:59).
fn usable(o: Offset) -> Option<Offset> {
    let secs = o.seconds();
    (secs.abs() < 24 * 3600 && secs % 60 == 0).then_some(o)
}

/// `@SECONDS[.FRACTION]`, optionally negative.
pub(super) fn parse_unix(rest: &str) -> Option<Timestamp> {
    let (negative, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (whole, fraction) = match rest.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (rest, None),
    };
    if whole.is_empty() || whole.len() > 19 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sign: i64 = if negative { -1 } else { 1 };
    let secs: i64 = whole.parse().ok()?;
    let nanos = fraction.map_or(Some(0), nanos_of)?;
    let nanos = i32::try_from(nanos).ok()?;
    Timestamp::new(secs.checked_mul(sign)?, nanos * sign as i32).ok()
}

/// A fraction's digits (1 to 9) as nanoseconds.
pub(super) fn nanos_of(digits: &str) -> Option<i64> {
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    Some(n * 10i64.pow(9 - digits.len() as u32))
}

#[cfg(test)]
mod tests {
    use jiff::civil::{DateTime, Time};
    use jiff::tz::TimeZone;
    use proptest::prelude::*;

    use super::*;

    fn berlin_now() -> Zoned {
        let dt: DateTime = "2026-03-29T12:00:00".parse().unwrap();
        dt.to_zoned(TimeZone::get("Europe/Berlin").unwrap())
            .unwrap()
    }

    proptest! {
        /// Every layout the admin may type reads as jiff reads the RFC 3339
        /// form of the same instant (or the same local time in `now`'s zone).
        #[test]
        fn iso_forms_read_as_jiff_reads_them(
            y in 1i16..=9999, mo in 1i8..=12, d in 1i8..=31,
            h in 0i8..=23, mi in 0i8..=59, s in 0i8..=59, ns in 0i32..1_000_000_000,
            off_min in -1439i32..=1439,
            layout in 0usize..6,
        ) {
            let Ok(date) = Date::new(y, mo, d) else { return Ok(()) };
            let now = berlin_now();
            let time = Time::new(h, mi, s, ns).unwrap();
            let dt = date.to_datetime(time);
            let sign = if off_min < 0 { '-' } else { '+' };
            let (oh, om) = (off_min.abs() / 60, off_min.abs() % 60);
            let civil = dt.strftime("%Y-%m-%dT%H:%M:%S%.f").to_string();
            let (text, want) = match layout {
                0 => (date.to_string(), now.time_zone().to_timestamp(date.to_datetime(Time::midnight())).ok()),
                1 => (civil.replace('T', " "), now.time_zone().to_timestamp(dt).ok()),
                2 => (format!("{civil}z"), format!("{civil}Z").parse::<Timestamp>().ok()),
                3 => (format!("{civil}utc"), format!("{civil}Z").parse::<Timestamp>().ok()),
                4 => (
                    format!("{civil}{sign}{oh:02}:{om:02}"),
                    format!("{civil}{sign}{oh:02}:{om:02}").parse::<Timestamp>().ok(),
                ),
                _ => (
                    format!("{civil}{sign}{oh:02}{om:02}").to_lowercase(),
                    format!("{civil}{sign}{oh:02}:{om:02}").parse::<Timestamp>().ok(),
                ),
            };
            prop_assert_eq!(parse_iso(&text.to_lowercase(), &now), want, "{}", text);
        }

        /// `@N[.F]` is jiff's instant N seconds (and F) after the epoch.
        #[test]
        fn unix_seconds_as_jiff(secs in -377_705_116_800i64..=253_402_207_200, frac in 0u32..1000) {
            let text = if frac == 0 {
                secs.to_string()
            } else {
                format!("{secs}.{frac:03}")
            };
            let millis = if secs < 0 { -i64::from(frac) } else { i64::from(frac) };
            let want = Timestamp::from_second(secs)
                .ok()
                .and_then(|t| t.checked_add(jiff::SignedDuration::from_millis(millis)).ok());
            prop_assert_eq!(parse_unix(&text), want);
        }
    }

    proptest! {
        /// A zone word that is an offset: jiff's reading, in whole minutes.
        #[test]
        fn offsets_as_jiff(h in 0i32..=23, m in 0i32..=59, negative in any::<bool>(), layout in 0usize..3) {
            let sign = if negative { '-' } else { '+' };
            let text = match layout {
                0 => format!("{sign}{h:02}:{m:02}"),
                1 => format!("{sign}{h:02}{m:02}"),
                _ => format!("{sign}{h:02}"),
            };
            let secs = h * 3600 + if layout == 2 { 0 } else { m * 60 };
            let want = Offset::from_seconds(if negative { -secs } else { secs }).ok();
            prop_assert_eq!(parse_offset(&text), want, "{}", text);
        }
    }

    #[test]
    fn refused_beyond_jiff() {
        for word in [
            "+24:00",
            "+05:30:15",
            "+05:3",
            "+123",
            "+5",
            "europe/berlin",
        ] {
            assert_eq!(parse_offset(word), None, "{word}");
        }
        let now = berlin_now();
        for s in [
            "2026-01-30t14:00:00+24:00",
            "2026-01-30t14:00:00+05:30:15",
            "2026-01-30t14:00:00+01:00[europe/berlin]",
            "20260130",
            "+002026-01-30",
            "2026-01-30z",
            "2026-01-30t14",
            "2026-01-30t142026",
        ] {
            assert_eq!(parse_iso(s, &now), None, "{s}");
        }
    }
}
