//! The filter set: built from data (never pasted into a program), applied to
//! a raw line (grep, byte prefilter) and to a parsed event.

use jiff::Timestamp;
use memchr::memmem;
use regex::bytes::Regex as BytesRegex;
use regex::Regex;

use crate::config::FilterSpec;
use crate::event::Event;
use crate::exit::Failure;
use crate::output::escape::escape;

#[derive(Debug, Clone)]
enum TypePattern {
    /// `gpu` matches `gpu` and `gpu.*`, not `gpus.x`.
    Prefix(String),
    /// The glob as typed, and the regex it became.
    Glob(String, Regex),
}

#[derive(Debug, Clone)]
enum Condition {
    Eq(String, String),
    Ne(String, String),
    Match(String, Regex),
}

/// Every filter of one query.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    users: Vec<String>,
    sources: Vec<String>,
    containers: Vec<String>,
    types: Vec<TypePattern>,
    problems: bool,
    /// `KEY=VALUE` and `KEY~REGEX` conditions grouped by key: within a key
    /// any may match, every key must.
    any_of: Vec<(String, Vec<Condition>)>,
    /// `KEY!=VALUE` conditions: all must hold.
    all_of: Vec<Condition>,
    greps: Vec<BytesRegex>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// `--host` globs: a collector's host directories to read (any may match).
    hosts: Vec<Regex>,
    /// Groups of literal needles: a line must contain one of each group.
    prefilter: Vec<Vec<memmem::Finder<'static>>>,
}

/// A line whose type is no problem can still be one through a status value
/// (see [`crate::event::registry::is_problem_event`]): it then holds one of these
/// words (Unicode case folding finds more than the ASCII rule, never less)
/// or a `\u` escape that could spell one.
static STATUS_NEEDLE: std::sync::LazyLock<BytesRegex> = std::sync::LazyLock::new(|| {
    let words = crate::event::registry::PROBLEM_STATUS_VALUES.join("|");
    BytesRegex::new(&format!(r"(?i){words}|\\u")).expect("a fixed pattern")
});

/// Whether `s` appears verbatim in any JSON writer's output.
fn literal_in_json(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-@:+ ,;#%&()<>=!?*'[]{}|^~`$".contains(&b))
}

fn glob_to_regex(glob: &str) -> Result<Regex, regex::Error> {
    let mut re = String::from("^");
    let mut chars = glob.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            '[' => {
                let mut class = String::from("[");
                if chars.peek() == Some(&'!') {
                    chars.next();
                    class.push('^');
                }
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    if c == '\\' || c == '[' || c == '^' {
                        class.push('\\');
                    }
                    class.push(c);
                }
                class.push(']');
                re.push_str(&class);
            }
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    Regex::new(&re)
}

/// Smart case, as ripgrep: case-insensitive unless the pattern has an
/// upper-case letter.
fn smart_case_regex(pattern: &str, force_insensitive: bool) -> Result<BytesRegex, regex::Error> {
    let insensitive = force_insensitive || !pattern.chars().any(char::is_uppercase);
    regex::bytes::RegexBuilder::new(pattern)
        .case_insensitive(insensitive)
        .size_limit(1 << 22)
        .build()
}

fn bad_regex(flag: &str, pattern: &str, e: &regex::Error) -> Failure {
    let first = e.to_string();
    let first = first.lines().last().unwrap_or("invalid").trim().to_string();
    Failure::usage(format!(
        "{flag}: '{}' is not a valid regular expression ({first}); escape special characters with \\",
        escape(pattern)
    ))
}

/// The longest run of characters a glob requires literally.
fn glob_literal(glob: &str) -> String {
    let mut runs = vec![String::new()];
    let mut in_class = false;
    for c in glob.chars() {
        match c {
            '[' if !in_class => {
                in_class = true;
                runs.push(String::new());
            }
            ']' if in_class => in_class = false,
            '*' | '?' if !in_class => runs.push(String::new()),
            c if !in_class => runs.last_mut().expect("never empty").push(c),
            _ => {}
        }
    }
    runs.into_iter().max_by_key(|s| s.len()).unwrap_or_default()
}

impl Filter {
    /// Builds the filter set; `now` reads the time phrases (with its zone).
    pub fn from_args(args: &FilterSpec, now: &jiff::Zoned) -> Result<Filter, Failure> {
        Self::build(args, now, false)
    }

