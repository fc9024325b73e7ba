//! The report as text (tables and a per-day chart, at most 80 columns),
//! Markdown (the monthly report's container-activity layout) and JSON.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde_json::{json, Map, Value};

use super::{FxMap, Report, Window, DAY_SECS, US_PER_HOUR};
use crate::output::escape::escape;
use crate::output::{bar, thousands, CHART_WIDTH};

/// Rows of the created-by-user and GPU-hours-by-user tables in text.
pub const TOP_USERS: usize = 10;
/// Rows of the rejected, denied and warned tables (as the current report).
pub const TOP_FEW: usize = 5;
/// Keys in text tables are cut to this many characters.
const KEY_WIDTH: usize = 56;

fn hours(us: i64) -> f64 {
    us as f64 / US_PER_HOUR
}

/// Counts, largest first, ties by key.
fn ranked_counts(map: &FxMap<String, u64>) -> Vec<(&str, u64)> {
    let mut v: Vec<(&str, u64)> = map.iter().map(|(k, &n)| (k.as_str(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

/// Microseconds, largest first, ties by key.
fn ranked_us(map: &FxMap<String, i64>) -> Vec<(&str, i64)> {
    let mut v: Vec<(&str, i64)> = map.iter().map(|(k, &n)| (k.as_str(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

fn day_label(day: i64) -> String {
    Timestamp::from_second(day * DAY_SECS)
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn time_label(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// The UTC days the per-day rows cover: the window's, or (without a bound)
/// those of the first and last counted event.
fn days(r: &Report, per_day: &BTreeMap<i64, i64>, w: &Window) -> Vec<i64> {
    let gpu_first = per_day.keys().next().copied();
    let gpu_last = per_day.keys().last().copied();
    let day = |t: Timestamp| t.as_second().div_euclid(DAY_SECS);
    let first = match (w.since, r.counts.first.map(day), gpu_first) {
        (Some(s), _, _) => Some(day(s)),
        (None, a, b) => a.into_iter().chain(b).min(),
    };
    // With an upper bound: up to the window's end (today for this month).
    let last = match (w.until, r.counts.last.map(day), gpu_last) {
        (Some(_), _, _) => Some(day(crate::engine::shifted(w.end, -1))),
        (None, a, b) => a.into_iter().chain(b).max(),
    };
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    // A window far wider than the data would print thousands of empty rows.
    (first.max(last - 3660)..=last).collect()
}

fn window_text(w: &Window) -> String {
    match (w.since, w.until) {
        (None, None) => "the whole history".into(),
        (Some(s), None) => format!("since {}", time_label(s)),
        (None, Some(u)) => format!("before {}", time_label(u)),
        (Some(s), Some(u)) => format!("{} to {}", time_label(s), time_label(u)),
    }
}

fn cut(s: &str) -> String {
    let s = escape(s);
    if s.chars().count() <= KEY_WIDTH {
        s.into_owned()
    } else {
        let mut t: String = s.chars().take(KEY_WIDTH - 1).collect();
        t.push('…');
        t
    }
}

/// The text report.
pub fn text(r: &Report, w: &Window, color: bool) -> String {
    use owo_colors::OwoColorize;
    let head = |t: &str| {
        if color {
            t.bold().to_string()
        } else {
            t.to_string()
        }
    };
    let c = &r.counts;
    let mut s = String::new();
    s += &head("Event log report");
    s += "\n================\n";
    s += &format!("Window: {}\n", window_text(w));
    s += &format!(
        "Malformed lines skipped (in the files read): {}\n",
        thousands(c.malformed)
    );
    if c.untimed > 0 {
        s += &format!(
            "Events without a readable time (not counted): {}\n",
            thousands(c.untimed)
        );
    }
    let line = |s: &mut String, label: &str, value: String| {
        *s += &format!("  {label:<28} {value:>12}\n");
    };
    let table_counts =
        |s: &mut String, title: &str, map: &FxMap<String, u64>, top: usize, what: &str| {
            let rows = ranked_counts(map);
            if rows.is_empty() {
                return;
            }
            *s += &format!(
                "\n{} (top {} of {})\n",
                title,
                top.min(rows.len()),
                rows.len()
            );
            let width = rows
                .iter()
                .take(top)
                .map(|(_, n)| thousands(*n).len())
                .max()
                .unwrap_or(5)
                .max(5);
            *s += &format!("  {:>width$}  {what}\n", "count");
            for (k, n) in rows.iter().take(top) {
                *s += &format!("  {:>width$}  {}\n", thousands(*n), cut(k));
            }
        };
    let table_hours = |s: &mut String, title: &str, map: &FxMap<String, i64>, top: usize| {
        let rows = ranked_us(map);
        if rows.is_empty() {
            return;
        }
        *s += &format!(
            "\n{} (top {} of {})\n",
            title,
            top.min(rows.len()),
            rows.len()
        );
        *s += &format!("  {:>10}  {:>6}  key\n", "GPU-hours", "share");
        for (k, us) in rows.iter().take(top) {
            let share = if r.gpu.total > 0 {
                100.0 * *us as f64 / r.gpu.total as f64
            } else {
                0.0
            };
            *s += &format!("  {:>10.1}  {:>5.1}%  {}\n", hours(*us), share, cut(k));
        }
    };

    s += &format!("\n{}\n", head("Containers"));
    line(&mut s, "created", thousands(c.created));
    line(&mut s, "exited", thousands(c.exited));
    line(&mut s, "discovered with a GPU", thousands(c.discovered_gpu));
    line(
        &mut s,
        "discovered without a GPU",
        thousands(c.discovered_non_gpu),
    );
    let l = &r.lifetimes;
    line(
        &mut s,
        "lifetimes (discovered..exit)",
        thousands(l.n() as u64),
    );
    if let (Some(mean), Some(median)) = (l.mean_hours(), l.median_hours()) {
        line(&mut s, "mean lifetime, hours", format!("{mean:.2}"));
        line(&mut s, "median lifetime, hours", format!("{median:.2}"));
    }
    table_counts(
        &mut s,
        "Created by type",
        &c.created_by_type,
        usize::MAX,
        "type",
    );
    table_counts(
        &mut s,
        "Created by user",
        &c.created_by_user,
        TOP_USERS,
        "user",
    );

    s += &format!("\n{}\n", head("GPU"));
    line(&mut s, "GPU-hours", format!("{:.1}", hours(r.gpu.total)));
    line(&mut s, "intervals counted", thousands(r.gpu.intervals));
    line(
        &mut s,
        "of those open at the end",
        thousands(r.gpu.open_at_end),
    );
    line(&mut s, "requests rejected", thousands(c.rejected));
    table_hours(&mut s, "GPU-hours by user", &r.gpu.by_user, TOP_USERS);
    table_hours(&mut s, "GPU-hours by GPU", &r.gpu.by_gpu, TOP_USERS);
    table_counts(
        &mut s,
        "Rejected by user",
        &c.rejected_by_user,
        TOP_FEW,
        "user",
    );

    s += &format!("\n{}\n", head("Access and lifecycle"));
    line(&mut s, "auth.denied", thousands(c.auth_denied));
    line(&mut s, "bare_metal.warning", thousands(c.bare_metal));
    line(&mut s, "maintenance.idle_kill", thousands(c.idle_kill));
    line(
        &mut s,
        "maintenance.runtime_kill",
        thousands(c.runtime_kill),
    );
    line(&mut s, "resource.oom_kill", thousands(c.oom_kill));
    line(&mut s, "new users (user.added)", thousands(c.new_users));
    table_counts(
        &mut s,
        "Denied by user",
        &c.auth_denied_by_user,
        TOP_FEW,
        "user",
    );
    table_counts(
        &mut s,
        "Bare-metal warnings by user",
        &c.bare_metal_by_user,
        TOP_FEW,
        "user",
    );

    let per_day = r.gpu.per_day();
    let days = days(r, &per_day, w);
    if !days.is_empty() {
        s += &format!(
            "\n{}\n",
            head("Per day (UTC): containers created, GPU-hours")
        );
        let max = days
            .iter()
            .map(|d| per_day.get(d).copied().unwrap_or(0))
            .max()
            .unwrap_or(0)
            .max(1);
        let cw = days
            .iter()
            .map(|d| thousands(c.created_per_day.get(d).copied().unwrap_or(0)).len())
            .max()
            .unwrap_or(1)
            .max(7);
        s += &format!("  {:<10}  {:>cw$}  {:>9}\n", "day", "created", "GPU-hours");
        for d in days {
            let n = c.created_per_day.get(&d).copied().unwrap_or(0);
            let us = per_day.get(&d).copied().unwrap_or(0);
            let bar = bar(us as f64, max as f64, CHART_WIDTH, color);
            s += &format!(
                "  {}  {:>cw$}  {:>9.1}  {bar}\n",
                day_label(d),
                thousands(n),
                hours(us)
            );
        }
    }
    s
}

/// A user name without its domain (`a.baker@example.lan` -> `a.baker`).
pub fn without_domain(user: &str) -> &str {
    match user.split_once('@') {
        Some((name, _)) if !name.is_empty() => name,
        _ => user,
    }
}

/// Text safe inside a Markdown table cell.
fn md_cell(s: &str) -> String {
    escape(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
}

/// The monthly report's container-activity section, and the GPU and access
/// numbers after it.
pub fn markdown(r: &Report, w: &Window) -> String {
    let c = &r.counts;
    let mut s = String::new();
    s += "## Container Activity\n\n";
    s += &format!("*Window: {}*\n\n", window_text(w));
    let lab = |s: &mut String, label: &str, value: String| {
        *s += &format!("- **{label}:** {value}\n");
    };
    lab(&mut s, "Containers Created", thousands(c.created));
    lab(&mut s, "Containers Exited", thousands(c.exited));
    lab(&mut s, "GPU Containers", thousands(c.discovered_gpu));
    lab(
        &mut s,
        "Non-GPU Containers",
        thousands(c.discovered_non_gpu),
    );
    let l = &r.lifetimes;
    match (l.mean_hours(), l.median_hours()) {
        (Some(mean), Some(median)) => {
            lab(&mut s, "Average Lifetime", format!("{mean:.1} hours"));
            lab(&mut s, "Median Lifetime", format!("{median:.1} hours"));
        }
        _ => lab(&mut s, "Lifetimes", "none completed".into()),
    }
    if !c.created_by_type.is_empty() {
        s += "\n**Containers by Type:**\n\n";
        for (k, n) in ranked_counts(&c.created_by_type) {
            s += &format!("- {}: {}\n", md_cell(k), thousands(n));
        }
    }
    // Names without their domain; two names that then read the same merge.
    let mut by_name: FxMap<String, u64> = FxMap::default();
    for (k, n) in &c.created_by_user {
        *by_name.entry(without_domain(k).to_string()).or_default() += n;
    }
    s += "\n### Containers Created by User\n\n";
    if by_name.is_empty() {
        s += "No containers created.\n";
    } else {
        s += "| User | Containers |\n|------|------------|\n";
        for (k, n) in ranked_counts(&by_name).into_iter().take(TOP_USERS) {
            s += &format!("| {} | {} |\n", md_cell(k), thousands(n));
        }
    }
    s += "\n## GPU Usage\n\n";
    lab(&mut s, "GPU-Hours", format!("{:.1}", hours(r.gpu.total)));
    lab(&mut s, "GPU Requests Rejected", thousands(c.rejected));
    if !r.gpu.by_user.is_empty() {
        let mut by_name: FxMap<String, i64> = FxMap::default();
        for (k, us) in &r.gpu.by_user {
            *by_name.entry(without_domain(k).to_string()).or_default() += us;
        }
        s += "\n### GPU-Hours by User\n\n| User | GPU-Hours |\n|------|-----------|\n";
        for (k, us) in ranked_us(&by_name) {
            s += &format!("| {} | {:.1} |\n", md_cell(k), hours(us));
        }
    }
    s += "\n## Access and Lifecycle\n\n";
    lab(&mut s, "Auth Denied", thousands(c.auth_denied));
    lab(&mut s, "Bare-Metal Warnings", thousands(c.bare_metal));
    lab(&mut s, "Idle Kills", thousands(c.idle_kill));
    lab(&mut s, "Runtime Kills", thousands(c.runtime_kill));
    lab(&mut s, "OOM Kills", thousands(c.oom_kill));
    lab(&mut s, "New Users", thousands(c.new_users));
    s
}

fn counts_object(rows: Vec<(&str, u64)>, top: usize) -> Value {
    Value::Object(
        rows.into_iter()
            .take(top)
            .map(|(k, n)| (k.to_string(), json!(n)))
            .collect::<Map<_, _>>(),
    )
}

fn hours_object(rows: Vec<(&str, i64)>) -> Value {
    Value::Object(
        rows.into_iter()
            .map(|(k, us)| (k.to_string(), json!(hours(us))))
            .collect::<Map<_, _>>(),
    )
}

/// One JSON object with every number.
pub fn json(r: &Report, w: &Window) -> Value {
    let c = &r.counts;
    let l = &r.lifetimes;
    let per_day = r.gpu.per_day();
    let rows: Vec<Value> = days(r, &per_day, w)
        .into_iter()
        .map(|d| {
            json!({
                "day": day_label(d),
                "created": c.created_per_day.get(&d).copied().unwrap_or(0),
                "gpu_hours": hours(per_day.get(&d).copied().unwrap_or(0)),
            })
        })
        .collect();
    json!({
        "window": {
            "since": w.since.map(|t| t.to_string()),
            "until": w.until.map(|t| t.to_string()),
            "intervals_end": w.end.to_string(),
        },
        "malformed": c.malformed,
        "untimed": c.untimed,
        "containers": {
            "created": c.created,
            "exited": c.exited,
            "by_type": counts_object(ranked_counts(&c.created_by_type), usize::MAX),
            "by_user": counts_object(ranked_counts(&c.created_by_user), usize::MAX),
            "gpu": c.discovered_gpu,
            "non_gpu": c.discovered_non_gpu,
            "lifetime_hours": {
                "n": l.n(),
                "mean": l.mean_hours(),
                "median": l.median_hours(),
            },
        },
        "gpu": {
            "rejected": c.rejected,
            "rejected_top_users": counts_object(ranked_counts(&c.rejected_by_user), TOP_FEW),
            "hours_by_user": hours_object(ranked_us(&r.gpu.by_user)),
            "hours_by_gpu": hours_object(ranked_us(&r.gpu.by_gpu)),
            "hours_total": hours(r.gpu.total),
            "intervals": r.gpu.intervals,
            "open_at_end": r.gpu.open_at_end,
        },
        "auth_denied": {
            "count": c.auth_denied,
            "top_users": counts_object(ranked_counts(&c.auth_denied_by_user), TOP_FEW),
        },
        "bare_metal_warnings": {
            "count": c.bare_metal,
            "top_users": counts_object(ranked_counts(&c.bare_metal_by_user), TOP_FEW),
        },
        "lifecycle": {
            "idle_kill": c.idle_kill,
            "runtime_kill": c.runtime_kill,
            "oom_kill": c.oom_kill,
        },
        "new_users": c.new_users,
        "per_day": rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_is_dropped() {
        assert_eq!(without_domain("a.baker@example.lan"), "a.baker");
        assert_eq!(without_domain("labtech"), "labtech");
        assert_eq!(without_domain("@odd"), "@odd");
    }

    #[test]
    fn markdown_cells_are_escaped() {
        assert_eq!(md_cell("a|b_c"), "a\\|b\\_c");
    }
}
