//! The arguments several commands share: where events are read, which
//! events, how they are shown.

use std::path::PathBuf;

use clap::{Args, ValueHint};

pub use crate::config::{ColorWhen, OutputFormat};

use super::TypeNames;

/// Where events are read and how they are shown: accepted before a command
/// and after the commands that honour them (each command's --help lists its
/// own).
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Events file (repeatable for queries, merged in time order; follow
    /// watches the first).
    /// Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl.
    #[arg(long, short = 'f', value_name = "PATH", value_hint = ValueHint::FilePath)]
    pub file: Vec<PathBuf>,

    /// A collector's per-host logs: every DIR/*/events.jsonl (with its
    /// rotated siblings), merged in time order. Default: $DS01_EVENTS_HOSTS_DIR.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub hosts_dir: Option<PathBuf>,

    /// When to colour the table.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Show and read times in UTC instead of the local zone.
    #[arg(long)]
    pub utc: bool,

    /// One JSON object per line (v1 schema; old lines converted).
    #[arg(long)]
    pub json: bool,
}

impl GlobalArgs {
    /// Options given before a command combined with those given after it.
    pub fn merge(mut self, other: GlobalArgs) -> GlobalArgs {
        self.file.extend(other.file);
        self.hosts_dir = other.hosts_dir.or(self.hosts_dir);
        if other.color != ColorWhen::Auto {
            self.color = other.color;
        }
        self.utc |= other.utc;
        self.json |= other.json;
        self
    }
}

/// The events file alone, for the commands that show no events.
#[derive(Debug, Args, Clone, Default)]
pub struct FileArg {
    /// Events file. Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl.
    #[arg(long, short = 'f', value_name = "PATH", value_hint = ValueHint::FilePath)]
    pub file: Vec<PathBuf>,

    /// A collector's per-host logs (DIR/HOST/events.jsonl; setup --collector:
    /// where they go, default /var/log/ds01/hosts). Default: $DS01_EVENTS_HOSTS_DIR.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub hosts_dir: Option<PathBuf>,
}

impl FileArg {
    pub fn global(&self) -> GlobalArgs {
        GlobalArgs {
            file: self.file.clone(),
            hosts_dir: self.hosts_dir.clone(),
            ..GlobalArgs::default()
        }
    }
}

/// Which events. All filters combine with AND; a repeated filter ORs its values.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Events of this user (exact).
    #[arg(long, short = 'u', value_name = "NAME", value_hint = ValueHint::Other, help_heading = "Filters")]
    pub user: Vec<String>,

    /// Events written by this source (script).
    #[arg(long, value_name = "NAME", value_hint = ValueHint::Other, help_heading = "Filters")]
    pub source: Vec<String>,

    /// Events of this sending host (with --hosts-dir; a glob: gpu-*).
    #[arg(long, value_name = "NAME", value_hint = ValueHint::Hostname, help_heading = "Filters")]
    pub host: Vec<String>,

    /// Events about this container (container, name, or a container_id prefix).
    #[arg(long, short = 'c', value_name = "NAME", value_hint = ValueHint::Other, help_heading = "Filters")]
    pub container: Vec<String>,

    /// Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject).
    #[arg(
        long = "type",
        short = 't',
        value_name = "TYPE",
        value_parser = TypeNames,
        hide_possible_values = true,
        help_heading = "Filters"
    )]
    pub event_type: Vec<String>,

    /// Only failures and enforcement (reject, denied, fail, error, oom, kill...).
    #[arg(long, short = 'p', help_heading = "Filters")]
    pub problems: bool,

    /// Field condition: KEY=VALUE, KEY!=VALUE or KEY~REGEX (details or top level).
    #[arg(
        long = "where",
        short = 'w',
        value_name = "COND",
        value_hint = ValueHint::Other,
        help_heading = "Filters"
    )]
    pub conditions: Vec<String>,

    /// Regular expression searched anywhere in the line (smart case).
    #[arg(long, short = 'g', value_name = "REGEX", value_hint = ValueHint::Other, help_heading = "Filters")]
    pub grep: Vec<String>,

    /// Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...).
    #[arg(
        long,
        short = 'S',
        value_name = "TIME",
        value_hint = ValueHint::Other,
        allow_hyphen_values = true,
        help_heading = "Filters"
    )]
    pub since: Option<String>,

    /// Events before TIME.
    #[arg(
        long,
        short = 'U',
        value_name = "TIME",
        value_hint = ValueHint::Other,
        allow_hyphen_values = true,
        help_heading = "Filters"
    )]
    pub until: Option<String>,
}

impl FilterArgs {
    /// Combines filters given before a command with those given after it.
    pub fn merge(mut self, other: FilterArgs) -> FilterArgs {
        self.user.extend(other.user);
        self.source.extend(other.source);
        self.host.extend(other.host);
        self.container.extend(other.container);
        self.event_type.extend(other.event_type);
        self.problems |= other.problems;
        self.conditions.extend(other.conditions);
        self.grep.extend(other.grep);
        self.since = other.since.or(self.since);
        self.until = other.until.or(self.until);
        self
    }
}

/// How many events and in what form.
#[derive(Debug, Args, Clone, Default)]
pub struct ViewArgs {
    /// Show the newest N matching events (default 50; 10 for follow).
    #[arg(long, short = 'n', value_name = "N", value_hint = ValueHint::Other, help_heading = "Output")]
    pub limit: Option<usize>,

    /// Show every matching event.
    #[arg(long, short = 'a', help_heading = "Output")]
    pub all: bool,

    /// Newest first.
    #[arg(long, short = 'r', help_heading = "Output")]
    pub reverse: bool,

    /// The original lines, untouched.
    #[arg(long, help_heading = "Output")]
    pub raw: bool,

    /// Output format.
    #[arg(
        long,
        short = 'o',
        value_enum,
        value_name = "FORMAT",
        help_heading = "Output"
    )]
    pub output: Option<OutputFormat>,

    /// Also read rotated files (events.jsonl-YYYYMMDD[.gz]) without a time bound.
    #[arg(long, help_heading = "Output")]
    pub archives: bool,

    /// Read the current file alone, not its rotated siblings.
    #[arg(long, help_heading = "Output", conflicts_with = "archives")]
    pub current: bool,

    /// List the lines that are not events (path:line, reason, text) instead
    /// of events; --since/--until apply by position.
    #[arg(long, help_heading = "Output", conflicts_with_all = ["raw", "output"])]
    pub malformed: bool,

    /// Print straight to the terminal, not through $DS01_EVENTS_PAGER,
    /// $PAGER or less.
    #[arg(long, help_heading = "Output")]
    pub no_pager: bool,
}

impl ViewArgs {
    pub fn merge(self, other: ViewArgs) -> ViewArgs {
        ViewArgs {
            limit: other.limit.or(self.limit),
            all: self.all || other.all,
            reverse: self.reverse || other.reverse,
            raw: self.raw || other.raw,
            output: other.output.or(self.output),
            archives: self.archives || other.archives,
            current: self.current || other.current,
            malformed: self.malformed || other.malformed,
            no_pager: self.no_pager || other.no_pager,
        }
    }
}