    /// As [`Filter::from_args`], with `--grep` case-insensitive (legacy `search`).
    pub fn build(
        args: &FilterSpec,
        now: &jiff::Zoned,
        grep_insensitive: bool,
    ) -> Result<Filter, Failure> {
        let mut f = Filter {
            users: args.user.clone(),
            sources: args.source.clone(),
            containers: args.container.clone(),
            problems: args.problems,
            ..Default::default()
        };
        for t in &args.event_type {
            if t.is_empty() {
                return Err(Failure::usage(
                    "--type needs a value such as gpu, container.create or '*.reject'",
                ));
            }
            if t.contains(['*', '?', '[']) {
                let re = glob_to_regex(t).map_err(|e| bad_regex("--type", t, &e))?;
                f.types.push(TypePattern::Glob(t.clone(), re));
            } else {
                f.types
                    .push(TypePattern::Prefix(t.trim_end_matches('.').to_string()));
            }
        }
        for c in &args.conditions {
            match parse_condition(c)? {
                ne @ Condition::Ne(..) => f.all_of.push(ne),
                c => {
                    let key = c.key().to_string();
                    match f.any_of.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, list)) => list.push(c),
                        None => f.any_of.push((key, vec![c])),
                    }
                }
            }
        }
        for h in &args.host {
            if h.is_empty() {
                return Err(Failure::usage(
                    "--host needs a value such as gpu-a or 'gpu-*' (a host directory under --hosts-dir)",
                ));
            }
            f.hosts
                .push(glob_to_regex(h).map_err(|e| bad_regex("--host", h, &e))?);
        }
        for g in &args.grep {
            f.greps.push(
                smart_case_regex(g, grep_insensitive).map_err(|e| bad_regex("--grep", g, &e))?,
            );
        }
        let time = |flag: &str, phrase: &Option<String>| -> Result<Option<Timestamp>, Failure> {
            phrase
                .as_deref()
                .map(|p| {
                    crate::timespec::parse(p, now)
                        .map_err(|e| Failure::usage(format!("{flag}: {e}")))
                })
                .transpose()
        };
        f.since = time("--since", &args.since)?;
        f.until = time("--until", &args.until)?;
        f.prefilter = f.needles();
        Ok(f)
    }

    /// A filter of `--host` globs alone.
    pub fn host_only(globs: &[String]) -> Result<Filter, Failure> {
        let args = FilterSpec {
            host: globs.to_vec(),
            ..FilterSpec::default()
        };
        Filter::build(
            &args,
            &jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC),
            false,
        )
    }

    /// Whether `--host` was given.
    pub fn has_host_filter(&self) -> bool {
        !self.hosts.is_empty()
    }

    /// Whether the events of host `name` (a collector's host directory) are
    /// wanted: every host without `--host`, else those a glob matches.
    pub fn host_matches(&self, name: &str) -> bool {
        self.hosts.is_empty() || self.hosts.iter().any(|re| re.is_match(name))
    }

    /// Needle groups for the byte prefilter: only values that any JSON
    /// writer puts into the line verbatim.
    fn needles(&self) -> Vec<Vec<memmem::Finder<'static>>> {
        let mut groups = Vec::new();
        let mut group = |values: Vec<String>| {
            if !values.is_empty() && values.iter().all(|v| literal_in_json(v)) {
                groups.push(
                    values
                        .iter()
                        .map(|v| memmem::Finder::new(v.as_bytes()).into_owned())
                        .collect(),
                );
            }
        };
        group(self.users.clone());
        group(self.sources.clone());
        group(self.containers.clone());
        group(
            self.types
                .iter()
                .map(|t| match t {
                    TypePattern::Prefix(p) => p.clone(),
                    TypePattern::Glob(g, _) => glob_literal(g),
                })
                .collect(),
        );
        // Equality conditions on one key OR: their values form one group,
        // unless a regex shares the key or a value is a number (writers
        // spell numbers differently: 1e-05 and 0.00001).
        let mut key_needles = Vec::new();
        for (key, conds) in &self.any_of {
            // The key itself must be in the line (as `"key"`), whatever the
            // value's spelling; envelope names map to other keys, so not those.
            let last = key.rsplit('.').next().unwrap_or(key);
            let envelope = matches!(
                key.as_str(),
                "user" | "source" | "event_type" | "type" | "event" | "timestamp" | "ts" | "time"
            );
            // `a.b` is a key named so, or `b` inside `a`: either spelling.
            if !envelope && literal_in_json(key) {
                key_needles.push(vec![format!("\"{key}\""), format!("\"{last}\"")]);
            }
            let values: Option<Vec<String>> = conds
                .iter()
                .map(|c| match c {
                    Condition::Eq(_, v) if v.parse::<f64>().is_err() => Some(v.clone()),
                    _ => None,
                })
                .collect();
            if let Some(values) = values {
                group(values);
            }
        }
        for ks in key_needles {
            groups.push(
                ks.iter()
                    .map(|k| memmem::Finder::new(k.as_bytes()).into_owned())
                    .collect(),
            );
        }
        groups
    }

    /// Whether the filter set is empty (every event matches).
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
            && self.sources.is_empty()
            && self.containers.is_empty()
            && self.types.is_empty()
            && !self.problems
            && self.any_of.is_empty()
            && self.all_of.is_empty()
            && self.greps.is_empty()
            && self.since.is_none()
            && self.until.is_none()
    }

    /// The checks on the raw line: a false here means the event cannot match.
    /// Cheap enough to run before parsing.
    pub fn line_may_match(&self, line: &[u8]) -> bool {
        self.prefilter
            .iter()
            .all(|group| group.iter().any(|f| f.find(line).is_some()))
            && self.envelope_may_match(line)
            && self.grep_matches(line)
    }

    /// Type and time checked on the envelope peeked from the line's start,
    /// when the line has a writer's shape (see [`crate::event::peek_envelope`]).
    fn envelope_may_match(&self, line: &[u8]) -> bool {
        let needs_type = !self.types.is_empty() || self.problems;
        let needs_time = self.since.is_some() || self.until.is_some();
        if !needs_type && !needs_time {
            return true;
        }
        let Some((time, event_type)) = crate::event::peek_envelope(line) else {
            return true;
        };
        if self.problems
            && !crate::event::registry::is_problem(event_type)
            && !STATUS_NEEDLE.is_match(line)
        {
            return false;
        }
        self.envelope_matches(time, event_type)
    }

    /// Whether the filters on type and time accept this envelope
    /// (`--problems` is left to [`Filter::matches_event`]: details decide it
    /// too).
    pub fn envelope_matches(&self, time: &str, event_type: &str) -> bool {
        let needs_time = self.since.is_some() || self.until.is_some();
        if !self.types.is_empty() && !self.types.iter().any(|t| type_matches(t, event_type)) {
            return false;
        }
        if needs_time {
            let Some(t) = crate::event::parse_timestamp(time) else {
                return false;
            };
            if self.since.is_some_and(|s| t < s) || self.until.is_some_and(|u| t >= u) {
                return false;
            }
        }
        true
    }

    /// Whether every filter but `--grep` is on the type and time alone (so
    /// a line's envelope decides it).
    pub fn decided_by_envelope(&self) -> bool {
        !self.problems
            && self.users.is_empty()
            && self.sources.is_empty()
            && self.containers.is_empty()
            && self.any_of.is_empty()
            && self.all_of.is_empty()
    }

    /// The full check on a parsed event (the raw-line checks included).
    pub fn matches(&self, line: &[u8], e: &Event) -> bool {
        self.grep_matches(line) && self.matches_event(e)
    }

    /// Repeated `--grep` patterns OR.
    fn grep_matches(&self, line: &[u8]) -> bool {
        self.greps.is_empty() || self.greps.iter().any(|re| re.is_match(line))
    }

    /// The checks that need the parsed event.
    pub fn matches_event(&self, e: &Event) -> bool {
        if self.since.is_some() || self.until.is_some() {
            let Some(t) = e.time else { return false };
            if self.since.is_some_and(|s| t < s) || self.until.is_some_and(|u| t >= u) {
                return false;
            }
        }
        if !self.users.is_empty() && !self.users.iter().any(|u| e.user.as_deref() == Some(u)) {
            return false;
        }
        if !self.sources.is_empty() && !self.sources.iter().any(|s| e.source.as_deref() == Some(s))
        {
            return false;
        }
        if !self.containers.is_empty() && !self.containers.iter().any(|c| container_matches(e, c)) {
            return false;
        }
        if !self.types.is_empty() && !self.types.iter().any(|t| type_matches(t, &e.event_type)) {
            return false;
        }
        if self.problems && !crate::event::registry::is_problem_event(e) {
            return false;
        }
        self.any_of
            .iter()
            .all(|(_, conds)| conds.iter().any(|c| condition_matches(c, e)))
            && self.all_of.iter().all(|c| condition_matches(c, e))
    }
}

