//! The plain configuration between the command line and the engine (as
//! fd's `Config` and ripgrep's `HiArgs`): what a read command was asked,
//! with no clap in it. The CLI layer (`cli`, `commands::options`) fills it
//! from the parsed flags; [`crate::filter`], [`crate::output`] and the
//! commands' request builders read it.

use std::path::PathBuf;

/// How matches are printed (`-o`, `--json`, `--raw`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// One normalised v1 object per line.
    Json,
    /// Spreadsheet-safe CSV: a cell starting with =, +, -, @, tab or CR gets a leading '.
    Csv,
    /// CSV with the bare values (for programs, not spreadsheets).
    CsvBare,
    /// The original lines.
    Raw,
}

/// When to colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorWhen {
    #[default]
    Auto,
    Always,
    Never,
}

/// Which events: every filter flag, as given (parsed into a
/// [`crate::filter::Filter`] against the clock). All filters combine with
/// AND; a repeated filter ORs its values.
#[derive(Debug, Clone, Default)]
pub struct FilterSpec {
    pub user: Vec<String>,
    pub source: Vec<String>,
    /// `--host` globs: a collector's host directories.
    pub host: Vec<String>,
    pub container: Vec<String>,
    /// `--type`: exact names, prefixes (`gpu`) and globs (`gpu.*`).
    pub event_type: Vec<String>,
    pub problems: bool,
    /// `--where KEY=VALUE` conditions.
    pub conditions: Vec<String>,
    pub grep: Vec<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

impl FilterSpec {
    /// The first filter given, by its flag, if any.
    pub fn first_given(&self) -> Option<&'static str> {
        [
            (!self.user.is_empty(), "--user"),
            (!self.source.is_empty(), "--source"),
            (!self.host.is_empty(), "--host"),
            (!self.container.is_empty(), "--container"),
            (!self.event_type.is_empty(), "--type"),
            (self.problems, "--problems"),
            (!self.conditions.is_empty(), "--where"),
            (!self.grep.is_empty(), "--grep"),
            (self.since.is_some(), "--since"),
            (self.until.is_some(), "--until"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }
}

/// How many events, in which order, from which files, printed how.
#[derive(Debug, Clone, Default)]
pub struct ViewSpec {
    pub limit: Option<usize>,
    pub all: bool,
    pub reverse: bool,
    pub raw: bool,
    pub output: Option<OutputFormat>,
    pub archives: bool,
    pub current: bool,
    pub malformed: bool,
    pub no_pager: bool,
}

impl ViewSpec {
    /// The output format: `-o`, else `--raw`, else JSON with `json`, else
    /// the table.
    pub fn format(&self, json: bool) -> OutputFormat {
        if let Some(f) = self.output {
            f
        } else if self.raw {
            OutputFormat::Raw
        } else if json {
            OutputFormat::Json
        } else {
            OutputFormat::Table
        }
    }
}

/// Everything a read command needs from the command line.
#[derive(Debug, Clone, Default)]
pub struct QueryOptions {
    pub files: Vec<PathBuf>,
    /// A collector's hosts directory (`--hosts-dir`, `DS01_EVENTS_HOSTS_DIR`).
    pub hosts_dir: Option<PathBuf>,
    pub filters: FilterSpec,
    pub view: ViewSpec,
    pub json: bool,
    pub color: ColorWhen,
    pub utc: bool,
    /// Legacy `search`: case-insensitive grep.
    pub grep_insensitive: bool,
    pub default_limit: usize,
}
