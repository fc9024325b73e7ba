//! The old call forms, rewritten in the argument vector before the one parse:
//! `ds01-events TYPE --user U --message M` becomes `ds01-events log TYPE ...`
//! (only when every word after the type is a write word), and
//! `ds01-events gpu [filters]` becomes `ds01-events query --type gpu [filters]`.
//! A dotted type followed by anything else is refused: a command that looks
//! like a query never writes an event.

use std::ffi::OsString;

use crate::exit::Failure;
use crate::output::escape::escape;

/// Options of the top-level command that take a value (kept in step with
/// `cli.rs` by a unit test).
pub const VALUE_LONGS: &[&str] = &[
    "file",
    "hosts-dir",
    "color",
    "user",
    "source",
    "host",
    "container",
    "type",
    "where",
    "grep",
    "since",
    "until",
    "limit",
    "output",
];
/// Short forms of the options above.
pub const VALUE_SHORTS: &[char] = &['f', 'u', 'c', 't', 'w', 'g', 'S', 'U', 'n', 'o'];

/// The subcommands, visible, hidden and legacy (kept in step with `cli.rs`).
pub const SUBCOMMANDS: &[&str] = &[
    "log",
    "query",
    "follow",
    "summary",
    "guided",
    "setup",
    "doctor",
    "metrics",
    "report",
    "seal",
    "verify",
    "demo",
    "help",
    "generate",
    "shell-init",
    "types",
    "user",
    "container",
    "errors",
    "tail",
    "search",
];

/// What to do with the arguments.
#[derive(Debug, PartialEq)]
pub enum Route {
    /// Parse these with the full command line.
    Parse(Vec<OsString>),
    /// Parse these (`ds01-events log ...`) with the `log` parser.
    Log(Vec<OsString>),
    /// A usage error: nothing is run, nothing is written.
    Refuse(String),
}

