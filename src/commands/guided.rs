//! `guided` (also `--guided`): an interactive walkthrough for admins who do
//! not know the flags yet. It asks what to look at (a user, a container, GPU
//! events, recent events, problems, the live stream, the summary), lets any
//! other filters be added (users, containers, types and sources offered from
//! those present in the log), then a time range, an output form and a limit.
//! Before running, it prints the equivalent command line, shell-quoted, and
//! then runs exactly that argv through [`crate::commands::run`], so what was
//! printed is what ran.
//!
//! Leaving: Esc (or `q`) in any menu, or Ctrl-C anywhere before the query
//! starts, leaves with exit 0 and the cursor shown ("leaves cleanly": nothing
//! failed, the admin changed their mind). Text fields ignore Esc (dialoguer
//! reads them as text); an empty answer goes back to the menu that asked.
//! Once the query runs, Ctrl-C behaves as for the same command typed by hand.
//!
//! Prompts are drawn on stdout, which must be a terminal, as must stdin:
//! otherwise one line on stderr points to the flags, exit 64.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, IsTerminal};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use dialoguer::console::Term;
use dialoguer::theme::{ColorfulTheme, Theme};
use dialoguer::{FuzzySelect, Input, Select};

use super::query::{self, QueryOptions};
use crate::aggregate::{self, Aggregate, NONE_LABEL, SYSTEM_USER};
use crate::cli::GlobalArgs;
use crate::config::{ColorWhen, FilterSpec, OutputFormat, ViewSpec};
use crate::engine::{self, Flow};
use crate::event::parse_line;
use crate::exit::{self, Failure};
use crate::filter::Filter;
use crate::output::escape::{escape, is_unsafe};

/// The message when there is no terminal to ask on.
pub const NO_TERMINAL: &str = "guided needs a terminal; use flags instead: ds01-events --help";

/// Files up to this size are counted whole for the pickers; larger ones
/// only by their newest [`NEWEST_LINES`] lines.
const WHOLE_FILE_MAX: u64 = 64 << 20;
/// Lines read from the end of a large file for the pickers.
const NEWEST_LINES: usize = 50_000;
/// The longest the pickers' backward read of a large file may take.
const CATALOG_BUDGET: Duration = Duration::from_secs(2);
/// Menu rows shown at once; longer lists page (left/right arrows).
const PAGE: usize = 15;

pub fn run(g: &GlobalArgs) -> Result<i32, Failure> {
    if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
        return Err(Failure::usage(NO_TERMINAL));
    }
    let term = Term::stdout();
    let color = crate::output::Style::new(OutputFormat::Table, g.color, g.utc).color;
    let theme: Box<dyn Theme> = if color {
        dialoguer::console::set_colors_enabled(true);
        dialoguer::console::set_colors_enabled_stderr(true);
        Box::new(ColorfulTheme::default())
    } else {
        dialoguer::console::set_colors_enabled(false);
        dialoguer::console::set_colors_enabled_stderr(false);
        Box::new(PlainTheme)
    };
    let guard = SigintGuard::install();
    let mut ui = Ui {
        term: term.clone(),
        theme,
        g,
        catalog: None,
    };
    let walked = ui.walk();
    drop(guard);
    let plan = match walked {
        Ok(plan) => plan,
        Err(Stop::Quit) => {
            let _ = term.show_cursor();
            return Ok(exit::OK);
        }
        Err(Stop::Io(e)) => {
            let _ = term.show_cursor();
            // Ctrl-C with the handler not yet installed, or the terminal gone.
            if e.kind() == io::ErrorKind::Interrupted {
                let _ = term.write_line("");
                return Ok(INTERRUPTED);
            }
            if e.kind() == io::ErrorKind::UnexpectedEof {
                let _ = term.write_line("");
                return Ok(exit::OK);
            }
            return Err(Failure::new(
                exit::CANT_CREATE,
                format!("guided: terminal error: {e}"),
            ));
        }
    };
    let line = plan.command_line(g);
    let _ = term.write_line(&format!(
        "\nThe same query as a command (add or change flags to refine it):\n  {}\n",
        line.shown.join(" ")
    ));
    Ok(crate::commands::run(line.argv))
}

/// dialoguer's plain theme without the colon it puts after every prompt
/// (the prompts here are questions): `> ` marks the current item.
struct PlainTheme;

impl Theme for PlainTheme {
    fn format_prompt(&self, f: &mut dyn std::fmt::Write, prompt: &str) -> std::fmt::Result {
        f.write_str(prompt)
    }

