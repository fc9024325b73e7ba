//! Spans (`90m`, `1h30m`, `2 days 3 hours`), read by jiff's "friendly"
//! duration parser, with the admin's direction words on top: a bare span
//! or `-SPAN` or `SPAN ago` is in the past, `+SPAN`, `in SPAN` and
//! `SPAN from now` in the future.
//!
//! Also on top of jiff: `a` / `an` for one (`an hour ago`), `and` between
//! items (`1 hour and 30 minutes`), a space after the sign (`- 2 hours`).
//! Refused although jiff reads them: fractions (`1.5h`), `HH:MM:SS`, and
//! units below a second (`ms`, `us`, `ns`); only the units of
//! [`is_unit`] are taken. As in jiff, units go from the largest to the
//! smallest, each once.

use jiff::fmt::friendly::SpanParser;
use jiff::{Span, Timestamp, Zoned};

static PARSER: SpanParser = SpanParser::new();

/// The unit words of the span grammar (jiff's names for s, m, h, d, w, mo, y).
pub(super) fn is_unit(word: &str) -> bool {
    matches!(
        word,
        "s" | "sec"
            | "secs"
            | "second"
            | "seconds"
            | "m"
            | "min"
            | "mins"
            | "minute"
            | "minutes"
            | "h"
            | "hr"
            | "hrs"
            | "hour"
            | "hours"
            | "d"
            | "day"
            | "days"
            | "w"
            | "wk"
            | "wks"
            | "week"
            | "weeks"
            | "mo"
            | "mos"
            | "month"
            | "months"
            | "y"
            | "yr"
            | "yrs"
            | "year"
            | "years"
    )
}

fn is_letter(c: char) -> bool {
    c.is_ascii_lowercase()
}

/// `hours`, `h30m`: a word that starts with a unit.
fn starts_with_unit(word: &str) -> bool {
    let end = word.find(|c: char| !is_letter(c)).unwrap_or(word.len());
    is_unit(&word[..end])
}

/// `1h30m`, `2 days 3 hours`, `an hour`, `1 hour and 30 minutes`: a
/// non-negative span without a sign or `ago`, or None.
fn parse_span(body: &str) -> Option<Span> {
    let words: Vec<&str> = body.split(' ').filter(|w| !w.is_empty()).collect();
    let mut text = String::with_capacity(body.len());
    for (i, w) in words.iter().enumerate() {
        let w = match *w {
            // `a day`, `an hour`: one of the unit that follows.
            "a" | "an" if words.get(i + 1).is_some_and(|u| starts_with_unit(u)) => "1",
            // Between two items: after a unit, before a count.
            "and" if i > 0 && i + 1 < words.len() && words[i - 1].ends_with(is_letter) => continue,
            w => w,
        };
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(w);
    }
    // Digits and unit words only: no sign, fraction, `HH:MM:SS`, `ago`,
    // nor a unit jiff reads and the grammar does not.
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b' ')
    {
        return None;
    }
    let all_units = text
        .split(|c: char| !c.is_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .all(is_unit);
    if !all_units {
        return None;
    }
    PARSER.parse_span(&text).ok()
}

/// A span with its direction: `2h ago`, `-2h`, `2h` (past); `+2h`,
/// `in 2h`, `2h from now` (future).
pub(super) fn parse_span_phrase(s: &str, now: &Zoned) -> Option<Timestamp> {
    let (body, future) = if let Some(b) = s.strip_suffix(" ago") {
        (b, false)
    } else if let Some(b) = s.strip_suffix(" from now") {
        (b, true)
    } else if let Some(b) = s.strip_prefix("in ") {
        (b, true)
    } else if let Some(b) = s.strip_prefix('+') {
        (b, true)
    } else if let Some(b) = s.strip_prefix('-') {
        (b, false)
    } else {
        (s, false)
    };
    let span = parse_span(body)?;
    moved(now, span, future)
}

/// `now` moved by `span`: calendar units first (keeping the local clock
/// time), then exact ones, as jiff adds a span to a zoned time.
fn moved(now: &Zoned, span: Span, future: bool) -> Option<Timestamp> {
    let moved = if future {
        now.checked_add(span)
    } else {
        now.checked_sub(span)
    };
    moved.ok().map(|z| z.timestamp())
}

