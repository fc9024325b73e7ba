//! Command-line definitions only (clap). The engine reads plain values from
//! here; man pages and completions are generated from [`Cli::command`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::shell_init::ShellInitKind;

/// Record and query the event log of the shared GPU server.
#[derive(Debug, Parser)]
#[command(
    name = "ds01-events",
    version,
    about = "Record and query the event log of the shared GPU server",
    disable_help_subcommand = true,
    override_help = crate::help::SHORT,
    args_override_self = true,
    after_help = "Run 'ds01-events --info' for the full reference."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub view: ViewArgs,

    /// Print the full reference: every flag, time form, exit code, variable.
    #[arg(long)]
    pub info: bool,

    /// Explain events, schemas, rotation, permissions and the guarantees.
    #[arg(long)]
    pub concepts: bool,

    /// Same as the `follow` command.
    #[arg(long)]
    pub follow: bool,

    /// Same as the `summary` command.
    #[arg(long)]
    pub summary: bool,

    /// Same as the `guided` command.
    #[arg(long)]
    pub guided: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options accepted before or after any command.
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Events file (repeatable for queries, merged in time order; follow
    /// watches the first).
    /// Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl.
    #[arg(long, short = 'f', value_name = "PATH", global = true)]
    pub file: Vec<PathBuf>,

    /// When to colour the table.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,

    /// Show and read times in UTC instead of the local zone.
    #[arg(long, global = true)]
    pub utc: bool,

    /// One JSON object per line (v1 schema; old lines converted).
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorWhen {
    #[default]
    Auto,
    Always,
    Never,
}

/// Which events. All filters combine with AND; a repeated filter ORs its values.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Events of this user (exact).
    #[arg(long, short = 'u', value_name = "NAME", help_heading = "Filters")]
    pub user: Vec<String>,

    /// Events written by this source (script).
    #[arg(long, value_name = "NAME", help_heading = "Filters")]
    pub source: Vec<String>,

    /// Events about this container (container, name, or a container_id prefix).
    #[arg(long, short = 'c', value_name = "NAME", help_heading = "Filters")]
    pub container: Vec<String>,

    /// Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject).
    #[arg(
        long = "type",
        short = 't',
        value_name = "TYPE",
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
        help_heading = "Filters"
    )]
    pub conditions: Vec<String>,

    /// Regular expression searched anywhere in the line (smart case).
    #[arg(long, short = 'g', value_name = "REGEX", help_heading = "Filters")]
    pub grep: Vec<String>,

    /// Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...).
    #[arg(long, short = 'S', value_name = "TIME", help_heading = "Filters")]
    pub since: Option<String>,

    /// Events before TIME.
    #[arg(long, short = 'U', value_name = "TIME", help_heading = "Filters")]
    pub until: Option<String>,
}

impl FilterArgs {
    /// Combines filters given before a command with those given after it.
    pub fn merge(mut self, other: FilterArgs) -> FilterArgs {
        self.user.extend(other.user);
        self.source.extend(other.source);
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
    #[arg(long, short = 'n', value_name = "N", help_heading = "Output")]
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
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
    Raw,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Append one event: log TYPE [key=value ...] [key:=JSON ...]
    Log(LogArgs),
    /// Query events (the default command).
    Query(QueryArgs),
    /// Show the newest events, then new ones as they are written.
    Follow(QueryArgs),
    /// Counts by type, user, source and time, with a bar chart.
    Summary(SummaryArgs),
    /// The month in numbers: containers, GPU-hours per user, access (--month YYYY-MM).
    Report(ReportArgs),
    /// Interactive walkthrough that builds a query and shows its command line.
    Guided,
    /// Create the log directory, file and logrotate config (root).
    Setup(SetupArgs),
    /// Check the file, permissions, rotation, disk and recent events.
    Doctor(DoctorArgs),
    /// Prometheus text format for node_exporter's textfile collector.
    Metrics(MetricsArgs),
    /// Seal the lines appended since the last checkpoint (root; --init first).
    Seal(SealArgs),
    /// Prove the sealed history untouched: every file against its checkpoints.
    Verify(VerifyArgs),
    /// Help on a topic: filters, time, output, schema, rotation, exit-codes...
    Help {
        /// The topic; without one, the list of topics.
        topic: Option<String>,
    },
    /// Write the man pages and shell completions (for packaging).
    #[command(hide = true)]
    Generate {
        /// Directory that receives man/ and completions/.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
    },
    /// Write a sample log ending now (default ./ds01-demo) and print the
    /// `export DS01_EVENTS_FILE=...` line that points queries at it.
    Demo {
        /// Directory for events.jsonl and its rotated siblings.
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print a function (bash) or module (python) that scripts use to log.
    ShellInit {
        #[arg(value_enum)]
        shell: ShellInitKind,
    },
    /// The known event types; --used: the types in the log, with counts.
    Types(TypesArgs),
    /// Legacy: events of one user (same as --user NAME).
    #[command(hide = true)]
    User {
        name: String,
        #[command(flatten)]
        query: QueryArgs,
    },
    /// Legacy: events of one container (same as --container NAME).
    #[command(hide = true)]
    Container {
        name: Option<String>,
        #[command(flatten)]
        query: QueryArgs,
    },
    /// Legacy: failed, rejected and enforcement events (same as --problems).
    #[command(hide = true)]
    Errors {
        #[command(flatten)]
        query: QueryArgs,
    },
    /// Legacy: the newest N events (default 20).
    #[command(hide = true)]
    Tail {
        count: Option<usize>,
        #[command(flatten)]
        query: QueryArgs,
    },
    /// Legacy: lines matching REGEX, case-insensitive (first 100).
    #[command(hide = true)]
    Search {
        regex: String,
        #[command(flatten)]
        query: QueryArgs,
    },
    /// A category name (`gpu`, `maintenance`...) queries that category; an
    /// event type (`container.create --user x`) logs it, as old scripts do.
    #[command(external_subcommand)]
    External(Vec<String>),
}

#[derive(Debug, Args, Clone, Default)]
pub struct QueryArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub view: ViewArgs,
}

#[derive(Debug, Args)]
pub struct TypesArgs {
    /// List the types present in the log with counts, flagging unknown ones.
    #[arg(long)]
    pub used: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Debug, Args, Clone)]