fn type_matches(t: &TypePattern, event_type: &str) -> bool {
    match t {
        TypePattern::Prefix(p) => {
            event_type == p
                || (event_type.len() > p.len()
                    && event_type.starts_with(p.as_str())
                    && event_type.as_bytes()[p.len()] == b'.')
        }
        TypePattern::Glob(_, re) => re.is_match(event_type),
    }
}

fn container_matches(e: &Event, wanted: &str) -> bool {
    let s = |k: &str| e.details.get(k).and_then(|v| v.as_str());
    crate::event::CONTAINER_NAME_KEYS
        .iter()
        .any(|k| s(k) == Some(wanted))
        || s(crate::event::CONTAINER_ID_KEY).is_some_and(|id| id.starts_with(wanted))
}

fn condition_matches(c: &Condition, e: &Event) -> bool {
    match c {
        Condition::Eq(k, v) => e.field(k).is_some_and(|f| f.text() == v.as_str()),
        Condition::Ne(k, v) => e.field(k).is_none_or(|f| f.text() != v.as_str()),
        Condition::Match(k, re) => e.field(k).is_some_and(|f| re.is_match(&f.text())),
    }
}

impl Condition {
    fn key(&self) -> &str {
        match self {
            Condition::Eq(k, _) | Condition::Ne(k, _) | Condition::Match(k, _) => k,
        }
    }
}

