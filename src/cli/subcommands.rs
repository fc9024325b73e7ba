//! The commands and the arguments each takes of its own.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueHint};

use crate::shell_init::ShellInitKind;

use super::{
    ColorWhen, FileArg, FilterArgs, GlobalArgs, OutputFormat, TopicNames, TypeNames, ViewArgs,
};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Append one event: log TYPE [key=value ...] [key:=JSON ...]
    Log(LogArgs),
    /// Query events (the default command).
    Query(QueryArgs),
    /// Show the newest events, then new ones as they are written.
    Follow(FollowArgs),
    /// Counts by type, user, source and time, with a bar chart.
    Summary(SummaryArgs),
    /// The month in numbers: containers, GPU-hours per user, access (--month YYYY-MM).
    Report(ReportArgs),
    /// Interactive walkthrough that builds a query and shows its command line.
    Guided(GlobalArgs),
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
        #[arg(value_parser = TopicNames, hide_possible_values = true)]
        topic: Option<String>,
    },
    /// Write the man pages and shell completions (for packaging).
    #[command(hide = true)]
    Generate {
        /// Directory that receives man/ and completions/.
        #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath, default_value = ".")]
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
    /// Any other word: an unknown command (categories and the old
    /// `TYPE --user U` write form are rewritten before parsing, see
    /// `commands::legacy`).
    #[command(external_subcommand)]
    External(Vec<String>),
}

/// `follow`: a query's options but `--reverse` (new events come last).
#[derive(Debug, Args, Clone, Default)]
pub struct FollowArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Show the newest N matching events first (default 10).
    #[arg(long, short = 'n', value_name = "N", value_hint = ValueHint::Other, help_heading = "Output")]
    pub limit: Option<usize>,

    /// Show every matching event first.
    #[arg(long, short = 'a', help_heading = "Output")]
    pub all: bool,

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

    /// Also read rotated files for the first screen without a time bound.
    #[arg(long, help_heading = "Output")]
    pub archives: bool,

    #[command(flatten)]
    pub global: GlobalArgs,
}

impl FollowArgs {
    pub fn view(&self) -> ViewArgs {
        ViewArgs {
            limit: self.limit,
            all: self.all,
            reverse: false,
            raw: self.raw,
            output: self.output,
            archives: self.archives,
            current: false,
            malformed: false,
            no_pager: true,
        }
    }
}

#[derive(Debug, Args, Clone, Default)]
pub struct QueryArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub view: ViewArgs,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct TypesArgs {
    /// List the types present in the log with counts, flagging unknown ones.
    #[arg(long)]
    pub used: bool,
    /// Print the types as JSON, one object per line.
    #[arg(long)]
    pub json: bool,
    /// With --used: read the current file alone, not its rotated siblings.
    #[arg(long)]
    pub current: bool,
    #[command(flatten)]
    pub file: FileArg,
    #[command(flatten)]
    pub filters: FilterArgs,
}

impl TypesArgs {
    pub fn global(&self) -> GlobalArgs {
        GlobalArgs {
            json: self.json,
            ..self.file.global()
        }
    }
}

#[derive(Debug, Args, Clone)]
#[command(
    after_help = "Values are typed as JSON only when they read back exactly (50, true, [1,2], 1.2);\n\
                  007, 1.10, 1e5, NaN stay strings. key:=JSON stores raw JSON.\n\
                  Exit: 0 written (or sent to syslog), 64 usage error, 75 --strict and not written."
)]
pub struct LogArgs {
    #[command(flatten)]
    pub file: FileArg,

    /// The user the event is about (same as user=NAME).
    #[arg(long, value_name = "NAME", value_hint = ValueHint::Other)]
    pub user: Option<String>,

    /// The script that logs (default: the calling script's file name).
    #[arg(long, value_name = "NAME", value_hint = ValueHint::Other)]
    pub source: Option<String>,

    /// Exit 75 when the event cannot be appended to the file.
    #[arg(long, env = "DS01_EVENTS_STRICT", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = false, hide_env_values = true)]
    pub strict: bool,

    /// Print the line instead of writing it.
    #[arg(long)]
    pub dry_run: bool,

    /// The event type, dot-separated (container.create, gpu.allocate...).
    #[arg(value_name = "TYPE", value_parser = TypeNames, hide_possible_values = true)]
    pub event_type: String,

