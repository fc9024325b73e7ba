//! Subcommands, and the dispatcher that `main` calls.

pub mod demo;
pub(crate) mod doctor;
pub(crate) mod follow;
pub mod generate;
pub(crate) mod guided;
pub(crate) mod legacy;
pub(crate) mod log;
pub(crate) mod malformed;
pub(crate) mod metrics;
mod options;
pub mod query;
pub(crate) mod report;
pub(crate) mod seal;
pub(crate) mod setup;
pub(crate) mod summary;
pub(crate) mod types;

use std::ffi::OsString;
use std::io::Write;

use clap::{CommandFactory, FromArgMatches, Parser};

use crate::cli::{Cli, Command, FilterArgs, GlobalArgs, SummaryArgs, ViewArgs};
use crate::engine;
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
    let mut cmd = Cli::command();
    let matches = match cmd.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(e) => return clap_exit(e),
    };
    let parsed = check_top_level_options(&matches, &cmd)
        .and_then(|()| Cli::from_arg_matches(&matches).map_err(|e| Failure::usage(e.to_string())));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(f) => {
            crate::say!("ds01-events: {}", escape(&f.message));
            return f.code;
        }
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
    if cli.args.file.hosts_dir.is_some() {
        crate::say!(
            "ds01-events: --hosts-dir is for reading a collector's hosts; log writes one file: use --file PATH"
        );
        return exit::USAGE;
    }
    match log::run(&cli.args, cli.args.file.file.first().map(|p| p.as_path())) {
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

/// The command's own options on top of those given before it.
fn command_global(cli: &Cli) -> GlobalArgs {
    let top = cli.global.clone();
    let sub = match &cli.command {
        Some(Command::Follow(f)) => f.global.clone(),
        Some(
            Command::Query(q)
            | Command::User { query: q, .. }
            | Command::Container { query: q, .. }
            | Command::Errors { query: q }
            | Command::Tail { query: q, .. }
            | Command::Search { query: q, .. },
        ) => q.global.clone(),
        Some(Command::Guided(g)) => g.clone(),
        Some(Command::Summary(a)) => a.global(),
        Some(Command::Types(t)) => t.global(),
        Some(Command::Log(a)) => a.file.global(),
        Some(Command::Setup(a)) => a.file.global(),
        Some(Command::Doctor(a)) => GlobalArgs {
            json: a.json,
            ..a.file.global()
        },
        Some(Command::Metrics(a)) => a.file.global(),
        Some(Command::Report(a)) => GlobalArgs {
            json: a.json,
            utc: a.utc,
            ..a.file.global()
        },
        Some(Command::Seal(a)) => a.file.global(),
        Some(Command::Verify(a)) => GlobalArgs {
            json: a.json,
            ..a.file.global()
        },
        _ => GlobalArgs::default(),
    };
    top.merge(sub)
}

/// Options given before a command that the command does not honour.
fn check_top_level_options(matches: &clap::ArgMatches, cmd: &clap::Command) -> Result<(), Failure> {
    let Some((name, _)) = matches.subcommand() else {
        // Without a command: --guided and --summary take only what they use.
        let (what, target) = if matches.get_flag("guided") {
            ("--guided", "guided")
        } else if matches.get_flag("summary") {
            ("--summary", "summary")
        } else if matches.get_flag("follow") {
            ("--follow", "follow")
        } else {
            return Ok(());
        };
        return check_given(matches, cmd, cmd.find_subcommand(target), what);
    };
    let Some(sub) = cmd.find_subcommand(name) else {
        return Ok(());
    };
    if sub.is_allow_external_subcommands_set() || name.is_empty() {
        return Ok(());
    }
    check_given(matches, cmd, Some(sub), &format!("'{name}'"))
}

/// Options harmless before a command that ignores them: `--file` from an
/// alias (`alias ev='ds01-events --file X'`) before `ev help time`.
fn harmless_before(command: &str, id: &str) -> bool {
    id == "file" && matches!(command, "help" | "shell-init")
}

fn check_given(
    matches: &clap::ArgMatches,
    cmd: &clap::Command,
    sub: Option<&clap::Command>,
    what: &str,
) -> Result<(), Failure> {
    use clap::parser::ValueSource;
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if matches!(id, "guided" | "summary" | "follow") {
            continue;
        }
        if matches.value_source(id) != Some(ValueSource::CommandLine) {
            continue;
        }
        let honoured = sub.is_some_and(|s| {
            harmless_before(s.get_name(), id) || s.get_arguments().any(|a| a.get_id() == id)
        });
        if !honoured {
            let flag = arg
                .get_long()
                .map(|l| format!("--{l}"))
                .unwrap_or_else(|| id.to_string());
            let help = sub.map_or("ds01-events --help".to_string(), |s| {
                format!("ds01-events {} --help", s.get_name())
            });
            return Err(Failure::usage(format!(
                "{flag} does not apply to {what}; '{help}' lists its options"
            )));
        }
    }
    Ok(())
}