#[command(
    after_help = "Values are typed as JSON only when they read back exactly (50, true, [1,2], 1.2);\n\
                  007, 1.10, 1e5, NaN stay strings. key:=JSON stores raw JSON.\n\
                  Exit: 0 written (or sent to syslog), 64 usage error, 75 --strict and not written."
)]
pub struct LogArgs {
    /// The user the event is about (same as user=NAME).
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,

    /// The script that logs (default: the calling script's file name).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// Exit 75 when the event cannot be appended to the file.
    #[arg(long, env = "DS01_EVENTS_STRICT", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = false, hide_env_values = true)]
    pub strict: bool,

    /// Print the line instead of writing it.
    #[arg(long)]
    pub dry_run: bool,

    /// The event type, dot-separated (container.create, gpu.allocate...).
    #[arg(value_name = "TYPE")]
    pub event_type: String,

    /// key=value (typed), key:=JSON (raw), --key value (legacy, into details).
    #[arg(
        value_name = "FIELD",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub fields: Vec<String>,

    /// Set by the entry point when an argument was not valid UTF-8 and was
    /// taken lossily (U+FFFD for each bad byte); the event says so.
    #[arg(skip)]
    pub invalid_utf8: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub query: QueryArgs,

    /// Also count by this field (repeatable): gpu, new_status, container...
    #[arg(long, value_name = "FIELD")]
    pub by: Vec<String>,

    /// Rows per ranked table (default: 15 types, 10 of everything else).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
}

#[derive(Debug, Args, Clone, Default)]
#[command(after_help = crate::commands::report::AFTER_HELP)]
pub struct ReportArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// The UTC month: [its 1st 00:00, the next month's 1st 00:00).
    #[arg(long, value_name = "YYYY-MM", conflicts_with_all = ["since", "until"])]
    pub month: Option<String>,

    /// Markdown, in the monthly report's container-activity layout.
    #[arg(long)]
    pub markdown: bool,

    /// Read the current file alone, not its rotated siblings.
    #[arg(long)]
    pub current: bool,
}

#[derive(Debug, Args, Clone)]
pub struct SetupArgs {
    /// Group whose members may log.
    #[arg(long, default_value = "docker")]
    pub group: String,

    /// Print each action instead of doing it.
    #[arg(long)]
    pub dry_run: bool,

    /// Apply everything under this directory instead of / (for tests, images).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Print the logrotate config that setup installs, and do nothing else.
    #[arg(long)]
    pub print_logrotate: bool,

    /// Replace a logrotate config that names another events file.
    #[arg(long)]
    pub force: bool,

    /// Also install the sealing timer (systemd, with a cron.d fallback) that
    /// runs 'ds01-events seal' every minute.
    #[arg(long)]
    pub seal: bool,
}

#[derive(Debug, Args, Clone)]
pub struct SealArgs {
    /// Create the sealing state and print the verification key (once).
    #[arg(long)]
    pub init: bool,

    /// With --init: how long each key lives before it evolves (15min, 1h...).
    #[arg(long, value_name = "DURATION", requires = "init")]
    pub interval: Option<String>,

    /// With --init: replace existing sealing state.
    #[arg(long, requires = "init")]
    pub force: bool,

    /// The seal directory (default: $DS01_EVENTS_SEAL_DIR, else /var/lib/ds01-events).
    #[arg(long, value_name = "DIR")]
    pub seal_dir: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct VerifyArgs {
    /// The verification key printed by 'seal --init' (also checks every MAC).
    #[arg(long, value_name = "KEY", conflicts_with = "key_file")]
    pub key: Option<String>,

    /// Read the verification key from this file.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// The seal directory (default: $DS01_EVENTS_SEAL_DIR, else /var/lib/ds01-events).
    #[arg(long, value_name = "DIR")]
    pub seal_dir: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct DoctorArgs {
    /// The group that should own the log (as given to setup).
    #[arg(long, default_value = "docker")]
    pub group: String,

    /// Look for the logrotate config under this root (as setup --root).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct MetricsArgs {
    /// Write atomically to FILE (temporary file and rename) instead of stdout.
    #[arg(long = "output", value_name = "FILE")]
    pub output_file: Option<PathBuf>,
}

/// `ds01-events log ...` parsed on its own: scripts call it thousands of times
/// a day, and building the whole command tree costs more than the append.
#[derive(Debug, Parser)]
#[command(
    name = "ds01-events log",
    version,
    about = "Append one event: log TYPE [key=value ...] [key:=JSON ...]",
    args_override_self = true
)]
pub struct LogCli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(flatten)]
    pub args: LogArgs,
}
