//! The parsed flags (clap's types) turned into the plain configuration
//! ([`crate::config`]) that filters, output and the engine read: the one
//! place the two meet.

use clap::builder::PossibleValue;
use clap::ValueEnum;

use crate::cli::{FilterArgs, ViewArgs};
use crate::config::{ColorWhen, FilterSpec, OutputFormat, ViewSpec};
use crate::shell_init::ShellInitKind;

impl From<FilterArgs> for FilterSpec {
    fn from(a: FilterArgs) -> FilterSpec {
        FilterSpec {
            user: a.user,
            source: a.source,
            host: a.host,
            container: a.container,
            event_type: a.event_type,
            problems: a.problems,
            conditions: a.conditions,
            grep: a.grep,
            since: a.since,
            until: a.until,
        }
    }
}

impl From<ViewArgs> for ViewSpec {
    fn from(a: ViewArgs) -> ViewSpec {
        ViewSpec {
            limit: a.limit,
            all: a.all,
            reverse: a.reverse,
            raw: a.raw,
            output: a.output,
            archives: a.archives,
            current: a.current,
            malformed: a.malformed,
            no_pager: a.no_pager,
        }
    }
}

impl ValueEnum for OutputFormat {
    fn value_variants<'a>() -> &'a [Self] {
        use OutputFormat::*;
        &[Table, Json, Csv, CsvBare, Raw]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            OutputFormat::Table => PossibleValue::new("table").help("Aligned columns for people"),
            OutputFormat::Json => {
                PossibleValue::new("json").help("One normalised v1 object per line")
            }
            OutputFormat::Csv => PossibleValue::new("csv").help(
                "Spreadsheet-safe CSV: a cell starting with =, +, -, @, tab or CR gets a leading '",
            ),
            OutputFormat::CsvBare => PossibleValue::new("csv-bare")
                .help("CSV with the bare values (for programs, not spreadsheets)"),
            OutputFormat::Raw => PossibleValue::new("raw").help("The original lines"),
        })
    }
}

impl ValueEnum for ColorWhen {
    fn value_variants<'a>() -> &'a [Self] {
        &[ColorWhen::Auto, ColorWhen::Always, ColorWhen::Never]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(match self {
            ColorWhen::Auto => "auto",
            ColorWhen::Always => "always",
            ColorWhen::Never => "never",
        }))
    }
}

impl ValueEnum for ShellInitKind {
    fn value_variants<'a>() -> &'a [Self] {
        &[ShellInitKind::Bash, ShellInitKind::Python]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            ShellInitKind::Bash => {
                PossibleValue::new("bash").help("A `log_event` function for Bash scripts")
            }
            ShellInitKind::Python => {
                PossibleValue::new("python").help("The `ds01_events` Python module")
            }
        })
    }
}