fn dispatch(cli: Cli) -> Result<i32, Failure> {
    let global = command_global(&cli);
    let file_flag = global.file.first().cloned();
    let hosts_dir = engine::hosts_dir(global.hosts_dir.as_deref(), &global.file);
    let query = |filters: FilterArgs, view: ViewArgs| QueryOptions {
        files: global.file.clone(),
        hosts_dir: hosts_dir.clone(),
        filters: cli.filters.clone().merge(filters).into(),
        view: cli.view.clone().merge(view).into(),
        json: global.json,
        color: global.color,
        utc: global.utc,
        grep_insensitive: false,
        default_limit: query::DEFAULT_LIMIT,
    };
    if cli.info {
        print!("{}", crate::cli::info());
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
            | Command::Guided(_),
        ) => true,
        None => true,
        _ => false,
    };
    // follow waits for a file (and its directory) to appear; metrics
    // reports a missing log in its figures.
    let waits = cli.follow || matches!(cli.command, Some(Command::Follow(_) | Command::Metrics(_)));
    if hosts_dir.is_none() && reads {
        // Before the file checks: the way out is the hosts directory.
        let mut given = cli.filters.host.clone();
        match &cli.command {
            Some(Command::Query(q)) => given.extend(q.filters.host.clone()),
            Some(Command::Summary(a)) => given.extend(a.filters.host.clone()),
            Some(Command::Types(t)) => given.extend(t.filters.host.clone()),
            _ => {}
        }
        if !given.is_empty() {
            engine::input_streams(&[], None, &crate::filter::Filter::host_only(&given)?)?;
        }
    }
    if (reads || waits) && (hosts_dir.is_none() || !global.file.is_empty()) {
        check_inputs(&global.file, !waits)?;
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
        Some(Command::Follow(f)) => {
            let view = f.view();
            follow::run(query(f.filters, view))
        }
        Some(Command::Summary(a)) => {
            let view = ViewArgs {
                archives: a.archives,
                current: a.current,
                ..ViewArgs::default()
            };
            let o = query(a.filters.clone(), view);
            summary::run(o, &a)
        }
        Some(Command::Report(a)) => {
            let mut o = query(a.filters.clone(), ViewArgs::default());
            o.view.current |= a.current;
            report::run(o, &a)
        }
        Some(Command::Guided(_)) => guided::run(&global),
        Some(Command::Setup(mut a)) => {
            // --hosts-dir given before the command counts too.
            a.file.hosts_dir = global.hosts_dir.clone();
            setup::run(&a, file_flag.as_deref())
        }
        Some(Command::Doctor(mut a)) => {
            a.file.hosts_dir = global.hosts_dir.clone();
            doctor::run(&a, file_flag.as_deref(), global.json)
        }
        Some(Command::Metrics(a)) => metrics::run(&a, file_flag.as_deref(), hosts_dir.as_deref()),
        Some(Command::Seal(a)) => seal::run_seal(&a, file_flag.as_deref()),
        Some(Command::Verify(a)) => {
            seal::run_verify(&a, file_flag.as_deref(), a.json || global.json)
        }
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
        Some(Command::External(words)) => Err(legacy::unknown_command(
            words.first().map_or("", String::as_str),
        )),
        Some(Command::Types(t)) => {
            if !t.used {
                if let Some(flag) = crate::config::FilterSpec::from(t.filters.clone()).first_given()
                {
                    return Err(Failure::usage(format!(
                        "{flag} applies to 'types --used' only (the registry has no events)"
                    )));
                }
            }
            let view = ViewArgs {
                current: t.current,
                ..ViewArgs::default()
            };
            types::run(query(t.filters, view), t.used)
        }
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
