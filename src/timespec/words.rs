//! The admin's words for days and clock times: today, yesterday, this
//! week, last monday, Nov 1 2025, noon, 2pm, 14:00, in either order
//! (`yesterday 14:00`, `noon tomorrow`, `Nov 1 at 2pm`). A date written
//! the ISO way (`2026-01-30 noon`) is read by jiff ([`super::iso`]).

use std::sync::LazyLock;

use jiff::civil::{Date, Time, Weekday};
use jiff::{Span, Timestamp, Zoned};
use regex::Regex;

use super::iso::{iso_date, nanos_of};

pub(super) fn weekday_of(word: &str) -> Option<Weekday> {
    Some(match word {
        "mon" | "monday" => Weekday::Monday,
        "tue" | "tues" | "tuesday" => Weekday::Tuesday,
        "wed" | "wednes" | "wednesday" => Weekday::Wednesday,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thursday,
        "fri" | "friday" => Weekday::Friday,
        "sat" | "saturday" => Weekday::Saturday,
        "sun" | "sunday" => Weekday::Sunday,
        _ => return None,
    })
}

pub(super) fn month_of(word: &str) -> Option<i8> {
    Some(match word {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    })
}

fn day_of_month(word: &str) -> Option<i8> {
    if word.is_empty() || word.len() > 2 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

fn year_of(word: &str) -> Option<i16> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

/// The day part of a phrase: `today`, `last monday`, `2026-01-30`, `Nov 1`...
fn parse_day(words: &[&str], today: Date) -> Option<Date> {
    match *words {
        ["today"] => Some(today),
        ["yesterday"] => today.yesterday().ok(),
        ["tomorrow"] => today.tomorrow().ok(),
        // Weeks start on Monday.
        ["this", "week"] => today
            .checked_sub(Span::new().days(i64::from(today.weekday().to_monday_zero_offset())))
            .ok(),
        ["this", "month"] => Some(today.first_of_month()),
        ["this", "year"] => Some(today.first_of_year()),
        ["last", wd] => today.nth_weekday(-1, weekday_of(wd)?).ok(),
        ["next", wd] => today.nth_weekday(1, weekday_of(wd)?).ok(),
        [word] => {
            if let Some(wd) = weekday_of(word) {
                if today.weekday() == wd {
                    Some(today)
                } else {
                    today.nth_weekday(-1, wd).ok()
                }
            } else {
                iso_date(word)
            }
        }
        [a, b] => {
            let (m, d) = match month_of(a) {
                Some(m) => (m, day_of_month(b)?),
                None => (month_of(b)?, day_of_month(a)?),
            };
            Date::new(today.year(), m, d).ok()
        }
        [a, b, y] => {
            let (m, d) = match month_of(a) {
                Some(m) => (m, day_of_month(b)?),
                None => (month_of(b)?, day_of_month(a)?),
            };
            Date::new(year_of(y)?, m, d).ok()
        }
        _ => None,
    }
}

/// The time part of a phrase: `14:00`, `14:00:30.5`, `noon`, `2pm`, `2:30 pm`.
fn parse_time(words: &[&str]) -> Option<Time> {
    static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?$").unwrap()
    });
    static MERIDIEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([0-9]{1,2})(?::([0-9]{2})(?::([0-9]{2}))?)? ?(am|pm)$").unwrap()
    });
    let joined;
    let text = match *words {
        ["noon"] => return Some(Time::constant(12, 0, 0, 0)),
        ["midnight"] => return Some(Time::midnight()),
        [w] => w,
        [a, b] => {
            joined = format!("{a} {b}");
            &joined
        }
        _ => return None,
    };
    let field = |m: Option<regex::Match<'_>>| -> Option<i8> {
        m.map_or(Some(0), |m| m.as_str().parse().ok())
    };
    if let Some(c) = CLOCK.captures(text) {
        let nanos = c.get(4).map_or(Some(0), |m| nanos_of(m.as_str()))?;
        let sec = field(c.get(3))?.min(59);
        return Time::new(
            field(c.get(1))?,
            field(c.get(2))?,
            sec,
            i32::try_from(nanos).ok()?,
        )
        .ok();
    }
    let c = MERIDIEM.captures(text)?;
    let hour = field(c.get(1))?;
    if !(1..=12).contains(&hour) {
        return None;
    }
    let hour = hour % 12 + if &c[4] == "pm" { 12 } else { 0 };
    Time::new(hour, field(c.get(2))?, field(c.get(3))?, 0).ok()
}

/// A day part and/or a time part, in either order (`yesterday 14:00`,
/// `noon tomorrow`, `Nov 1 2025 at 2pm`, `14:00`).
pub(super) fn parse_day_time(s: &str, now: &Zoned) -> Option<Timestamp> {
    let words: Vec<&str> = s.split(' ').collect();
    if words.len() > 6 {
        return None;
    }
    let today = now.date();
    let resolve = |d: Date, t: Time| now.time_zone().to_timestamp(d.to_datetime(t)).ok();
    for k in 0..=words.len() {
        let (x, y) = words.split_at(k);
        // Day first (or alone), then an optional "at" and the time.
        let day = if x.is_empty() {
            Some(today)
        } else {
            parse_day(x, today)
        };
        if let Some(d) = day {
            let y = match y {
                ["at", rest @ ..] if !x.is_empty() && !rest.is_empty() => rest,
                _ => y,
            };
            let t = if y.is_empty() {
                Some(Time::midnight())
            } else {
                parse_time(y)
            };
            if let Some(t) = t {
                return resolve(d, t);
            }
        }
        // Time first, then the day.
        if !x.is_empty() && !y.is_empty() {
            if let (Some(t), Some(d)) = (parse_time(x), parse_day(y, today)) {
                return resolve(d, t);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The hand-written clock reader agrees with jiff's: `H:MM`,
        /// `HH:MM:SS[.F]` as jiff's ISO time parser reads the zero-padded
        /// form, `H[:MM] am/pm` as jiff's strptime `%I:%M %p`.
        #[test]
        fn clock_times_read_as_jiff_reads_them(
            h in 0i8..=23, m in 0i8..=59, s in 0i8..=59, frac in 0u32..1000,
            layout in 0usize..4, padded in any::<bool>(),
        ) {
            let hh = if padded { format!("{h:02}") } else { h.to_string() };
            let (text, want) = match layout {
                0 => (format!("{hh}:{m:02}"), format!("{h:02}:{m:02}").parse::<Time>().ok()),
                1 => (format!("{hh}:{m:02}:{s:02}"), format!("{h:02}:{m:02}:{s:02}").parse::<Time>().ok()),
                2 => (
                    format!("{hh}:{m:02}:{s:02}.{frac:03}"),
                    format!("{h:02}:{m:02}:{s:02}.{frac:03}").parse::<Time>().ok(),
                ),
                _ => {
                    let h12 = (h + 11) % 12 + 1;
                    let ampm = if h < 12 { "am" } else { "pm" };
                    let want = Time::strptime("%I:%M %p", format!("{h12:02}:{m:02} {ampm}")).ok();
                    (format!("{h12}:{m:02} {ampm}"), want)
                }
            };
            let words: Vec<&str> = text.split(' ').collect();
            prop_assert_eq!(parse_time(&words), want, "{}", text);
        }
    }
}