/// Where the first positional word (the command) is, skipping options and
/// their values; `None` when there is none.
fn command_index(args: &[OsString]) -> Option<usize> {
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_string_lossy();
        if a == "--" {
            return (i + 1 < args.len()).then_some(i + 1);
        }
        if let Some(long) = a.strip_prefix("--") {
            if !long.contains('=') && VALUE_LONGS.contains(&long) {
                i += 1;
            }
        } else if let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            let chars: Vec<char> = shorts.chars().collect();
            if let Some(pos) = chars.iter().position(|c| VALUE_SHORTS.contains(c)) {
                if pos + 1 == chars.len() {
                    i += 1;
                }
            }
        } else {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Whether the words before the type only name the file (`--file F`).
fn only_file_options(words: &[OsString]) -> bool {
    let mut i = 0;
    while i < words.len() {
        let w = words[i].to_string_lossy();
        if w == "--file" || w == "-f" {
            if i + 1 >= words.len() {
                return false;
            }
            i += 2;
        } else if w.starts_with("--file=") || (w.starts_with("-f") && w.len() > 2) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// The first word after the type that is not a write word (`--user V`,
/// `--message V`, `--source V`, `key=value`), if any.
fn first_non_write_word(words: &[OsString]) -> Option<String> {
    let mut i = 0;
    while i < words.len() {
        let w = words[i].to_string_lossy();
        if let Some(flag) = w.strip_prefix("--") {
            match flag.split_once('=') {
                Some(("user" | "message" | "source", _)) => i += 1,
                None if matches!(flag, "user" | "message" | "source") && i + 1 < words.len() => {
                    i += 2
                }
                _ => return Some(w.into_owned()),
            }
        } else if !w.starts_with('-') && w.split_once('=').is_some_and(|(k, _)| !k.is_empty()) {
            i += 1;
        } else {
            return Some(w.into_owned());
        }
    }
    None
}

/// Quotes a word for a command line shown to the user.
fn shell_word(w: &str) -> String {
    let plain = !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.,:/=@+%*".contains(c));
    if plain {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', r"'\''"))
    }
}

/// Decides what the arguments mean before clap sees them.
pub fn route(args: Vec<OsString>) -> Route {
    if args.get(1).is_some_and(|a| a == "log") {
        return Route::Log(args);
    }
    let Some(i) = command_index(&args) else {
        return Route::Parse(args);
    };
    let Some(word) = args[i].to_str().map(str::to_string) else {
        return Route::Parse(args);
    };
    if SUBCOMMANDS.contains(&word.as_str()) {
        return Route::Parse(args);
    }
    if word.contains('.') && crate::event::envelope::check_event_type(&word).is_ok() {
        let before = &args[1..i];
        let after = &args[i + 1..];
        let offender = if only_file_options(before) {
            first_non_write_word(after)
        } else {
            before
                .iter()
                .map(|w| w.to_string_lossy().into_owned())
                .find(|w| w.starts_with('-') && !w.starts_with("--file") && w != "-f")
                .or_else(|| Some(before[0].to_string_lossy().into_owned()))
        };
        if let Some(bad) = offender {
            let mut ask: Vec<String> = vec!["ds01-events".into(), "--type".into()];
            ask.push(shell_word(&word));
            for w in before {
                ask.push(shell_word(&w.to_string_lossy()));
            }
            for w in after {
                ask.push(shell_word(&w.to_string_lossy()));
            }
            return Route::Refuse(format!(
                "'{}' after the event type '{}' looks like a query, not an event; nothing was \
                 written: to ask, run '{}'; to record, run 'ds01-events log {} key=value ...'",
                escape(&bad),
                escape(&word),
                escape(&ask.join(" ")),
                escape(&shell_word(&word)),
            ));
        }
        let mut out = Vec::with_capacity(args.len() + 1);
        out.push(args[0].clone());
        out.push(OsString::from("log"));
        out.extend(args[1..].iter().cloned());
        return Route::Log(out);
    }
    if crate::event::registry::categories().contains(&word.as_str()) {
        let mut out = Vec::with_capacity(args.len() + 2);
        out.extend(args[..i].iter().cloned());
        out.push("query".into());
        out.push("--type".into());
        out.push(word.into());
        out.extend(args[i + 1..].iter().cloned());
        return Route::Parse(out);
    }
    Route::Parse(args)
}

/// Edit distance between two short words (for "did you mean").
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest of `candidates` to `word`, when it is close enough to be a typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The one line for a word that is neither a command, a category nor a type.
pub fn unknown_command(word: &str) -> Failure {
    let commands = SUBCOMMANDS.iter().copied().filter(|c| *c != "generate");
    let hint = match nearest(word, commands) {
        Some(c) => format!("did you mean '{c}'? "),
        None => match nearest(word, crate::event::registry::categories()) {
            Some(c) => format!("did you mean the category '{c}' (same as --type {c})? "),
            None => String::new(),
        },
    };
    Failure::usage(format!(
        "unknown command '{}'; {hint}see 'ds01-events --help' (categories: {})",
        escape(word),
        crate::event::registry::categories().join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn argv(words: &[&str]) -> Vec<OsString> {
        std::iter::once("ds01-events")
            .chain(words.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn lists_match_the_command_line_definitions() {
        let cmd = crate::cli::Cli::command();
        let mut longs = Vec::new();
        let mut shorts = Vec::new();
        for a in cmd.get_arguments() {
            if a.get_action().takes_values() {
                longs.extend(a.get_long().map(str::to_string));
                shorts.extend(a.get_short());
            }
        }
        let mut want: Vec<String> = VALUE_LONGS.iter().map(|s| s.to_string()).collect();
        longs.sort();
        want.sort();
        assert_eq!(longs, want);
        let mut want_s = VALUE_SHORTS.to_vec();
        shorts.sort();
        want_s.sort();
        assert_eq!(shorts, want_s);
        let mut subs: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
        let mut want_c = SUBCOMMANDS.to_vec();
        subs.sort();
        want_c.sort();
        assert_eq!(subs, want_c);
    }

    #[test]
    fn write_forms_become_log() {
        for words in [
            &["container.create", "--user", "alice", "--message", "hi"][..],
            &["container.create", "--user=alice", "gpu=1", "--source", "x"],
            &["--file", "/tmp/x", "gpu.allocate", "user=bob", "gpu:=1"],
            &["gpu.allocate"],
        ] {
            let mut want = argv(&["log"]);
            want.extend(argv(words).into_iter().skip(1));
            assert_eq!(route(argv(words)), Route::Log(want), "{words:?}");
        }
    }

    #[test]
    fn query_looking_forms_are_refused() {
        for words in [
            &["auth.denied", "--user", "bob", "--since", "today"][..],
            &["gpu.allocate", "--user", "alice", "--all"],
            &["container.remove", "--all"],
            &["container.remove", "--json"],
            &["container.remove", "-n", "3"],
            &["container.remove", "--user"],
            &["container.remove", "alice"],
            &["container.remove", "--type=x"],
            &["--since", "today", "container.remove"],
            &["--json", "container.remove", "--user", "a"],
            &["-a", "container.remove"],
        ] {
            match route(argv(words)) {
                Route::Refuse(m) => {
                    assert!(m.contains("ds01-events --type") || m.contains("--type container"));
                    assert!(m.contains("ds01-events log"), "{m}");
                    assert!(!m.contains('\n'));
                }
                other => panic!("{words:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn categories_become_queries_and_subcommands_stay() {
        assert_eq!(
            route(argv(&["--json", "gpu", "--since", "today"])),
            Route::Parse(argv(&[
                "--json", "query", "--type", "gpu", "--since", "today"
            ]))
        );
        assert_eq!(
            route(argv(&["-n", "gpu.x", "maintenance"])),
            Route::Parse(argv(&["-n", "gpu.x", "query", "--type", "maintenance"]))
        );
        for w in [&["container", "x"][..], &["summary"], &["-S", "-2h"]] {
            assert_eq!(route(argv(w)), Route::Parse(argv(w)));
        }
    }

    #[test]
    fn suggests_the_nearest_command() {
        assert_eq!(
            nearest("sumary", SUBCOMMANDS.iter().copied()),
            Some("summary")
        );
        assert_eq!(
            nearest("doctr", SUBCOMMANDS.iter().copied()),
            Some("doctor")
        );
        assert_eq!(nearest("zzzzzz", SUBCOMMANDS.iter().copied()), None);
        let m = unknown_command("sumary").message;
        assert!(
            m.starts_with("unknown command 'sumary'; did you mean 'summary'?"),
            "{m}"
        );
    }
}
