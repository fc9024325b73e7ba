//! Subcommands, and the dispatcher that `main` calls.

pub mod demo;
pub mod doctor;
pub mod follow;
pub mod generate;
pub mod guided;
pub mod log;
pub mod metrics;
pub mod query;
pub mod report;
pub mod seal;
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
    let args: Vec<OsString> = args.into_iter().collect();
    if args.get(1).is_some_and(|a| a == "log") {
        return run_log(&args);
    }
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
    // An argument that is not UTF-8 must not cost the event: take it
    // lossily and mark the event (clap would refuse it).
    let mut invalid_utf8 = false;
    let argv =
        std::iter::once(OsString::from("ds01-events log")).chain(args[2..].iter().map(|a| {
            if a.to_str().is_none() {
                invalid_utf8 = true;
                OsString::from(a.to_string_lossy().into_owned())
            } else {
                a.clone()
            }
        }));
    let argv: Vec<OsString> = argv.collect();
    let mut cli = match crate::cli::LogCli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(e),
    };
    cli.args.invalid_utf8 = invalid_utf8;
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
        Some(Command::Report(a)) => {
            let mut o = query(a.filters.clone(), ViewArgs::default());
            o.view.current |= a.current;
            report::run(o, &a)
        }
        Some(Command::Guided) => guided::run(&global),
        Some(Command::Setup(a)) => setup::run(&a, file_flag.as_deref()),
        Some(Command::Doctor(a)) => doctor::run(&a, file_flag.as_deref(), global.json),
        Some(Command::Metrics(a)) => metrics::run(&a, file_flag.as_deref()),
        Some(Command::Seal(a)) => seal::run_seal(&a, file_flag.as_deref()),
        Some(Command::Verify(a)) => seal::run_verify(&a, file_flag.as_deref(), global.json),
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
        Some(Command::Demo { dir }) => demo::run(dir.as_deref()),
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
        Some(Command::External(words)) => external(words, file_flag.as_deref(), query),
        Some(Command::Types(t)) => types::run(query(t.filters, ViewArgs::default()), t.used),
    }
}

/// `ds01-events gpu [filters]` queries a category; `ds01-events
/// container.create --user x` logs, as old scripts call it.
fn external(
    words: Vec<String>,
    file_flag: Option<&std::path::Path>,
    query: impl Fn(FilterArgs, ViewArgs) -> QueryOptions,
) -> Result<i32, Failure> {
    let first = words.first().cloned().unwrap_or_default();
    if first.contains('.') && crate::envelope::check_event_type(&first).is_ok() {
        let mut argv = vec!["ds01-events".to_string(), "log".to_string()];
        argv.extend(words.iter().cloned());
        let cli = Cli::try_parse_from(argv).map_err(|e| Failure::usage(first_line(&e)))?;
        if let Some(Command::Log(args)) = cli.command {
            return log::run(&args, file_flag);
        }
    }
    let known = crate::registry::categories();
    if known.contains(&first.as_str()) {
        let mut argv = vec!["ds01-events".to_string(), "query".to_string()];
        argv.extend(words.into_iter().skip(1));
        let cli = Cli::try_parse_from(argv).map_err(|e| Failure::usage(first_line(&e)))?;
        if let Some(Command::Query(q)) = cli.command {
            let mut f = q.filters;
            f.event_type.push(first);
            // Global options given after the category count too.
            let mut o = query(f, q.view);
            let g = cli.global;
            if !g.file.is_empty() {
                o.files = g.file;
            }
            o.json |= g.json;
            o.utc |= g.utc;
            if g.color != crate::cli::ColorWhen::Auto {
                o.color = g.color;
            }
            return query::run_query(o);
        }
    }
    Err(Failure::usage(format!(
        "unknown command '{}'; see 'ds01-events --help' (categories: {})",
        escape(&first),
        known.join(", ")
    )))
}

fn first_line(e: &clap::Error) -> String {
    let s = e.to_string();
    s.lines()
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ")
        .to_string()
}
