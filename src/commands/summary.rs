//! `summary`: what the log says at a glance, laid out as aureport does: the
//! data's time range, the range selected, the counts, then ranked tables and
//! the events over time as a bar chart.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use owo_colors::OwoColorize;
use serde_json::json;

use super::query::{self, QueryOptions};
use crate::aggregate::{self, ranked, Aggregate, BUCKET_SECS};
use crate::cli::SummaryArgs;
use crate::exit::{self, Failure};
use crate::output::escape::escape;
use crate::output::{bar, local_zone, thousands, Style, CHART_WIDTH};

/// Spans up to this long are charted per hour, longer ones per day.
const HOURLY_UP_TO_SECS: i64 = 2 * 86400;

pub fn run(o: QueryOptions, args: &SummaryArgs) -> Result<i32, Failure> {
    let utc = o.utc;
    let (json, color) = (o.json, o.color);
    let Some(req) = query::counting_request(o)? else {
        crate::say!("ds01-events: no events recorded yet");
        return Ok(crate::engine::answer_code());
    };
    let agg = aggregate::aggregate(&req, &args.by)
        .map_err(|e| Failure::new(exit::NO_INPUT, format!("error reading the events: {e}")))?;
    let zone = local_zone(utc);
    let out = if json {
        serde_json::to_string_pretty(&to_json(&agg, args, &req.filter, &zone))
            .map(|s| crate::output::json::make_safe(&s).into_owned() + "\n")
            .unwrap_or_default()
    } else {
        let style = Style::new(crate::cli::OutputFormat::Table, color, utc);
        let width = style.tty.then(crate::output::width::terminal_width);
        render(&agg, args, &req.filter, &zone, style.color, width)
    };
    query::print_answer(&out)
}