    fn format_select_prompt_selection(
        &self,
        f: &mut dyn std::fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> std::fmt::Result {
        write!(f, "{prompt} {sel}")
    }
}

// ------------------------------------------------------------- the plan

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Mode {
    #[default]
    Query,
    Follow,
    Summary,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Limit {
    #[default]
    Default,
    Newest(usize),
    All,
}

/// One filter flag, with its value if it takes one.
#[derive(Clone, Debug)]
struct Opt {
    flag: &'static str,
    value: Option<String>,
    /// Quote the value even when it needs no quoting (names, phrases, log
    /// content: the admin sees where the value starts and ends).
    always_quote: bool,
}

/// What the walkthrough decided.
#[derive(Clone, Debug, Default)]
struct Plan {
    mode: Mode,
    /// Filters in the order they were chosen.
    filters: Vec<Opt>,
    since: Option<String>,
    until: Option<String>,
    time_chosen: bool,
    format: Format,
    limit: Limit,
}

/// The argv that runs, and the same words shell-quoted for display.
#[derive(Debug, Default)]
struct CommandLine {
    argv: Vec<OsString>,
    shown: Vec<String>,
}

impl CommandLine {
    fn word(&mut self, w: &str) {
        self.argv.push(w.into());
        self.shown.push(w.to_string());
    }

    fn opt(&mut self, flag: &str, value: &OsStr, always_quote: bool) {
        if value.as_bytes().first() == Some(&b'-') {
            // `--user -x` would read -x as a flag: one word, `--user=-x`.
            let mut arg = OsString::from(format!("{flag}="));
            arg.push(value);
            self.argv.push(arg);
            self.shown
                .push(format!("{flag}={}", shell_quote_os(value, true)));
        } else {
            self.argv.push(flag.into());
            self.argv.push(value.to_os_string());
            self.shown.push(flag.to_string());
            self.shown.push(shell_quote_os(value, always_quote));
        }
    }
}

impl Plan {
    fn add(&mut self, flag: &'static str, value: impl Into<String>, always_quote: bool) {
        let value = value.into();
        let dup = self
            .filters
            .iter()
            .any(|o| o.flag == flag && o.value.as_deref() == Some(value.as_str()));
        if !dup {
            self.filters.push(Opt {
                flag,
                value: Some(value),
                always_quote,
            });
        }
    }

    fn has_flag(&self, flag: &str) -> bool {
        self.filters.iter().any(|o| o.flag == flag)
    }

    fn add_switch(&mut self, flag: &'static str) {
        if !self.has_flag(flag) {
            self.filters.push(Opt {
                flag,
                value: None,
                always_quote: false,
            });
        }
    }

    /// The filters so far, as flags (for the prompts).
    fn filters_text(&self) -> String {
        let mut l = CommandLine::default();
        self.push_filters(&mut l);
        l.shown.join(" ")
    }

    fn push_filters(&self, l: &mut CommandLine) {
        for o in &self.filters {
            match &o.value {
                Some(v) => l.opt(o.flag, OsStr::new(v), o.always_quote),
                None => l.word(o.flag),
            }
        }
        if let Some(s) = &self.since {
            l.opt("--since", OsStr::new(s), true);
        }
        if let Some(u) = &self.until {
            l.opt("--until", OsStr::new(u), true);
        }
    }

    /// The command that does what was chosen: the subcommand, the filters,
    /// the output, then the global options given to `guided` itself.
    fn command_line(&self, g: &GlobalArgs) -> CommandLine {
        let mut l = CommandLine::default();
        l.word("ds01-events");
        match self.mode {
            Mode::Query => {}
            Mode::Follow => l.word("follow"),
            Mode::Summary => l.word("summary"),
        }
        self.push_filters(&mut l);
        match self.format {
            _ if g.json => l.word("--json"),
            Format::Table => {}
            Format::Json => l.word("--json"),
            Format::Csv => l.opt("--output", OsStr::new("csv"), false),
        }
        match self.limit {
            Limit::Default => {}
            Limit::Newest(n) => l.opt("--limit", OsStr::new(&n.to_string()), false),
            Limit::All => l.word("--all"),
        }
        if g.utc {
            l.word("--utc");
        }
        match g.color {
            ColorWhen::Auto => {}
            ColorWhen::Always => l.opt("--color", OsStr::new("always"), false),
            ColorWhen::Never => l.opt("--color", OsStr::new("never"), false),
        }
        for f in &g.file {
            l.opt("--file", f.as_os_str(), true);
        }
        if let Some(d) = &g.hosts_dir {
            l.opt("--hosts-dir", d.as_os_str(), true);
        }
        l
    }
}

// ------------------------------------------------------------- quoting

/// Characters a POSIX shell reads literally outside quotes.
fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_./:@%+,=-".contains(c)
}

/// One shell word that reads back as `s` in sh, bash and zsh: bare when
/// nothing needs quoting (and `always` is false), else in single quotes;
/// with control or invisible characters, bash's `$'...'` with escapes, so
/// nothing from the log reaches the terminal raw.
fn shell_quote(s: &str, always: bool) -> String {
    if s.chars().any(is_unsafe) {
        let mut out = String::from("$'");
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if c.is_ascii() && is_unsafe(c) => out.push_str(&format!("\\x{:02x}", c as u32)),
                c if is_unsafe(c) && (c as u32) <= 0xffff => {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                }
                c if is_unsafe(c) => out.push_str(&format!("\\U{:08x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('\'');
        return out;
    }
    if !always && !s.is_empty() && s.chars().all(is_plain) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// [`shell_quote`] for paths, which need not be UTF-8.
fn shell_quote_os(s: &OsStr, always: bool) -> String {
    if let Some(t) = s.to_str() {
        return shell_quote(t, always);
    }
    let mut out = String::from("$'");
    for &b in s.as_bytes() {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("\\'"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('\'');
    out
}

// ------------------------------------------------------------- Ctrl-C

/// The exit status after Ctrl-C: 128 + SIGINT.
const INTERRUPTED: i32 = 130;

/// While the questions are asked, Ctrl-C shows the cursor again and leaves
/// with exit 130 (128 + SIGINT, as shells expect). dialoguer reads keys in raw mode and, on Ctrl-C, restores
/// the terminal and raises SIGINT; outside a prompt the terminal is in its
/// normal mode. Either way only the cursor needs restoring.
struct SigintGuard {
    old: Option<nix::sys::signal::SigAction>,
}

extern "C" fn leave_on_sigint(_: nix::libc::c_int) {
    const SHOW_CURSOR: &[u8] = b"\x1b[?25h\r\n";
    // SAFETY: write(2) and _exit(2) are async-signal-safe; the buffer is static.
    unsafe {
        nix::libc::write(1, SHOW_CURSOR.as_ptr().cast(), SHOW_CURSOR.len());
        nix::libc::_exit(INTERRUPTED);
    }
}

impl SigintGuard {
    fn install() -> SigintGuard {
        use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
        let action = SigAction::new(
            SigHandler::Handler(leave_on_sigint),
            SaFlags::empty(),
            SigSet::empty(),
        );
        // SAFETY: the handler only calls async-signal-safe functions.
        let old = unsafe { sigaction(Signal::SIGINT, &action) }.ok();
        SigintGuard { old }
    }
}

impl Drop for SigintGuard {
    fn drop(&mut self) {
        if let Some(old) = &self.old {
            // SAFETY: puts back the disposition that was there before.
            let _ = unsafe { nix::sys::signal::sigaction(nix::sys::signal::Signal::SIGINT, old) };
        }
    }
}

// ------------------------------------------------------------- what the log holds

/// Users, types, containers and sources present in the log, with counts.
#[derive(Debug, Default)]
struct Catalog {
    users: BTreeMap<String, u64>,
    types: BTreeMap<String, u64>,
    containers: BTreeMap<String, u64>,
    sources: BTreeMap<String, u64>,
    /// Only the newest lines of a large file were read.
    partial: bool,
}

impl Catalog {
    fn absorb(&mut self, a: Aggregate) {
        add_counts(&mut self.users, a.by_user, SYSTEM_USER);
        add_counts(&mut self.types, a.by_type, "");
        add_counts(&mut self.sources, a.by_source, NONE_LABEL);
        if let Some(c) = a.by_field.into_iter().next() {
            add_counts(&mut self.containers, c, NONE_LABEL);
        }
    }

    /// Where the pickers' names come from, for the prompts.
    fn scope(&self) -> &'static str {
        if self.partial {
            "in the newest 50,000 events"
        } else {
            "in the log"
        }
    }
}

fn add_counts(
    into: &mut BTreeMap<String, u64>,
    from: std::collections::HashMap<String, u64>,
    skip: &str,
) {
    for (k, n) in from {
        if k != skip && !k.is_empty() {
            *into.entry(k).or_default() += n;
        }
    }
}

/// Counts the current files (not archives): whole when small, else their
/// newest lines, read backwards within a time budget.
fn read_catalog(g: &GlobalArgs) -> Catalog {
    let mut cat = Catalog::default();
    let opts = QueryOptions {
        files: g.file.clone(),
        hosts_dir: engine::hosts_dir(g.hosts_dir.as_deref(), &g.file),
        filters: FilterSpec::default(),
        view: ViewSpec {
            all: true,
            ..ViewSpec::default()
        },
        json: false,
        color: g.color,
        utc: g.utc,
        grep_insensitive: false,
        default_limit: query::DEFAULT_LIMIT,
    };
    let Ok(req) = query::build_request(&opts) else {
        return cat;
    };
    for stream in &req.streams {
        let Ok(meta) = std::fs::metadata(&stream.current) else {
            continue;
        };
        if meta.len() <= WHOLE_FILE_MAX {
            let mut one = req.clone();
            one.streams = vec![engine::Stream {
                current: stream.current.clone(),
                inputs: vec![engine::Input::plain(stream.current.clone())],
                host: stream.host.clone(),
            }];
            if let Ok(a) = aggregate::aggregate(&one, &["container".to_string()]) {
                cat.absorb(a);
            }
        } else {
            cat.partial = true;
            let _ = newest_lines(&stream.current, meta.len(), &mut cat);
        }
    }
    cat
}

fn newest_lines(path: &PathBuf, len: u64, cat: &mut Catalog) -> io::Result<()> {
    let file = File::open(path)?;
    let started = Instant::now();
    let mut seen = 0usize;
    let mut a = Aggregate::with_fields(0);
    let mut containers = std::collections::HashMap::new();
    engine::scan_backward(&file, len, |line, _, too_long| {
        seen += 1;
        if !too_long {
            if let Ok(e) = parse_line(line) {
                a.add(&e, &[]);
                if let Some(c) = e.container() {
                    *containers.entry(c.to_string()).or_insert(0u64) += 1;
                }
            }
        }
        if seen >= NEWEST_LINES || (seen % 1024 == 0 && started.elapsed() > CATALOG_BUDGET) {
            Flow::Stop
        } else {
            Flow::More
        }
    })?;
    a.by_field = vec![containers];
    cat.absorb(a);
    Ok(())
}

// ------------------------------------------------------------- the questions

/// Why the walkthrough stopped early.
enum Stop {
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

type Step<T> = Result<T, Stop>;

struct Ui<'a> {
    term: Term,
    theme: Box<dyn Theme>,
    g: &'a GlobalArgs,
    catalog: Option<Catalog>,
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
            let cat = read_catalog(self.g);
            let _ = self.term.clear_last_lines(1);
            self.catalog = Some(cat);
        }
        self.catalog.get_or_insert_with(Catalog::default)
    }

    fn walk(&mut self) -> Step<Plan> {
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

/// Names with counts, in name order.
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

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("alice", true), "'alice'");
        assert_eq!(shell_quote("gpu", false), "gpu");
        assert_eq!(shell_quote("*.reject", false), "'*.reject'");
        assert_eq!(shell_quote("it's", true), "'it'\\''s'");
        assert_eq!(shell_quote("1 hour ago", false), "'1 hour ago'");
        assert_eq!(shell_quote("a\x1b[31mb", true), "$'a\\x1b[31mb'");
        assert_eq!(shell_quote("a'\u{202e}", true), "$'a\\'\\u202e'");
        assert_eq!(shell_quote("", false), "''");
        assert_eq!(
            shell_quote_os(OsStr::from_bytes(b"/tmp/\xff x"), true),
            "$'/tmp/\\xff x'"
        );
    }

    #[test]
    fn command_line_matches_argv() {
        let mut p = Plan::default();
        p.add("--user", "alice", true);
        p.add("--user", "-odd", true);
        p.add("--type", "gpu", false);
        p.add_switch("--problems");
        p.since = Some("1 hour ago".into());
        p.limit = Limit::Newest(20);
        let g = GlobalArgs {
            file: vec![PathBuf::from("/tmp/e v.jsonl")],
            utc: true,
            ..GlobalArgs::default()
        };
        let l = p.command_line(&g);
        assert_eq!(
            l.shown.join(" "),
            "ds01-events --user 'alice' --user='-odd' --type gpu --problems \
             --since '1 hour ago' --limit 20 --utc --file '/tmp/e v.jsonl'"
        );
        let argv: Vec<&str> = l.argv.iter().map(|a| a.to_str().unwrap()).collect();
        assert_eq!(
            argv,
            [
                "ds01-events",
                "--user",
                "alice",
                "--user=-odd",
                "--type",
                "gpu",
                "--problems",
                "--since",
                "1 hour ago",
                "--limit",
                "20",
                "--utc",
                "--file",
                "/tmp/e v.jsonl"
            ]
        );
        p.mode = Mode::Summary;
        p.limit = Limit::Default;
        p.format = Format::Json;
        let l = p.command_line(&GlobalArgs::default());
        assert!(l.shown.join(" ").starts_with("ds01-events summary --user"));
        assert!(l.shown.join(" ").ends_with("--since '1 hour ago' --json"));
        // Globals given to guided carry over; --json only once.
        let g = GlobalArgs {
            json: true,
            color: ColorWhen::Never,
            ..GlobalArgs::default()
        };
        let shown = p.command_line(&g).shown.join(" ");
        assert!(shown.ends_with("--since '1 hour ago' --json --color never"));
    }
}