    /// key=value (typed), key:=JSON (raw), --key value (legacy, into details).
    #[arg(
        value_name = "FIELD",
        value_hint = ValueHint::Other,
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
    pub filters: FilterArgs,

    /// Also count by this field (repeatable): gpu, new_status, container...
    #[arg(long, value_name = "FIELD", value_hint = ValueHint::Other)]
    pub by: Vec<String>,

    /// Rows per ranked table (default: 15 types, 10 of everything else).
    #[arg(long, value_name = "N", value_hint = ValueHint::Other)]
    pub top: Option<usize>,

    /// Also read rotated files (events.jsonl-YYYYMMDD[.gz]) without a time bound.
    #[arg(long)]
    pub archives: bool,

    /// Read the current file alone, not its rotated siblings.
    #[arg(long, conflicts_with = "archives")]
    pub current: bool,

    /// The summary as one JSON document (ranges, totals, the counts by type,
    /// user, source and --by field, and the time series), not events.
    #[arg(long)]
    pub json: bool,

    /// Show and read times in UTC instead of the local zone.
    #[arg(long)]
    pub utc: bool,

    /// When to colour the chart.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    #[command(flatten)]
    pub file: FileArg,
}

impl SummaryArgs {
    pub fn global(&self) -> GlobalArgs {
        GlobalArgs {
            file: self.file.file.clone(),
            hosts_dir: self.file.hosts_dir.clone(),
            color: self.color,
            utc: self.utc,
            json: self.json,
        }
    }
}

#[derive(Debug, Args, Clone, Default)]
#[command(after_help = crate::help::REPORT_AFTER_HELP)]
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

    /// One JSON object (every section, the window).
    #[arg(long)]
    pub json: bool,

    /// Show and read times in UTC instead of the local zone.
    #[arg(long)]
    pub utc: bool,

    #[command(flatten)]
    pub file: FileArg,
}

#[derive(Debug, Args, Clone)]
pub struct SetupArgs {
    #[command(flatten)]
    pub file: FileArg,

    /// Group whose members may log.
    #[arg(long, default_value = "docker")]
    pub group: String,

    /// Print each action instead of doing it.
    #[arg(long)]
    pub dry_run: bool,

    /// Apply everything under this directory instead of / (for tests, images).
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
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

    /// Forward this server's events to a collector through rsyslog (RELP,
    /// default port 2514): installs /etc/rsyslog.d/60-ds01-events-forward.conf.
    #[arg(long, value_name = "HOST[:PORT]", value_hint = ValueHint::Hostname, help_heading = "Several servers", conflicts_with = "collector")]
    pub forward_to: Option<String>,

    /// Receive the events of other servers through rsyslog (RELP), one file
    /// per host under --hosts-dir.
    #[arg(long, help_heading = "Several servers")]
    pub collector: bool,

    /// With --collector: the address and port to listen on (default 0.0.0.0:2514).
    #[arg(
        long,
        value_name = "ADDR:PORT",
        requires = "collector",
        help_heading = "Several servers"
    )]
    pub listen: Option<String>,

    /// With --forward-to or --collector: print the rsyslog config instead of
    /// installing it.
    #[arg(long, help_heading = "Several servers")]
    pub print_rsyslog: bool,
}

#[derive(Debug, Args, Clone)]
pub struct SealArgs {
    #[command(flatten)]
    pub file: FileArg,

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
    #[command(flatten)]
    pub file: FileArg,

    /// The verification key printed by 'seal --init' (also checks every MAC).
    #[arg(long, value_name = "KEY", conflicts_with = "key_file")]
    pub key: Option<String>,

    /// Read the verification key from this file.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// The findings as one JSON object.
    #[arg(long)]
    pub json: bool,

    /// The seal directory (default: $DS01_EVENTS_SEAL_DIR, else /var/lib/ds01-events).
    #[arg(long, value_name = "DIR")]
    pub seal_dir: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub file: FileArg,

    /// The checks as JSON.
    #[arg(long)]
    pub json: bool,

    /// The group that should own the log (as given to setup).
    #[arg(long, default_value = "docker")]
    pub group: String,

    /// Look for the logrotate config under this root (as setup --root).
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct MetricsArgs {
    #[command(flatten)]
    pub file: FileArg,

    /// Write atomically to FILE (temporary file and rename) instead of stdout.
    #[arg(long = "output", value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub output_file: Option<PathBuf>,
}