/// `KEY=VALUE`, `KEY!=VALUE`, `KEY~REGEX`: the first operator splits.
fn parse_condition(c: &str) -> Result<Condition, Failure> {
    let usage = || {
        Failure::usage(format!(
            "--where '{}': expected KEY=VALUE, KEY!=VALUE or KEY~REGEX (e.g. new_status=failed)",
            escape(c)
        ))
    };
    let pos = c.find(['=', '~', '!']).ok_or_else(usage)?;
    let key = c[..pos].trim();
    if key.is_empty() {
        return Err(usage());
    }
    let rest = &c[pos..];
    if let Some(v) = rest.strip_prefix("!=") {
        Ok(Condition::Ne(key.into(), v.into()))
    } else if let Some(v) = rest.strip_prefix("=") {
        Ok(Condition::Eq(key.into(), v.into()))
    } else if let Some(v) = rest.strip_prefix("~") {
        let re = Regex::new(v).map_err(|e| bad_regex("--where", c, &e))?;
        Ok(Condition::Match(key.into(), re))
    } else {
        Err(usage())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::parse_line;

    fn now() -> jiff::Zoned {
        "2026-01-30T15:00:00Z[UTC]".parse().unwrap()
    }

    fn filter(f: impl FnOnce(&mut FilterSpec)) -> Filter {
        let mut a = FilterSpec::default();
        f(&mut a);
        Filter::from_args(&a, &now()).unwrap()
    }

    const LINE: &[u8] = br#"{"timestamp":"2026-01-30T14:30:00.123456Z","event_type":"gpu.allocation.lock_timeout","schema_version":"1","user":"alice","source":"gpu-allocator","details":{"container":"proj._.1001","priority":50,"name":"x"}}"#;

    fn check(f: &Filter) -> bool {
        let e = parse_line(LINE).unwrap();
        let full = f.matches(LINE, &e);
        if full {
            assert!(f.line_may_match(LINE), "prefilter must not reject a match");
        }
        full
    }

    #[test]
    fn types() {
        assert!(check(&filter(|a| a.event_type = vec!["gpu".into()])));
        assert!(check(&filter(
            |a| a.event_type = vec!["gpu.allocation".into()]
        )));
        assert!(!check(&filter(|a| a.event_type = vec!["gp".into()])));
        assert!(check(&filter(
            |a| a.event_type = vec!["*.lock_timeout".into()]
        )));
        assert!(check(&filter(|a| a.event_type = vec!["gpu.alloc*".into()])));
        assert!(!check(&filter(|a| a.event_type = vec!["*.reject".into()])));
        assert!(check(&filter(|a| a.problems = true)));
    }

    #[test]
    fn combined_filters_and() {
        assert!(check(&filter(|a| {
            a.user = vec!["alice".into()];
            a.since = Some("1 hour ago".into());
        })));
        assert!(!check(&filter(|a| {
            a.user = vec!["alice".into()];
            a.since = Some("10 minutes ago".into());
        })));
        assert!(check(&filter(
            |a| a.user = vec!["bob".into(), "alice".into()]
        )));
    }

    #[test]
    fn where_compares_text() {
        assert!(check(
            &filter(|a| a.conditions = vec!["priority=50".into()])
        ));
        assert!(!check(&filter(
            |a| a.conditions = vec!["priority!=50".into()]
        )));
        assert!(check(&filter(|a| a.conditions = vec!["missing!=1".into()])));
        assert!(check(&filter(
            |a| a.conditions = vec!["container~^proj\\.".into()]
        )));
        assert!(check(&filter(|a| a.conditions = vec!["user=alice".into()])));
        let a = FilterSpec {
            conditions: vec!["novalue".into()],
            ..Default::default()
        };
        assert!(Filter::from_args(&a, &now()).is_err());
    }

    #[test]
    fn hostile_values_are_data() {
        for v in ["\"", "$", "\\", "a\"b", ")|.[", "' or 1"] {
            assert!(!check(&filter(|a| a.user = vec![v.into()])));
            assert!(!check(&filter(|a| a.container = vec![v.into()])));
        }
    }
}
