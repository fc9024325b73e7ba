//! Time phrases for `--since` / `--until`, read as an admin means them.
//!
//! Everything is read in the zone carried by `now` (TZ or the system's, or
//! UTC with `--utc`), case-insensitively, surrounding whitespace ignored.
//!
//! Where this differs from GNU `date -d`, on purpose (legacy.md):
//! * `today`, `yesterday`, `tomorrow` are 00:00 of that day, not now ± 24h.
//! * A bare span (`2h`, `3 days`) means "ago", not "from now".
//! * A bare weekday (`monday`) is the most recent such day, today included
//!   (GNU: the next one), at 00:00.
//!
//! Other choices:
//! * Seconds, minutes and hours are exact durations. Days, weeks, months and
//!   years are calendar steps in the local zone that keep the wall-clock time
//!   (as GNU `date -d`): `1 day ago` at 12:00 on a DST day is 12:00 the day
//!   before, 23 or 25 hours back. Calendar units are applied first, then the
//!   exact ones.
//! * A month or year step landing on a day that does not exist is clamped to
//!   the month's last day (jiff's rule): `1 month ago` on Mar 31 is Feb 28/29
//!   (GNU would overflow into March).
//! * A local wall time that DST skips or repeats is resolved with jiff's
//!   "compatible" rule: in a gap the time after the gap, in a fold the first
//!   occurrence.
//! * Month-name dates without a year use the current year, even if that date
//!   is still ahead (as GNU).
//! * A sign combined with `ago`/`in`/`from now` (`-2h ago`) is refused
//!   rather than guessed.
//! * A span's units go from the largest to the smallest, each once
//!   (`1h30m`, not `30m 1h`: jiff's rule).

//!
//! Layout: jiff's own parsers read the ISO dates and date-times (`iso`)
//! and the spans (`span`, jiff's "friendly" duration format); the admin
//! words around them (today, last monday, noon, 2pm, Nov 1, ago, in, from
//! now, a zone after any phrase) are read here and in `words`.

mod iso;
mod span;
mod words;

use std::fmt;

use jiff::{Timestamp, Zoned};

/// A phrase that is not a time this module can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeSpecError {
    pub phrase: String,
}

impl fmt::Display for TimeSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot read time \"")?;
        for c in self.phrase.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_debug())?;
            } else if is_invisible_or_bidi(c) {
                write!(f, "{}", c.escape_unicode())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        f.write_str(
            "\": use e.g. 2026-01-30, \"2026-01-30 14:00\", 2026-01-30T14:00:00Z, \
             now, today, yesterday, \"this week\", \"2 hours ago\", -90m, 1h, \"last monday\", \
             \"yesterday 14:00 UTC\" (see --info)",
        )
    }
}

impl std::error::Error for TimeSpecError {}

/// Characters a terminal would not show as themselves (the one set of
/// [`crate::output::escape::is_unsafe_char`]).
fn is_invisible_or_bidi(c: char) -> bool {
    crate::output::escape::is_unsafe_char(c)
}