fn fmt_time(t: Timestamp, zone: &TimeZone) -> String {
    t.to_zoned(zone.clone())
        .strftime("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}

/// How the chart groups events: the unit grows with the span so that the
/// chart keeps to a screenful of rows (a log with lines dated year 0 and
/// year 9999 is charted per century, not per hour over ten thousand years).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Hour,
    Day,
    Month,
    /// Groups of this many years.
    Years(i16),
}

/// Spans up to this long are charted per day, longer ones per month.
const DAILY_UP_TO_SECS: i64 = 92 * 86400;
/// Spans up to this many years are charted per month.
const MONTHLY_UP_TO_YEARS: i64 = 10;
/// At most this many rows of years.
const YEAR_ROWS: i64 = 100;

fn unit_for(first: Timestamp, last: Timestamp) -> Unit {
    let span = last.as_second().saturating_sub(first.as_second());
    if span <= HOURLY_UP_TO_SECS {
        Unit::Hour
    } else if span <= DAILY_UP_TO_SECS {
        Unit::Day
    } else if span <= MONTHLY_UP_TO_YEARS * 366 * 86400 {
        Unit::Month
    } else {
        let years = span / (365 * 86400) + 1;
        let step = (years + YEAR_ROWS - 1) / YEAR_ROWS;
        // Round to 1, 2, 5, 10, 20, 50... years.
        let nice = [1i64, 2, 5]
            .iter()
            .flat_map(|m| (0..5).map(move |e| m * 10i64.pow(e)))
            .filter(|n| *n >= step)
            .min()
            .unwrap_or(10_000);
        Unit::Years(nice.min(i16::MAX as i64) as i16)
    }
}

impl Unit {
    fn name(self) -> String {
        match self {
            Unit::Hour => "hour".into(),
            Unit::Day => "day".into(),
            Unit::Month => "month".into(),
            Unit::Years(1) => "year".into(),
            Unit::Years(n) => format!("{n} years"),
        }
    }

    /// The start of the period holding `z`.
    fn start(self, z: &jiff::Zoned) -> Option<jiff::Zoned> {
        let d = z.date();
        let date = match self {
            Unit::Hour => {
                return z
                    .with()
                    .minute(0)
                    .second(0)
                    .subsec_nanosecond(0)
                    .build()
                    .ok()
            }
            Unit::Day => d,
            Unit::Month => d.first_of_month(),
            Unit::Years(n) => {
                let y = d.year() - d.year().rem_euclid(n);
                jiff::civil::Date::new(y, 1, 1).ok()?
            }
        };
        date.to_zoned(z.time_zone().clone()).ok()
    }

    fn next(self, z: &jiff::Zoned) -> Option<jiff::Zoned> {
        let next = match self {
            Unit::Hour => z.checked_add(jiff::Span::new().hours(1)),
            Unit::Day => z.checked_add(jiff::Span::new().days(1)),
            Unit::Month => z.checked_add(jiff::Span::new().months(1)),
            Unit::Years(n) => z.checked_add(jiff::Span::new().years(n)),
        };
        next.ok()
    }

    fn label(self, z: &jiff::Zoned) -> String {
        match self {
            Unit::Hour => z.strftime("%Y-%m-%d %H:00").to_string(),
            Unit::Day => z.strftime("%Y-%m-%d %a").to_string(),
            Unit::Month => z.strftime("%Y-%m").to_string(),
            Unit::Years(1) => z.strftime("%Y").to_string(),
            Unit::Years(n) => format!("{}-{}", z.year(), z.year() as i32 + n as i32 - 1),
        }
    }
}

/// Events per hour, day, month or group of years (whichever keeps the
/// chart short), in the local zone, every period between the first and the
/// last event included. Costs one step per row and one per filled bucket.
pub fn time_series(agg: &Aggregate, zone: &TimeZone) -> (String, Vec<(String, u64)>) {
    let (Some(first), Some(last)) = (agg.first, agg.last) else {
        return ("hour".into(), Vec::new());
    };
    let unit = unit_for(first, last);
    let mut series: Vec<(String, u64)> = Vec::new();
    let Some(mut at) = unit.start(&first.to_zoned(zone.clone())) else {
        return (unit.name(), series);
    };
    let last_bucket = last.as_second().div_euclid(BUCKET_SECS);
    loop {
        let from = at.timestamp().as_second().div_euclid(BUCKET_SECS);
        if from > last_bucket {
            break;
        }
        let next = unit.next(&at);
        let to = next.as_ref().map_or(i64::MAX, |n| {
            n.timestamp().as_second().div_euclid(BUCKET_SECS)
        });
        let n: u64 = agg.buckets.range(from..to).map(|(_, n)| n).sum();
        series.push((unit.label(&at), n));
        match next {
            Some(n) if series.len() < 10_000 => at = n,
            _ => break,
        }
    }
    (unit.name(), series)
}

fn selected_range(filter: &crate::filter::Filter, zone: &TimeZone) -> String {
    match (filter.since, filter.until) {
        (None, None) => "all events".into(),
        (Some(s), None) => format!("since {}", fmt_time(s, zone)),
        (None, Some(u)) => format!("before {}", fmt_time(u, zone)),
        (Some(s), Some(u)) => format!("{} to {}", fmt_time(s, zone), fmt_time(u, zone)),
    }
}

fn render(
    agg: &Aggregate,
    args: &SummaryArgs,
    filter: &crate::filter::Filter,
    zone: &TimeZone,
    color: bool,
    // On a terminal: its width; keys and the chart are fitted to it.
    width: Option<usize>,
) -> String {
    let mut s = String::new();
    let head = |t: &str| {
        if color {
            t.bold().to_string()
        } else {
            t.to_string()
        }
    };
    s += &head("Event summary");
    s += "\n=============\n";
    match (agg.first, agg.last) {
        (Some(f), Some(l)) => {
            s += &format!(
                "Range of matching events: {} to {}\n",
                fmt_time(f, zone),
                fmt_time(l, zone)
            )
        }
        _ => s += "Range of matching events: none\n",
    }
    s += &format!("Selected: {}\n", selected_range(filter, zone));
    s += &format!("Events: {}\n", thousands(agg.total));
    s += &format!("Malformed lines skipped: {}\n", thousands(agg.malformed));
    if agg.untimed > 0 {
        s += &format!(
            "Events without a readable time: {}\n",
            thousands(agg.untimed)
        );
    }
    if agg.total == 0 {
        return s;
    }
    let mut table = |title: &str, map: &std::collections::HashMap<String, u64>, top: usize| {
        let rows = ranked(map);
        s += &format!(
            "\n{} (top {} of {})\n",
            head(title),
            top.min(rows.len()),
            rows.len()
        );
        let width_of_counts = rows
            .iter()
            .take(top)
            .map(|(_, n)| thousands(*n).len())
            .max()
            .unwrap_or(5)
            .max(5);
        s += &format!("  {:>width_of_counts$}  {:>6}  key\n", "total", "share");
        // Keys past the terminal's edge are shortened with `…`, not wrapped.
        let room = width.map(|w| w.saturating_sub(width_of_counts + 12).max(8));
        for (k, n) in rows.iter().take(top) {
            let share = 100.0 * *n as f64 / agg.total as f64;
            let key = escape(k);
            let key = match room {
                Some(r) => crate::output::width::shorten(&key, r).into_owned(),
                None => key.into_owned(),
            };
            s += &format!(
                "  {:>width_of_counts$}  {:>5.1}%  {}\n",
                thousands(*n),
                share,
                key
            );
        }
    };
    table("By type", &agg.by_type, args.top.unwrap_or(15));
    table("By user", &agg.by_user, args.top.unwrap_or(10));
    table("By source", &agg.by_source, args.top.unwrap_or(10));
    for (field, map) in args.by.iter().zip(&agg.by_field) {
        table(
            &format!("By {}", escape(field)),
            map,
            args.top.unwrap_or(10),
        );
    }
    let (unit, series) = time_series(agg, zone);
    let max = series.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    s += &format!("\n{}\n", head(&format!("Events per {unit}")));
    let nw = series
        .iter()
        .map(|(_, n)| thousands(*n).len())
        .max()
        .unwrap_or(1);
    let label_width = series.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let chart_width = width.map_or(CHART_WIDTH, |w| {
        CHART_WIDTH.min(w.saturating_sub(label_width + nw + 6).max(10))
    });
    for (label, n) in &series {
        let bar = bar(*n as f64, max as f64, chart_width, color);
        s += &format!("  {label}  {:>nw$}  {bar}\n", thousands(*n));
    }
    s
}

fn to_json(
    agg: &Aggregate,
    args: &SummaryArgs,
    filter: &crate::filter::Filter,
    zone: &TimeZone,
) -> serde_json::Value {
    let rank = |map: &std::collections::HashMap<String, u64>, top: usize| {
        ranked(map)
            .into_iter()
            .take(top)
            .map(|(k, n)| json!({"key": k, "count": n}))
            .collect::<Vec<_>>()
    };
    let (unit, series) = time_series(agg, zone);
    let by: serde_json::Map<String, serde_json::Value> = args
        .by
        .iter()
        .zip(&agg.by_field)
        .map(|(f, m)| (f.clone(), json!(rank(m, args.top.unwrap_or(usize::MAX)))))
        .collect();
    json!({
        "events": agg.total,
        "malformed": agg.malformed,
        "untimed": agg.untimed,
        "first": agg.first.map(|t| t.to_string()),
        "last": agg.last.map(|t| t.to_string()),
        "since": filter.since.map(|t| t.to_string()),
        "until": filter.until.map(|t| t.to_string()),
        "by_type": rank(&agg.by_type, args.top.unwrap_or(usize::MAX)),
        "by_user": rank(&agg.by_user, args.top.unwrap_or(usize::MAX)),
        "by_source": rank(&agg.by_source, args.top.unwrap_or(usize::MAX)),
        "by": by,
        "per": unit,
        "series": series.into_iter().map(|(k, n)| json!({"period": k, "count": n})).collect::<Vec<_>>(),
    })
}
