//! Subcommands, and the dispatcher that `main` calls.

pub mod log;

use std::ffi::OsString;
use std::io::Write;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::exit::{self, Failure};
use crate::output::escape::escape;

/// Parses the arguments, runs one command, returns the exit code.
pub fn run<I: IntoIterator<Item = OsString>>(args: I) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(e),
    };
    match dispatch(cli) {
        Ok(code) => code,
        Err(f) => {
            let _ = std::io::stdout().flush();
            eprintln!("ds01-events: {}", escape(&f.message));
            f.code
        }
    }
}

/// Help and version go to stdout with exit 0; usage errors exit 64.
fn clap_exit(e: clap::Error) -> i32 {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            exit::OK
        }
        _ => {
            let _ = e.print();
            exit::USAGE
        }
    }
}

fn dispatch(cli: Cli) -> Result<i32, Failure> {
    let file_flag = cli.global.file.first().cloned();
    match cli.command {
        Some(Command::Log(args)) => log::run(&args, file_flag.as_deref()),
        Some(Command::ShellInit { shell }) => {
            print!("{}", crate::shell_init::script(shell));
            Ok(exit::OK)
        }
        _ => Err(Failure::usage("not implemented yet")),
    }
}