/// The accepted forms, one per line, for `--info`.
pub const FORMS_HELP: &str = "\
Time phrases for --since/--until, read in the local zone (TZ or the system's; UTC with --utc), any case:
  now                                  this instant
  today, yesterday, tomorrow           00:00 of that day
  this week, this month, this year     00:00 of its first day (weeks start on Monday)
  today 14:00, yesterday noon          that time on that day (also \"14:00 yesterday\", \"tomorrow at 2pm\")
  14:00, 14:00:30, 2pm, noon, midnight that time today
  2 hours ago, -90m, 1h, 1h30m, 3 days now minus the span (a bare span means ago)
  +2h, in 3 days, 2 hours from now     now plus the span
    units: s sec second, m min minute, h hr hour, d day, w week, mo month, y yr year (plurals too),
    largest first, each once;
    s/m/h are exact; d/w/mo/y are calendar steps keeping the local clock time across DST;
    a month back from Mar 31 is Feb 28/29 (clamped to the month's end)
  last monday, last mon                00:00 of the most recent Monday before today
  monday, mon                          00:00 of the most recent Monday, today included
  next monday                          00:00 of the first Monday after today
  last week, last month, last year     now minus 1 week/month/year (also last day/hour/minute; next ... adds)
  2026-01-30                           00:00 local that day
  2026-01-30 14:00, 2026-01-30T14:00:05.25  that local clock time (DST gap: the time after it; repeat: the first)
  2026-01-30T14:00:00Z, ...+05:30, ...-0500, \"2026-01-30 14:00 UTC\"  that instant
  any phrase + ZONE                    read in that zone: \"yesterday 14:00 UTC\",
                                       \"2026-11-30 08:00 Europe/Berlin\", \"today 9:00 +05:30\"
                                       (zone names from the system's tz database, /usr/share/zoneinfo)
  @1738245600                          seconds since 1970-01-01 00:00 UTC
  Nov 1, 1 Nov, Nov 1 2025, \"November 1 14:00\"  that local time on that date (default year: the current one)
";

/// Longer phrases are refused before any work is done.
const MAX_LEN: usize = 200;

/// Parse a time phrase as an admin types it for `--since`/`--until` into an
/// instant. `now` carries the local zone (TZ or system; or UTC when `--utc`).
pub fn parse(phrase: &str, now: &Zoned) -> Result<Timestamp, TimeSpecError> {
    let err = || TimeSpecError {
        phrase: phrase.to_string(),
    };
    let trimmed = phrase.trim();
    if trimmed.is_empty() || trimmed.len() > MAX_LEN || !trimmed.is_ascii() {
        return Err(err());
    }
    let lower = trimmed.to_ascii_lowercase().replace(',', " ");
    let norm = lower.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(t) = parse_normalized(&norm, now) {
        return Ok(t);
    }
    // A zone or offset after any phrase: `yesterday 14:00 UTC`,
    // `2026-11-30 08:00 Europe/Berlin`, `today 09:00 +05:30`.
    if let Some((body, zone_word)) = norm.rsplit_once(' ') {
        if let Some(zone) = zone_of(zone_word) {
            let there = now.with_time_zone(zone);
            return parse_normalized(body, &there).ok_or_else(err);
        }
    }
    Err(err())
}

/// A zone name from the system's tz database (`utc`, `europe/berlin`, case
/// ignored) or a numeric offset (`+05:30`, `-0500`).
fn zone_of(word: &str) -> Option<jiff::tz::TimeZone> {
    use jiff::tz::TimeZone;
    if word.starts_with(['+', '-']) {
        return iso::parse_offset(word).map(TimeZone::fixed);
    }
    if matches!(word, "z" | "utc" | "gmt") {
        return Some(TimeZone::UTC);
    }
    let plain = word
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b));
    if !plain || word.contains("//") || !word.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    // Words of the phrase grammar are never zones.
    if words::weekday_of(word).is_some()
        || words::month_of(word).is_some()
        || span::is_unit(word)
        || matches!(
            word,
            "ago" | "now" | "today" | "yesterday" | "tomorrow" | "noon" | "midnight" | "am" | "pm"
        )
    {
        return None;
    }
    TimeZone::get(word).ok()
}

fn parse_normalized(s: &str, now: &Zoned) -> Option<Timestamp> {
    if s == "now" {
        return Some(now.timestamp());
    }
    if let Some(rest) = s.strip_prefix('@') {
        return iso::parse_unix(rest);
    }
    iso::parse_iso(s, now)
        .or_else(|| span::parse_span_phrase(s, now))
        .or_else(|| span::parse_last_next_unit(s, now))
        .or_else(|| words::parse_day_time(s, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::DateTime;
    use jiff::tz::TimeZone;
    use proptest::prelude::*;

    fn now_in(tz: &str, local: &str) -> Zoned {
        let dt: DateTime = local.parse().unwrap();
        dt.to_zoned(TimeZone::get(tz).expect("tz database available"))
            .unwrap()
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn p(phrase: &str, now: &Zoned) -> Timestamp {
        parse(phrase, now).unwrap_or_else(|e| panic!("{phrase:?}: {e}"))
    }

    fn check(now: &Zoned, cases: &[(&str, &str)]) {
        for (phrase, want) in cases {
            assert_eq!(p(phrase, now), ts(want), "{phrase:?} at {now}");
        }
    }

    #[test]
    fn tz_database_works() {
        assert!(TimeZone::get("Europe/Berlin").is_ok());
        assert!(TimeZone::get("America/New_York").is_ok());
    }

    #[test]
    fn forms_in_utc() {
        // Friday 2026-01-30 15:45:10 UTC.
        let now = now_in("UTC", "2026-01-30T15:45:10");
        check(
            &now,
            &[
                ("now", "2026-01-30T15:45:10Z"),
                ("  NOW ", "2026-01-30T15:45:10Z"),
                ("today", "2026-01-30T00:00:00Z"),
                ("Today", "2026-01-30T00:00:00Z"),
                ("yesterday", "2026-01-29T00:00:00Z"),
                ("tomorrow", "2026-01-31T00:00:00Z"),
                ("today 14:00", "2026-01-30T14:00:00Z"),
                ("yesterday 14:00", "2026-01-29T14:00:00Z"),
                ("yesterday noon", "2026-01-29T12:00:00Z"),
                ("14:00 yesterday", "2026-01-29T14:00:00Z"),
                ("noon tomorrow", "2026-01-31T12:00:00Z"),
                ("tomorrow at 2pm", "2026-01-31T14:00:00Z"),
                ("today midnight", "2026-01-30T00:00:00Z"),
                ("noon", "2026-01-30T12:00:00Z"),
                ("midnight", "2026-01-30T00:00:00Z"),
                ("14:00", "2026-01-30T14:00:00Z"),
                ("14:00:30", "2026-01-30T14:00:30Z"),
                ("9:05", "2026-01-30T09:05:00Z"),
                ("2pm", "2026-01-30T14:00:00Z"),
                ("2:30 PM", "2026-01-30T14:30:00Z"),
                ("12am", "2026-01-30T00:00:00Z"),
                ("12pm", "2026-01-30T12:00:00Z"),
                // spans, past
                ("2 hours ago", "2026-01-30T13:45:10Z"),
                ("-90m", "2026-01-30T14:15:10Z"),
                ("-2h", "2026-01-30T13:45:10Z"),
                ("- 2 hours", "2026-01-30T13:45:10Z"),
                ("1h", "2026-01-30T14:45:10Z"),
                ("90m", "2026-01-30T14:15:10Z"),
                ("3 days", "2026-01-27T15:45:10Z"),
                ("1h30m", "2026-01-30T14:15:10Z"),
                ("1h30m ago", "2026-01-30T14:15:10Z"),
                ("2 days 3 hours ago", "2026-01-28T12:45:10Z"),
                ("2 days, 3 hours ago", "2026-01-28T12:45:10Z"),
                ("1 hour and 30 minutes ago", "2026-01-30T14:15:10Z"),
                ("an hour ago", "2026-01-30T14:45:10Z"),
                ("a day ago", "2026-01-29T15:45:10Z"),
                ("10s", "2026-01-30T15:45:00Z"),
                ("10 sec ago", "2026-01-30T15:45:00Z"),
                ("1 second ago", "2026-01-30T15:45:09Z"),
                ("5 mins ago", "2026-01-30T15:40:10Z"),
                ("2 hrs", "2026-01-30T13:45:10Z"),
                ("1 d", "2026-01-29T15:45:10Z"),
                ("1w", "2026-01-23T15:45:10Z"),
                ("1 week ago", "2026-01-23T15:45:10Z"),
                ("2 weeks", "2026-01-16T15:45:10Z"),
                ("3 months ago", "2025-10-30T15:45:10Z"),
                ("1mo", "2025-12-30T15:45:10Z"),
                ("1 year ago", "2025-01-30T15:45:10Z"),
                ("2y", "2024-01-30T15:45:10Z"),
                ("1 yr", "2025-01-30T15:45:10Z"),
                ("0s", "2026-01-30T15:45:10Z"),
                // spans, future
                ("+2h", "2026-01-30T17:45:10Z"),
                ("+1 day", "2026-01-31T15:45:10Z"),
                ("in 3 days", "2026-02-02T15:45:10Z"),
                ("2 hours from now", "2026-01-30T17:45:10Z"),
                // last / next
                ("last week", "2026-01-23T15:45:10Z"),
                ("last month", "2025-12-30T15:45:10Z"),
                ("last year", "2025-01-30T15:45:10Z"),
                ("last hour", "2026-01-30T14:45:10Z"),
                ("last day", "2026-01-29T15:45:10Z"),
                ("next week", "2026-02-06T15:45:10Z"),
                ("last monday", "2026-01-26T00:00:00Z"),
                ("last mon", "2026-01-26T00:00:00Z"),
                ("last friday", "2026-01-23T00:00:00Z"),
                ("last sunday", "2026-01-25T00:00:00Z"),
                ("last thurs", "2026-01-29T00:00:00Z"),
                ("last monday 14:00", "2026-01-26T14:00:00Z"),
                ("monday", "2026-01-26T00:00:00Z"),
                ("friday", "2026-01-30T00:00:00Z"),
                ("sat", "2026-01-24T00:00:00Z"),
                ("next monday", "2026-02-02T00:00:00Z"),
                ("next friday", "2026-02-06T00:00:00Z"),
                // absolute
                ("2026-01-30", "2026-01-30T00:00:00Z"),
                ("2025-12-31", "2025-12-31T00:00:00Z"),
                ("2026-01-30 14:00", "2026-01-30T14:00:00Z"),
                ("2026-01-30 14:00:05", "2026-01-30T14:00:05Z"),
                ("2026-01-30T14:00:00", "2026-01-30T14:00:00Z"),
                ("2026-01-30t14:00:00", "2026-01-30T14:00:00Z"),
                ("2026-01-30T14:00:00.25", "2026-01-30T14:00:00.25Z"),
                (
                    "2026-01-30 14:00:00.123456789",
                    "2026-01-30T14:00:00.123456789Z",
                ),
                ("2026-01-30 noon", "2026-01-30T12:00:00Z"),
                ("2026-01-30T14:00:00Z", "2026-01-30T14:00:00Z"),
                ("2026-01-30T14:00:00+05:30", "2026-01-30T08:30:00Z"),
                ("2026-01-30T14:00:00-0500", "2026-01-30T19:00:00Z"),
                ("2026-01-30T14:00:00-05", "2026-01-30T19:00:00Z"),
                ("2026-01-30 14:00:00+05:30", "2026-01-30T08:30:00Z"),
                ("2026-01-30 14:00:00 +0100", "2026-01-30T13:00:00Z"),
                ("2026-01-30 14:00 UTC", "2026-01-30T14:00:00Z"),
                ("2026-01-30T14:00Z", "2026-01-30T14:00:00Z"),
                ("2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z"),
                ("@1738245600", "2025-01-30T14:00:00Z"),
                ("@0", "1970-01-01T00:00:00Z"),
                ("@-60", "1969-12-31T23:59:00Z"),
                ("@1738245600.5", "2025-01-30T14:00:00.5Z"),
                // month names
                ("Nov 1", "2026-11-01T00:00:00Z"),
                ("1 Nov", "2026-11-01T00:00:00Z"),
                ("Nov 1 2025", "2025-11-01T00:00:00Z"),
                ("Nov 1, 2025", "2025-11-01T00:00:00Z"),
                ("1 nov 2025", "2025-11-01T00:00:00Z"),
                ("November 1 14:00", "2026-11-01T14:00:00Z"),
                ("Jan 15 2025 09:30", "2025-01-15T09:30:00Z"),
                ("sept 3", "2026-09-03T00:00:00Z"),
                ("may 5", "2026-05-05T00:00:00Z"),
                ("feb 29 2024", "2024-02-29T00:00:00Z"),
            ],
        );
    }

    #[test]
    fn local_forms_in_berlin_and_new_york() {
        let berlin = now_in("Europe/Berlin", "2026-01-30T15:45:10");
        check(
            &berlin,
            &[
                ("now", "2026-01-30T14:45:10Z"),
                ("today", "2026-01-29T23:00:00Z"),
                ("yesterday 14:00", "2026-01-29T13:00:00Z"),
                ("14:00", "2026-01-30T13:00:00Z"),
                ("2026-01-30", "2026-01-29T23:00:00Z"),
                ("2026-01-30 14:00", "2026-01-30T13:00:00Z"),
                ("2026-01-30T14:00:00Z", "2026-01-30T14:00:00Z"),
                ("Nov 1", "2026-10-31T23:00:00Z"),
                ("last monday", "2026-01-25T23:00:00Z"),
                ("2 hours ago", "2026-01-30T12:45:10Z"),
                ("@1738245600", "2025-01-30T14:00:00Z"),
            ],
        );
        let ny = now_in("America/New_York", "2026-01-30T15:45:10");
        check(
            &ny,
            &[
                ("now", "2026-01-30T20:45:10Z"),
                ("today", "2026-01-30T05:00:00Z"),
                ("tomorrow", "2026-01-31T05:00:00Z"),
                ("yesterday noon", "2026-01-29T17:00:00Z"),
                ("2026-01-30 14:00", "2026-01-30T19:00:00Z"),
                ("2026-01-30T14:00:00+05:30", "2026-01-30T08:30:00Z"),
                ("Nov 1 2025 14:00", "2025-11-01T18:00:00Z"),
                ("last monday", "2026-01-26T05:00:00Z"),
                ("1 week ago", "2026-01-23T20:45:10Z"),
            ],
        );
    }

    #[test]
    fn dst_spring_forward_berlin() {
        // 2026-03-29 (Sunday): 02:00 CET -> 03:00 CEST. Now is 12:00 CEST.
        let now = now_in("Europe/Berlin", "2026-03-29T12:00:00");
        assert_eq!(now.timestamp(), ts("2026-03-29T10:00:00Z"));
        check(
            &now,
            &[
                ("today", "2026-03-28T23:00:00Z"),
                ("yesterday", "2026-03-27T23:00:00Z"),
                ("tomorrow", "2026-03-29T22:00:00Z"),
                // Calendar day: same wall-clock time, 23 hours back.
                ("1 day ago", "2026-03-28T11:00:00Z"),
                ("24h ago", "2026-03-28T10:00:00Z"),
                ("2 hours ago", "2026-03-29T08:00:00Z"),
                ("1 day 2 hours ago", "2026-03-28T09:00:00Z"),
                // Skipped wall time: the time after the gap.
                ("2026-03-29 02:30", "2026-03-29T01:30:00Z"),
                // Repeated wall time (fall back 2026-10-25): the first one.
                ("2026-10-25 02:30", "2026-10-25T00:30:00Z"),
                ("last sunday", "2026-03-21T23:00:00Z"),
                ("sunday", "2026-03-28T23:00:00Z"),
            ],
        );
    }

    #[test]
    fn dst_spring_forward_new_york() {
        // 2026-03-08 (Sunday): 02:00 EST -> 03:00 EDT. Now is 12:00 EDT.
        let now = now_in("America/New_York", "2026-03-08T12:00:00");
        assert_eq!(now.timestamp(), ts("2026-03-08T16:00:00Z"));
        check(
            &now,
            &[
                ("today", "2026-03-08T05:00:00Z"),
                ("yesterday", "2026-03-07T05:00:00Z"),
                ("1 day ago", "2026-03-07T17:00:00Z"),
                ("2 hours ago", "2026-03-08T14:00:00Z"),
                ("today 14:00", "2026-03-08T18:00:00Z"),
                ("2026-03-08 02:30", "2026-03-08T07:30:00Z"),
                ("2026-11-01 01:30", "2026-11-01T05:30:00Z"),
            ],
        );
        // And from the day after, back across the change.
        let now = now_in("America/New_York", "2026-03-09T01:00:00");
        check(
            &now,
            &[
                ("1 day ago", "2026-03-08T06:00:00Z"),
                ("24 hours ago", "2026-03-08T05:00:00Z"),
                ("yesterday", "2026-03-08T05:00:00Z"),
            ],
        );
    }

    #[test]
    fn last_weekday_on_monday_and_wednesday() {
        for tz in ["UTC", "Europe/Berlin", "America/New_York"] {
            // 2026-03-02 is a Monday.
            let monday = now_in(tz, "2026-03-02T09:00:00");
            let at = |d: &str| {
                let dt: DateTime = d.parse().unwrap();
                dt.to_zoned(TimeZone::get(tz).unwrap()).unwrap().timestamp()
            };
            assert_eq!(p("last monday", &monday), at("2026-02-23T00:00"));
            assert_eq!(p("monday", &monday), at("2026-03-02T00:00"));
            assert_eq!(p("last sunday", &monday), at("2026-03-01T00:00"));
            assert_eq!(p("last tuesday", &monday), at("2026-02-24T00:00"));
            assert_eq!(p("next monday", &monday), at("2026-03-09T00:00"));
            let wednesday = now_in(tz, "2026-03-04T09:00:00");
            assert_eq!(p("last monday", &wednesday), at("2026-03-02T00:00"));
            assert_eq!(p("last wed", &wednesday), at("2026-02-25T00:00"));
            assert_eq!(p("wednesday", &wednesday), at("2026-03-04T00:00"));
            assert_eq!(p("monday", &wednesday), at("2026-03-02T00:00"));
            assert_eq!(p("thursday", &wednesday), at("2026-02-26T00:00"));
        }
    }

    #[test]
    fn month_arithmetic_clamps() {
        let now = now_in("UTC", "2026-03-31T12:00:00");
        check(
            &now,
            &[
                ("1 month ago", "2026-02-28T12:00:00Z"),
                ("last month", "2026-02-28T12:00:00Z"),
                ("1 month 1 day ago", "2026-02-27T12:00:00Z"),
            ],
        );
        let leap = now_in("UTC", "2024-02-29T12:00:00");
        assert_eq!(p("1 year ago", &leap), ts("2023-02-28T12:00:00Z"));
    }

    #[test]
    fn rejects_garbage() {
        let now = now_in("Europe/Berlin", "2026-01-30T15:45:10");
        for phrase in [
            "",
            "   ",
            "tomorow",
            "5 parsecs ago",
            "99999999999999 years ago",
            "99999999999999999999 seconds ago",
            "9223372036854775807s",
            "9223372036854775807 years 9223372036854775807 years",
            "10000000000 days ago",
            "@99999999999999999999",
            "@9223372036854775807",
            "@-9223372036854775808",
            "@",
            "@1.",
            "@1.1234567890",
            "2026-02-30",
            "2026-13-01",
            "2026-1-30",
            "26-01-30",
            "2026-01-30T25:00",
            "2026-01-30T14:60",
            "2026-01-30T14:00:00+24:00",
            "2026-01-30T14:00:00+05:99",
            "2026-01-30Z",
            "25:00",
            "14:00:00:00",
            "13pm",
            "0am",
            "last",
            "last parsec",
            "last monday monday",
            "ago",
            "1h ago ago",
            "-2h ago",
            "+2h ago",
            "in 2h ago",
            "in -2h",
            "--2h",
            "1.5h",
            "1h30",
            "h",
            "-",
            "+",
            "a",
            "a ago",
            "and 1h",
            "1h and",
            "feb 30",
            "nov 32",
            "nov 1 25",
            "1 2 3",
            "monday tuesday",
            "now now",
            "now 1h",
            "today yesterday",
            "14:00 14:00",
            "ünicode",
            "\u{1b}]52;c;aGk=\u{7}",
            "2026-01-30\u{0}",
        ] {
            assert!(
                parse(phrase, &now).is_err(),
                "{phrase:?} should be refused, got {:?}",
                parse(phrase, &now)
            );
        }
        // Surrounding whitespace, newline included, is trimmed.
        assert!(parse(" today\n", &now).is_ok());
        let long = "1h ".repeat(100);
        assert!(parse(&long, &now).is_err());
    }

    #[test]
    fn error_display_is_one_safe_line() {
        let now = now_in("UTC", "2026-01-30T15:45:10");
        let e = parse("tomorow", &now).unwrap_err();
        assert_eq!(e.phrase, "tomorow");
        assert_eq!(
            e.to_string(),
            "cannot read time \"tomorow\": use e.g. 2026-01-30, \"2026-01-30 14:00\", \
             2026-01-30T14:00:00Z, now, today, yesterday, \"this week\", \"2 hours ago\", \
             -90m, 1h, \"last monday\", \"yesterday 14:00 UTC\" (see --info)"
        );
        let nasty = "x\u{1b}]52;c;aGk=\u{7}\r\n\u{9b}\u{7f}\u{202e}\u{200b}\u{e0041}y";
        let e = parse(nasty, &now).unwrap_err();
        let shown = e.to_string();
        assert!(!shown.contains('\n'));
        assert!(
            shown
                .chars()
                .all(|c| !c.is_control() && !is_invisible_or_bidi(c)),
            "{shown:?}"
        );
        assert!(shown.contains(r"x\u{1b}]52;c;aGk=\u{7}\r\n\u{9b}\u{7f}\u{202e}\u{200b}\u{e0041}y"));
        let _: &dyn std::error::Error = &e;
    }

    #[test]
    fn this_week_month_year() {
        // Wednesday 2026-12-02 10:30 in Berlin (UTC+1).
        let now = now_in("Europe/Berlin", "2026-12-02T10:30:00");
        check(
            &now,
            &[
                ("this week", "2026-11-29T23:00:00Z"),
                ("This Week", "2026-11-29T23:00:00Z"),
                ("this month", "2026-11-30T23:00:00Z"),
                ("this year", "2025-12-31T23:00:00Z"),
            ],
        );
        // On a Monday the week starts today; on a Sunday six days back.
        let monday = now_in("UTC", "2026-11-30T08:00:00");
        check(&monday, &[("this week", "2026-11-30T00:00:00Z")]);
        let sunday = now_in("UTC", "2026-12-06T23:59:00");
        check(&sunday, &[("this week", "2026-11-30T00:00:00Z")]);
        // A month starting across a DST change: Berlin is UTC+2 on Apr 1.
        let april = now_in("Europe/Berlin", "2026-04-15T12:00:00");
        check(&april, &[("this month", "2026-03-31T22:00:00Z")]);
    }

    #[test]
    fn zone_suffix_on_any_phrase() {
        // 2026-12-01 09:00 in New York (UTC-5) = 14:00 UTC.
        let now = now_in("America/New_York", "2026-12-01T09:00:00");
        check(
            &now,
            &[
                ("yesterday 14:00 UTC", "2026-11-30T14:00:00Z"),
                ("yesterday 14:00 utc", "2026-11-30T14:00:00Z"),
                ("2026-11-30 08:00 Europe/Berlin", "2026-11-30T07:00:00Z"),
                ("2026-11-30 08:00 europe/berlin", "2026-11-30T07:00:00Z"),
                ("today europe/berlin", "2026-11-30T23:00:00Z"),
                ("this week Asia/Tokyo", "2026-11-29T15:00:00Z"),
                ("today 9:00 +05:30", "2026-12-01T03:30:00Z"),
                ("noon tomorrow Asia/Kolkata", "2026-12-02T06:30:00Z"),
                ("2 hours ago UTC", "2026-12-01T12:00:00Z"),
            ],
        );
        for bad in [
            "yesterday 14:00 Nowhere/Land",
            "today ../../etc/passwd",
            "today Europe//Berlin",
            "Europe/Berlin",
            "yesterday monday",
        ] {
            assert!(parse(bad, &now).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn forms_help_is_a_table() {
        assert!(FORMS_HELP.lines().count() > 10);
        assert!(FORMS_HELP.contains("local zone"));
        assert!(FORMS_HELP.contains("last monday"));
    }

    #[test]
    fn extreme_now_does_not_panic() {
        for tz in [
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "Pacific/Kiritimati",
        ] {
            let tz = TimeZone::get(tz).unwrap();
            for t in [Timestamp::MIN, Timestamp::MAX, Timestamp::UNIX_EPOCH] {
                let now = t.to_zoned(tz.clone());
                for phrase in [
                    "now",
                    "today",
                    "tomorrow",
                    "yesterday",
                    "next monday",
                    "last monday",
                    "monday",
                    "+1y",
                    "1y",
                    "next year",
                    "last year",
                    "14:00",
                    "1 second ago",
                    "in 1 second",
                    "nov 1",
                    "2026-01-30",
                ] {
                    let _ = parse(phrase, &now);
                }
            }
        }
    }

    const TOKENS: &[&str] = &[
        "now",
        "today",
        "yesterday",
        "tomorrow",
        "noon",
        "midnight",
        "ago",
        "from",
        "in",
        "at",
        "and",
        "a",
        "an",
        "last",
        "next",
        "this",
        "monday",
        "mon",
        "wed",
        "sunday",
        "week",
        "month",
        "year",
        "hour",
        "day",
        "1",
        "0",
        "12",
        "2026",
        "99999999999999",
        "9223372036854775807",
        "99999999999999999999",
        "-",
        "+",
        "@",
        ":",
        ".",
        ",",
        "h",
        "m",
        "s",
        "d",
        "w",
        "mo",
        "y",
        "min",
        "sec",
        "hrs",
        "days",
        "pm",
        "am",
        "nov",
        "november",
        "t",
        "z",
        "utc",
        "2026-01-30",
        "2026-03-29",
        "14:00",
        "14:00:30.5",
        "02:30",
        "+05:30",
        "-0500",
        "T",
        "1h30m",
        "-90m",
    ];

    fn zones() -> Vec<Zoned> {
        vec![
            now_in("UTC", "2026-01-30T15:45:10"),
            now_in("Europe/Berlin", "2026-03-29T12:00:00"),
            now_in("America/New_York", "2026-03-08T12:00:00"),
            Timestamp::MAX.to_zoned(TimeZone::get("Europe/Berlin").unwrap()),
            Timestamp::MIN.to_zoned(TimeZone::get("America/New_York").unwrap()),
        ]
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_strings(s in any::<String>(), z in 0usize..5) {
            let _ = parse(&s, &zones()[z]);
        }

        #[test]
        fn never_panics_on_ascii_noise(s in "[ -~\t\n]{0,40}", z in 0usize..5) {
            let _ = parse(&s, &zones()[z]);
        }

        #[test]
        fn never_panics_on_grammar_tokens(
            parts in prop::collection::vec(
                (prop::sample::select(TOKENS), prop::sample::select(&[" ", "", ",", "  "][..])),
                0..7,
            ),
            z in 0usize..5,
        ) {
            let s: String = parts.iter().map(|(t, sep)| format!("{t}{sep}")).collect();
            let _ = parse(&s, &zones()[z]);
        }

        #[test]
        fn spans_round_trip_as_exact_durations(n in 0i64..1_000_000, unit in prop::sample::select(&[("s", 1i64), ("m", 60), ("h", 3600)][..])) {
            let now = now_in("Europe/Berlin", "2026-03-29T12:00:00");
            let got = parse(&format!("{n}{}", unit.0), &now).unwrap();
            prop_assert_eq!(now.timestamp().as_second() - got.as_second(), n * unit.1);
        }
    }
}
