//! Subcommands, and the dispatcher that `main` calls.

pub mod doctor;
pub mod follow;
pub mod generate;
pub mod guided;
pub mod legacy;
pub mod log;
pub mod metrics;
pub mod query;
pub mod setup;
pub mod summary;
pub mod types;

use std::ffi::OsString;
use std::io::Write;

use clap::Parser;

use crate::cli::{Cli, Command, FilterArgs, SummaryArgs, ViewArgs};
use crate::exit::{self, Failure};
use crate::output::escape::escape;
use query::QueryOptions;

/// Parses the arguments, runs one command, returns the exit code.
pub fn run<I: IntoIterator<Item = OsString>>(args: I) -> i32 {
    let args = match legacy::route(args.into_iter().collect()) {
        legacy::Route::Log(args) => return run_log(&args),
        legacy::Route::Refuse(message) => {
            crate::say!("ds01-events: {message}");
            return exit::USAGE;
        }
        legacy::Route::Parse(args) => args,
    };
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(e),
    };
    match dispatch(cli) {
        Ok(code) => code,
        Err(f) => {
            let _ = std::io::stdout().flush();
            crate::say!("ds01-events: {}", escape(&f.message));
            f.code
        }
    }
}

/// The fast path for `log`: only its own arguments are parsed.
fn run_log(args: &[OsString]) -> i32 {
    let argv = std::iter::once(OsString::from("ds01-events log")).chain(args[2..].iter().cloned());
    let cli = match crate::cli::LogCli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(e),
    };
    match log::run(&cli.args, cli.global.file.first().map(|p| p.as_path())) {
        Ok(code) => code,
        Err(f) => {
            crate::say!("ds01-events: {}", escape(&f.message));
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
    let global = cli.global.clone();
    let file_flag = global.file.first().cloned();
    let query = |filters: FilterArgs, view: ViewArgs| QueryOptions {
        files: global.file.clone(),
        filters: cli.filters.clone().merge(filters),
        view: cli.view.clone().merge(view),
        json: global.json,
        color: global.color,
        utc: global.utc,
        grep_insensitive: false,
        default_limit: query::DEFAULT_LIMIT,
    };
    if cli.info {
        print!("{}", crate::help::info());
        return Ok(exit::OK);
    }
    if cli.concepts {
        print!("{}", crate::help::CONCEPTS);
        return Ok(exit::OK);
    }
    let reads = match &cli.command {
        Some(Command::Types(t)) => t.used,
        Some(
            Command::Query(_)
            | Command::Follow(_)
            | Command::Summary(_)
            | Command::User { .. }
            | Command::Container { .. }
            | Command::Errors { .. }
            | Command::Tail { .. }
            | Command::Search { .. }
            | Command::Guided,
        ) => true,
        None => true,
        _ => false,
    };
    if reads {
        check_inputs(&global.file, true)?;
    } else if matches!(cli.command, Some(Command::Metrics(_))) {
        check_inputs(&global.file, false)?;
    }
    match cli.command {
        Some(Command::Log(args)) => log::run(&args, file_flag.as_deref()),
        Some(Command::ShellInit { shell }) => {
            print!("{}", crate::shell_init::script(shell));
            Ok(exit::OK)
        }
        None if cli.guided => guided::run(&global),
        None if cli.follow => follow::run(query(FilterArgs::default(), ViewArgs::default())),
        None if cli.summary => summary::run(
            query(FilterArgs::default(), ViewArgs::default()),
            &SummaryArgs::default(),
        ),
        None => query::run_query(query(FilterArgs::default(), ViewArgs::default())),
        Some(Command::Follow(q)) => follow::run(query(q.filters, q.view)),
        Some(Command::Summary(a)) => {
            let o = query(a.query.filters.clone(), a.query.view.clone());
            summary::run(o, &a)
        }
        Some(Command::Guided) => guided::run(&global),
        Some(Command::Setup(a)) => setup::run(&a, file_flag.as_deref()),
        Some(Command::Doctor(a)) => doctor::run(&a, file_flag.as_deref(), global.json),
        Some(Command::Metrics(a)) => metrics::run(&a, file_flag.as_deref()),
        Some(Command::Help { topic: None }) => {
            print!("{}", crate::help::topic_list());
            Ok(exit::OK)
        }
        Some(Command::Help { topic: Some(t) }) => match crate::help::topic(&t) {
            Some(text) => {
                print!("{text}");
                Ok(exit::OK)
            }
            None => Err(Failure::usage(format!(
                "no help topic '{}'; topics: {}",
                escape(&t),
                crate::help::TOPICS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        },
        Some(Command::Generate { out }) => generate::run(&out),
        Some(Command::Query(q)) => query::run_query(query(q.filters, q.view)),
        Some(Command::User { name, query: q }) => {
            let mut f = q.filters;
            f.user.push(name);
            query::run_query(query(f, q.view))
        }
        Some(Command::Container { name, query: q }) => {
            let mut f = q.filters;
            match name {
                Some(n) => f.container.push(n),
                None => f.event_type.push("container".into()),
            }
            query::run_query(query(f, q.view))
        }
        Some(Command::Errors { query: q }) => {
            let mut f = q.filters;
            f.problems = true;
            query::run_query(query(f, q.view))
        }
        Some(Command::Tail { count, query: q }) => {
            let mut o = query(q.filters, q.view);
            o.default_limit = 20;
            if let Some(n) = count {
                o.view.limit = Some(n);
            }
            query::run_query(o)
        }
        Some(Command::Search { regex, query: q }) => {
            let mut f = q.filters;
            f.grep.push(regex);
            let mut o = query(f, q.view);
            o.grep_insensitive = true;
            o.default_limit = 100;
            query::run_query(o)
        }
        Some(Command::External(words)) => Err(legacy::unknown_command(
            words.first().map_or("", String::as_str),
        )),
        Some(Command::Types(t)) => types::run(query(t.filters, ViewArgs::default()), t.used),
    }
}

/// Refuses, before any reading, an events path that is a directory, or
/// (with `missing_dir`) one whose directory does not exist: both would
/// otherwise read as "no events recorded yet" or a misleading read error.
fn check_inputs(files: &[std::path::PathBuf], missing_dir: bool) -> Result<(), Failure> {
    use std::io::ErrorKind;
    let default = [crate::writer::events_path(None)];
    let paths = if files.is_empty() {
        &default[..]
    } else {
        files
    };
    for path in paths {
        let shown = escape(&path.to_string_lossy()).into_owned();
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                return Err(Failure::new(
                    exit::NO_INPUT,
                    format!(
                        "{shown} is a directory, not an events file: point --file (or \
                         DS01_EVENTS_FILE) at the file in it, e.g. {}",
                        escape(&path.join("events.jsonl").to_string_lossy())
                    ),
                ));
            }
            Err(e)
                if missing_dir
                    && matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) =>
            {
                let parent = match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => std::path::Path::new("."),
                };
                match std::fs::metadata(parent) {
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => {
                        return Err(Failure::new(
                            exit::NO_INPUT,
                            format!(
                                "cannot read {shown}: {} is not a directory; check the path \
                                 (--file, DS01_EVENTS_FILE)",
                                escape(&parent.to_string_lossy())
                            ),
                        ))
                    }
                    Err(_) => {
                        return Err(Failure::new(
                            exit::NO_INPUT,
                            format!(
                                "cannot read {shown}: the directory {} does not exist; check the \
                                 path (--file, DS01_EVENTS_FILE) or run 'sudo ds01-events setup'",
                                escape(&parent.to_string_lossy())
                            ),
                        ))
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}
