//! The questions: menus and text fields (dialoguer) that fill a [`Plan`].

use std::collections::BTreeMap;
use std::io;

use dialoguer::console::Term;
use dialoguer::theme::Theme;
use dialoguer::{FuzzySelect, Input, Select};

use super::catalog::{catalog, Catalog};
use super::plan::{Format, Limit, Mode, Plan};
use crate::cli::GlobalArgs;
use crate::commands::query;
use crate::config::FilterSpec;
use crate::engine;
use crate::filter::Filter;
use crate::output::escape::escape;

/// Menu rows shown at once; longer lists page (left/right arrows).
const PAGE: usize = 15;

/// Why the walkthrough stopped early.
pub(super) enum Stop {
    /// Esc or `q` in a menu.
    Quit,
    Io(io::Error),
}

impl From<dialoguer::Error> for Stop {
    fn from(e: dialoguer::Error) -> Stop {
        Stop::Io(e.into())
    }
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Stop {
        Stop::Io(e)
    }
}

pub(super) type Step<T> = Result<T, Stop>;

pub(super) struct Ui<'a> {
    pub(super) term: Term,
    pub(super) theme: Box<dyn Theme>,
    pub(super) g: &'a GlobalArgs,
    pub(super) catalog: Option<Catalog>,
}

/// What a time menu entry sets: --since, --until.
type Range = (Option<&'static str>, Option<&'static str>);

const RECENT: &[(&str, Range)] = &[
    ("Last hour", (Some("1 hour ago"), None)),
    ("Today (since midnight)", (Some("today"), None)),
    ("Yesterday", (Some("yesterday"), Some("today"))),
    ("Last 24 hours", (Some("24 hours ago"), None)),
    ("Last 7 days", (Some("7 days ago"), None)),
];