/// `last week`, `next month`, `last hour`: now moved by one unit (GNU).
pub(super) fn parse_last_next_unit(s: &str, now: &Zoned) -> Option<Timestamp> {
    let (dir, word) = s.split_once(' ')?;
    let future = match dir {
        "last" => false,
        "next" => true,
        _ => return None,
    };
    if !matches!(
        word,
        "second"
            | "sec"
            | "minute"
            | "min"
            | "hour"
            | "hr"
            | "day"
            | "week"
            | "wk"
            | "month"
            | "year"
            | "yr"
    ) {
        return None;
    }
    let span = PARSER.parse_span(format!("1 {word}")).ok()?;
    moved(now, span, future)
}

#[cfg(test)]
mod tests {
    use jiff::civil::DateTime;
    use jiff::tz::TimeZone;
    use proptest::prelude::*;

    use super::*;

    /// Spellings of each unit, largest first, with jiff's canonical one.
    const UNITS: &[(&[&str], &str)] = &[
        (&["y", "yr", "yrs", "year", "years"], "years"),
        (&["mo", "mos", "month", "months"], "months"),
        (&["w", "wk", "wks", "week", "weeks"], "weeks"),
        (&["d", "day", "days"], "days"),
        (&["h", "hr", "hrs", "hour", "hours"], "hours"),
        (&["m", "min", "mins", "minute", "minutes"], "minutes"),
        (&["s", "sec", "secs", "second", "seconds"], "seconds"),
    ];

    fn now_in(tz: &str, local: &str) -> Zoned {
        let dt: DateTime = local.parse().unwrap();
        dt.to_zoned(TimeZone::get(tz).unwrap()).unwrap()
    }

    proptest! {
        /// What the admin words add (`a`, `an`, `and`, spellings, spacing,
        /// the direction) changes nothing jiff reads: the phrase lands
        /// where jiff's canonical span, added to now, lands.
        #[test]
        fn spans_read_as_jiff_reads_them(
            items in prop::collection::vec((0i64..400, 0usize..5, any::<bool>(), any::<bool>()), 7),
            keep in prop::collection::vec(any::<bool>(), 7),
            dir in 0usize..5,
            zone in 0usize..3,
        ) {
            let now = [
                now_in("UTC", "2026-01-30T15:45:10"),
                now_in("Europe/Berlin", "2026-03-29T12:00:00"),
                now_in("America/New_York", "2026-11-01T01:30:00"),
            ][zone].clone();
            let mut typed = Vec::new();
            let mut canonical = Vec::new();
            for (k, ((n, spelling, spaced, article), (names, full))) in items.iter().zip(UNITS).enumerate() {
                if !keep[k] {
                    continue;
                }
                let name = names[spelling % names.len()];
                let count = if *article && *n == 1 && name.len() > 1 {
                    "an ".to_string()
                } else if *spaced {
                    format!("{n} ")
                } else {
                    n.to_string()
                };
                if !typed.is_empty() && *article {
                    typed.push("and".to_string());
                }
                typed.push(format!("{count}{name}"));
                canonical.push(format!("{n} {full}"));
            }
            if typed.is_empty() {
                return Ok(());
            }
            let body = typed.join(" ");
            let span: Span = canonical.join(" ").parse().unwrap();
            let (phrase, future) = match dir {
                0 => (body.clone(), false),
                1 => (format!("{body} ago"), false),
                2 => (format!("- {body}"), false),
                3 => (format!("in {body}"), true),
                _ => (format!("{body} from now"), true),
            };
            let want = if future { now.checked_add(span) } else { now.checked_sub(span) }
                .ok()
                .map(|z| z.timestamp());
            prop_assert_eq!(parse_span_phrase(&phrase, &now), want, "{}", phrase);
        }
    }

    #[test]
    fn refused_although_jiff_reads_them() {
        for body in [
            "1.5h", "01:30:00", "5ms", "2us", "1ns", "-2h", "2h ago", "30m 1h", "1h 1h",
        ] {
            assert!(parse_span(body).is_none(), "{body}");
        }
    }
}
