//! `report`: the month in numbers (containers, GPU-hours per user, access),
//! from the whole history in one streaming pass (see [`crate::report`]).

use jiff::Timestamp;

use super::query::{self, QueryOptions};
use crate::cli::ReportArgs;
use crate::config::FilterSpec;
use crate::exit::{self, Failure};
use crate::filter::Filter;
use crate::output::escape::escape;
use crate::report::{self, render, Window};

/// `--month YYYY-MM` as `[first day 00:00 UTC, next month's first day)`.
pub fn month_window(month: &str) -> Result<(Timestamp, Timestamp), Failure> {
    let bad = || {
        Failure::usage(format!(
            "--month: '{}' is not a month; give it as YYYY-MM (for example 2026-11)",
            escape(month)
        ))
    };
    let b = month.as_bytes();
    if b.len() != 7
        || b[4] != b'-'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
    {
        return Err(bad());
    }
    let y: i16 = month[..4].parse().map_err(|_| bad())?;
    let m: i8 = month[5..].parse().map_err(|_| bad())?;
    let start = jiff::civil::Date::new(y, m, 1).map_err(|_| bad())?;
    let next = start
        .checked_add(jiff::Span::new().months(1))
        .map_err(|_| bad())?;
    let utc = |d: jiff::civil::Date| {
        d.to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|_| bad())
    };
    Ok((utc(start)?, utc(next)?))
}

pub fn run(o: QueryOptions, args: &ReportArgs) -> Result<i32, Failure> {
    if args.markdown && o.json {
        return Err(Failure::usage(
            "--markdown and --json exclude each other; choose one",
        ));
    }
    if args.month.is_some() && (o.filters.since.is_some() || o.filters.until.is_some()) {
        return Err(Failure::usage(
            "--month and --since/--until exclude each other; --month 2026-11 is --since 2026-11-01T00:00:00Z --until 2026-12-01T00:00:00Z",
        ));
    }
    let (json, color) = (o.json, o.color);
    let now = query::now(o.utc);
    // The window from --month or --since/--until; the filter that reads the
    // history carries no time bound (the pairing needs what came before).
    let full = Filter::build(&o.filters, &now, false)?;
    let (since, until) = match &args.month {
        Some(m) => {
            let (s, u) = month_window(m)?;
            (Some(s), Some(u))
        }
        None => (full.since, full.until),
    };
    if let (Some(s), Some(u)) = (since, until) {
        if u <= s {
            return Err(Failure::usage(
                "--until is not after --since: the window is empty; swap them",
            ));
        }
    }
    let window = Window::new(since, until, now.timestamp());
    let mut filter = full;
    filter.since = None;
    filter.until = None;
    let hist = QueryOptions {
        filters: FilterSpec {
            since: None,
            until: None,
            ..o.filters.clone()
        },
        ..o
    };
    let Some(req) = query::counting_request(hist)? else {
        crate::say!("ds01-events: no events recorded yet");
        return Ok(crate::engine::answer_code());
    };
    let r = report::build(&req.streams, &filter, &window)
        .map_err(|e| Failure::new(exit::NO_INPUT, format!("error reading the events: {e}")))?;
    let out = if json {
        serde_json::to_string_pretty(&render::json(&r, &window))
            .map(|s| s + "\n")
            .unwrap_or_default()
    } else if args.markdown {
        render::markdown(&r, &window)
    } else {
        let style = crate::output::Style::new(crate::cli::OutputFormat::Table, color, true);
        render::text(&r, &window, style.color)
    };
    query::print_answer(&out)
}
