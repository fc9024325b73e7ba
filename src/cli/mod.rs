//! Command-line definitions only (clap). The engine reads plain values from
//! here; man pages and completions are generated from [`Cli::command`].
//!
//! Layout: `shared` holds the arguments several commands take (files,
//! filters, view, colour); `subcommands` the commands and their own
//! arguments; `values` the value parsers that offer names to completion.
//! The help texts live in [`crate::help`], which imports nothing from here.

mod shared;
mod subcommands;
mod values;

use clap::{CommandFactory, Parser};

pub use shared::*;
pub use subcommands::*;
pub use values::*;

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
    pub args: LogArgs,
}

/// `--info`: the full reference, the help pages' text around clap's
/// rendering of every flag and command.
pub fn info() -> String {
    let mut cmd = Cli::command();
    let long_help = cmd.render_long_help().to_string();
    let commands: Vec<(String, String)> = cmd
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| {
            (
                sub.get_name().to_string(),
                sub.get_about().map(|a| a.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    crate::help::info(&long_help, &commands)
}