impl Ui<'_> {
    /// A menu; Esc or `q` quits the walkthrough.
    fn select(&self, prompt: &str, items: &[String], default: usize) -> Step<usize> {
        Select::with_theme(&*self.theme)
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .max_length(PAGE)
            .interact_on_opt(&self.term)?
            .ok_or(Stop::Quit)
    }

    /// A line of text; `None` when left empty (go back).
    fn text(
        &self,
        prompt: &str,
        mut check: impl FnMut(&str) -> Result<(), String>,
    ) -> Step<Option<String>> {
        let s: String = Input::with_theme(&*self.theme)
            .with_prompt(format!("{prompt} (empty: back)"))
            .allow_empty(true)
            .validate_with(|s: &String| -> Result<(), String> {
                if s.trim().is_empty() {
                    Ok(())
                } else {
                    check(s.trim())
                }
            })
            .interact_text_on(&self.term)?;
        let s = s.trim().to_string();
        Ok((!s.is_empty()).then_some(s))
    }

    /// Checks a value as the query would, with the filter it goes into.
    fn check(&self, args: FilterSpec) -> Result<(), String> {
        Filter::build(&args, &query::now(self.g.utc), false)
            .map(|_| ())
            .map_err(|f| f.message)
    }

    fn catalog(&mut self) -> &Catalog {
        if self.catalog.is_none() {
            let _ = self
                .term
                .write_line("Reading the users and types in the log...");
            let cat = catalog(self.g);
            let _ = self.term.clear_last_lines(1);
            self.catalog = Some(cat);
        }
        self.catalog.get_or_insert_with(Catalog::default)
    }

    pub(super) fn walk(&mut self) -> Step<Plan> {
        let files = match engine::hosts_dir(self.g.hosts_dir.as_deref(), &self.g.file) {
            Some(d) if self.g.file.is_empty() => {
                format!("every host in {}", escape(&d.to_string_lossy()))
            }
            _ => engine::streams(&self.g.file)
                .iter()
                .map(|s| escape(&s.current.to_string_lossy()).into_owned())
                .collect::<Vec<_>>()
                .join(", "),
        };
        self.term.write_line(&format!(
            "ds01-events guided: a few questions, then the matching command line and its result.\n\
             Log: {files}\n\
             Arrows to move, Enter to choose, Esc to quit.\n"
        ))?;
        let mut p = Plan::default();
        let main = [
            "Events of a user",
            "Events of a container",
            "GPU events",
            "Recent events (last hour, today, yesterday)",
            "Failed or rejected events (reject, denied, fail, error...)",
            "Live stream of new events (follow)",
            "Summary: counts by type, user and day",
            "Build a query from filters",
            "Quit",
        ]
        .map(String::from);
        loop {
            match self.select("What do you want to see?", &main, 0)? {
                0 => match self.pick_user()? {
                    Some(u) => p.add("--user", u, true),
                    None => continue,
                },
                1 => match self.pick_container()? {
                    Some(c) => p.add("--container", c, true),
                    None => continue,
                },
                2 => p.add("--type", "gpu", false),
                3 => match self.pick_time(false)? {
                    Some((since, until)) => {
                        p.since = since;
                        p.until = until;
                        p.time_chosen = true;
                    }
                    None => continue,
                },
                4 => p.add_switch("--problems"),
                5 => p.mode = Mode::Follow,
                6 => p.mode = Mode::Summary,
                7 => {}
                _ => return Err(Stop::Quit),
            }
            break;
        }
        self.refine(&mut p)?;
        if p.mode != Mode::Follow && !p.time_chosen {
            if let Some((since, until)) = self.pick_time(true)? {
                p.since = since;
                p.until = until;
            }
        }
        if !self.g.json {
            p.format = self.pick_format(p.mode)?;
        }
        p.limit = self.pick_limit(p.mode)?;
        Ok(p)
    }

    /// More filters, until "no".
    fn refine(&mut self, p: &mut Plan) -> Step<()> {
        loop {
            let so_far = p.filters_text();
            let prompt = if so_far.is_empty() {
                "Narrow it down? (no filter yet)".to_string()
            } else {
                format!("Narrow it down further? (so far: {so_far})")
            };
            let mut items = vec![
                ("No, go on", 0),
                ("Events of a user", 1),
                ("Events of a container", 2),
                ("An event type or category", 3),
            ];
            if !p.has_flag("--problems") {
                items.push(("Only failed or rejected events", 4));
            }
            items.extend([
                ("Written by a script (source)", 5),
                ("Text anywhere in the event (regular expression)", 6),
                ("A field condition (KEY=VALUE, KEY!=VALUE, KEY~REGEX)", 7),
            ]);
            let labels: Vec<String> = items.iter().map(|(l, _)| l.to_string()).collect();
            let choice = items[self.select(&prompt, &labels, 0)?].1;
            match choice {
                0 => return Ok(()),
                1 => {
                    if let Some(u) = self.pick_user()? {
                        p.add("--user", u, true);
                    }
                }
                2 => {
                    if let Some(c) = self.pick_container()? {
                        p.add("--container", c, true);
                    }
                }
                3 => {
                    if let Some(t) = self.pick_type()? {
                        p.add("--type", t, false);
                    }
                }
                4 => p.add_switch("--problems"),
                5 => {
                    if let Some(s) = self.pick_source()? {
                        p.add("--source", s, true);
                    }
                }
                6 => {
                    let v = self.text("Regular expression (smart case)", |s| {
                        self.check(FilterSpec {
                            grep: vec![s.to_string()],
                            ..FilterSpec::default()
                        })
                    })?;
                    if let Some(v) = v {
                        p.add("--grep", v, true);
                    }
                }
                _ => {
                    let v = self.text("Condition, e.g. new_status=failed or gpu~^1", |s| {
                        self.check(FilterSpec {
                            conditions: vec![s.to_string()],
                            ..FilterSpec::default()
                        })
                    })?;
                    if let Some(v) = v {
                        p.add("--where", v, true);
                    }
                }
            }
        }
    }

    /// Picks one name from `names` (with counts) or a typed one.
    fn pick_name(
        &mut self,
        what: &str,
        names: Vec<(String, u64)>,
        scope: &str,
    ) -> Step<Option<String>> {
        let mut labels: Vec<String> = names
            .iter()
            .map(|(n, c)| format!("{}  ({})", escape(n), events(*c)))
            .collect();
        labels.push(format!("Type a {what} name..."));
        let prompt = if names.is_empty() {
            format!("Which {what}? (none found {scope})")
        } else {
            format!("Which {what}? ({} {scope})", names.len())
        };
        loop {
            let i = self.select(&prompt, &labels, 0)?;
            if let Some((n, _)) = names.get(i) {
                return Ok(Some(n.clone()));
            }
            if let Some(n) = self.text(&format!("The {what} name"), |_| Ok(()))? {
                return Ok(Some(n));
            }
            if names.is_empty() {
                return Ok(None);
            }
        }
    }

    fn pick_user(&mut self) -> Step<Option<String>> {
        let cat = self.catalog();
        let (names, scope) = (listed(&cat.users), cat.scope());
        self.pick_name("user", names, scope)
    }

    /// Containers can be thousands: "type a name" comes first, and typing
    /// in the list filters it (fuzzy). A typed name that matches no
    /// container seen says so and suggests close ones.
    fn pick_container(&mut self) -> Step<Option<String>> {
        let cat = self.catalog();
        let (names, scope) = (listed(&cat.containers), cat.scope().to_string());
        let mut labels = vec!["Type a container name...".to_string()];
        labels.extend(
            names
                .iter()
                .map(|(n, c)| format!("{}  ({})", escape(n), events(*c))),
        );
        let prompt = if names.is_empty() {
            format!("Which container? (none found {scope})")
        } else {
            format!("Which container? ({} {scope}; type to filter)", names.len())
        };
        loop {
            let i = FuzzySelect::with_theme(&*self.theme)
                .with_prompt(&prompt)
                .items(&labels)
                .default(0)
                .max_length(PAGE)
                .interact_on_opt(&self.term)?
                .ok_or(Stop::Quit)?;
            if let Some((n, _)) = i.checked_sub(1).and_then(|i| names.get(i)) {
                return Ok(Some(n.clone()));
            }
            let Some(typed) =
                self.text("The container name (or a container_id prefix)", |_| Ok(()))?
            else {
                if names.is_empty() {
                    return Ok(None);
                }
                continue;
            };
            if names.is_empty()
                || names
                    .iter()
                    .any(|(n, _)| n == &typed || n.starts_with(&typed))
            {
                return Ok(Some(typed));
            }
            let close = close_names(&typed, &names);
            let note = if close.is_empty() {
                format!("No container '{}' {scope}.", escape(&typed))
            } else {
                format!(
                    "No container '{}' {scope}; close names: {}.",
                    escape(&typed),
                    close
                        .iter()
                        .map(|c| escape(c).into_owned())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            self.term.write_line(&note)?;
            let mut choices: Vec<String> =
                close.iter().map(|c| format!("Use {}", escape(c))).collect();
            choices.push(format!("Use '{}' anyway", escape(&typed)));
            choices.push("Pick again".to_string());
            let k = self.select("What now?", &choices, 0)?;
            if let Some(c) = close.get(k) {
                return Ok(Some(c.clone()));
            }
            if k == close.len() {
                return Ok(Some(typed));
            }
        }
    }

    fn pick_source(&mut self) -> Step<Option<String>> {
        let cat = self.catalog();
        let (names, scope) = (listed(&cat.sources), cat.scope());
        self.pick_name("source", names, scope)
    }

    /// A category (every type under it) or one type, from those present.
    fn pick_type(&mut self) -> Step<Option<String>> {
        let cat = self.catalog();
        let scope = cat.scope();
        let mut by_cat: BTreeMap<&str, Vec<(&str, u64)>> = BTreeMap::new();
        for (t, n) in &cat.types {
            let c = t.split('.').next().unwrap_or(t);
            by_cat.entry(c).or_default().push((t, *n));
        }
        let mut values: Vec<String> = Vec::new();
        let mut labels: Vec<String> = Vec::new();
        for (c, types) in &by_cat {
            let total: u64 = types.iter().map(|(_, n)| n).sum();
            let alone = types.len() == 1 && types[0].0 == *c;
            if !alone {
                values.push(c.to_string());
                labels.push(format!(
                    "{}.*  (every {} type: {})",
                    escape(c),
                    escape(c),
                    events(total)
                ));
            }
            for (t, n) in types {
                values.push(t.to_string());
                labels.push(format!("{}  ({})", escape(t), events(*n)));
            }
        }
        labels.push("Type a type, category or pattern (gpu, *.reject)...".into());
        let prompt = format!("Which event type? ({} types {scope})", cat.types.len());
        loop {
            let i = self.select(&prompt, &labels, 0)?;
            if let Some(v) = values.get(i) {
                return Ok(Some(v.clone()));
            }
            let typed = self.text("Type, category or glob", |s| {
                self.check(FilterSpec {
                    event_type: vec![s.to_string()],
                    ..FilterSpec::default()
                })
            })?;
            if typed.is_some() || values.is_empty() {
                return Ok(typed);
            }
        }
    }

    /// A time range: `None` for all time (only offered when `any`).
    fn pick_time(&self, any: bool) -> Step<Option<(Option<String>, Option<String>)>> {
        let mut labels: Vec<String> = Vec::new();
        if any {
            labels.push("All time".into());
        }
        labels.extend(RECENT.iter().map(|(l, _)| l.to_string()));
        labels.push("From / to a time you type (2026-01-30 14:00, 3 days ago...)".into());
        loop {
            let mut i = self.select("Which time range?", &labels, 0)?;
            if any {
                if i == 0 {
                    return Ok(None);
                }
                i -= 1;
            }
            if let Some((_, (since, until))) = RECENT.get(i) {
                return Ok(Some((since.map(String::from), until.map(String::from))));
            }
            let check_time = |s: &str| {
                self.check(FilterSpec {
                    since: Some(s.to_string()),
                    ..FilterSpec::default()
                })
            };
            let since = self.text("From (--since)", check_time)?;
            let until = self.text("Until, excluded (--until; empty: up to now)", |s| {
                self.check(FilterSpec {
                    until: Some(s.to_string()),
                    ..FilterSpec::default()
                })
            })?;
            if since.is_some() || until.is_some() {
                return Ok(Some((since, until)));
            }
        }
    }

    fn pick_format(&self, mode: Mode) -> Step<Format> {
        let mut items = vec![
            "Table".to_string(),
            "JSON, one event per line (--json; for jq)".to_string(),
        ];
        if mode == Mode::Query {
            items.push("CSV (--output csv; for spreadsheets)".into());
        }
        if mode == Mode::Summary {
            items[1] = "JSON (--json)".into();
        }
        Ok(match self.select("Show it as?", &items, 0)? {
            0 => Format::Table,
            1 => Format::Json,
            _ => Format::Csv,
        })
    }

    fn pick_limit(&self, mode: Mode) -> Step<Limit> {
        let choices: Vec<(String, Limit)> = match mode {
            Mode::Summary => return Ok(Limit::Default),
            Mode::Follow => vec![
                (
                    "The newest 10 first, then new ones as they come".into(),
                    Limit::Default,
                ),
                ("The newest 50 first".into(), Limit::Newest(50)),
                ("The newest 200 first".into(), Limit::Newest(200)),
            ],
            Mode::Query => vec![
                (
                    format!("The newest {}", query::DEFAULT_LIMIT),
                    Limit::Default,
                ),
                ("The newest 20".into(), Limit::Newest(20)),
                ("The newest 200".into(), Limit::Newest(200)),
                ("All of them (--all)".into(), Limit::All),
            ],
        };
        let mut labels: Vec<String> = choices.iter().map(|(l, _)| l.clone()).collect();
        labels.push("Another number...".into());
        loop {
            let i = self.select("How many events?", &labels, 0)?;
            if let Some((_, l)) = choices.get(i) {
                return Ok(*l);
            }
            let n = self.text("How many (the newest N)", |s| {
                s.parse::<usize>()
                    .map(|_| ())
                    .map_err(|_| "a whole number, like 100".to_string())
            })?;
            if let Some(n) = n.and_then(|n| n.parse().ok()) {
                return Ok(Limit::Newest(n));
            }
        }
    }
}

/// "1 event", "12 events".
fn events(n: u64) -> String {
    format!(
        "{} event{}",
        crate::output::thousands(n),
        if n == 1 { "" } else { "s" }
    )
}

/// Up to five names close to `typed`: containing it (any case) or within a
/// few edits, nearest first.
fn close_names(typed: &str, names: &[(String, u64)]) -> Vec<String> {
    let lower = typed.to_lowercase();
    let limit = (typed.chars().count() / 3).clamp(1, 3);
    let mut scored: Vec<(usize, &str)> = names
        .iter()
        .filter_map(|(n, _)| {
            let d = edit_distance(&lower, &n.to_lowercase());
            let contains = n.to_lowercase().contains(&lower) || lower.contains(&n.to_lowercase());
            (d <= limit || contains).then_some((if contains { 0 } else { d }, n.as_str()))
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(5)
        .map(|(_, n)| n.to_string())
        .collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Names with counts, in name order.
fn listed(map: &BTreeMap<String, u64>) -> Vec<(String, u64)> {
    map.iter().map(|(k, n)| (k.clone(), *n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_container_names() {
        let names: Vec<(String, u64)> =
            ["alice-notebook", "alice-old-box", "bob-train", "carol-sim"]
                .iter()
                .map(|n| (n.to_string(), 1))
                .collect();
        assert_eq!(close_names("bob-trian", &names), ["bob-train"]);
        assert_eq!(
            close_names("ALICE", &names),
            ["alice-notebook", "alice-old-box"]
        );
        assert!(close_names("zzzzzz", &names).is_empty());
    }
}
