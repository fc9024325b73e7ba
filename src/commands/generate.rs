//! `generate`: man pages (clap_mangen) and shell completions (clap_complete)
//! from the command definitions, so they never drift from the binary.
//! `tests/generated.rs` fails when the checked-in files differ.

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::exit::{self, Failure};

/// The files `generate` writes, by path relative to the output directory.
pub fn files() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let cmd = Cli::command();
    let mut page = Vec::new();
    // The manual carries the reference that --help leaves to --info.
    let main = cmd.clone().after_long_help(man_extra());
    clap_mangen::Man::new(main)
        .render(&mut page)
        .expect("rendering to memory");
    out.push(("man/ds01-events.1".to_string(), page));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("ds01-events-{}", sub.get_name());
        let sub = sub.clone().name(name.clone());
        let mut page = Vec::new();
        clap_mangen::Man::new(sub)
            .render(&mut page)
            .expect("rendering to memory");
        out.push((format!("man/{name}.1"), page));
    }
    // The logrotate config the Debian package ships (setup installs the same).
    out.push((
        "packaging/ds01-events.logrotate".to_string(),
        crate::logrotate::config(std::path::Path::new(crate::writer::DEFAULT_PATH), "docker")
            .into_bytes(),
    ));
    for (shell, file) in [
        (Shell::Bash, "completions/ds01-events.bash"),
        (Shell::Zsh, "completions/_ds01-events"),
        (Shell::Fish, "completions/ds01-events.fish"),
    ] {
        let mut buf = Vec::new();
        let mut c = completion_command();
        clap_complete::generate(shell, &mut c, "ds01-events", &mut buf);
        if shell == Shell::Bash {
            // clap_complete names subcommand cases of a hyphenated binary
            // `ds01__subcmd__events__subcmd__X` but sets `cmd` to
            // `ds01__events__subcmd__X`: align them so subcommands complete.
            buf = String::from_utf8_lossy(&buf)
                .replace("ds01__subcmd__events__", "ds01__events__")
                .into_bytes();
        }
        out.push((file.to_string(), buf));
    }
    out
}

/// The command line as shells complete it: every option and command but
/// the packaging-only `generate` (clap_complete offers hidden commands too).
fn completion_command() -> clap::Command {
    let full = Cli::command();
    clap::Command::new("ds01-events")
        .version(full.get_version().unwrap_or_default().to_string())
        .disable_help_subcommand(true)
        .args(full.get_arguments().cloned())
        .subcommands(
            full.get_subcommands()
                .filter(|s| s.get_name() != "generate")
                .cloned(),
        )
}

fn man_extra() -> String {
    let h = crate::help::topic;
    [
        "filters",
        "time",
        "output",
        "log",
        "schema",
        "files",
        "legacy",
        "environment",
        "exit-codes",
    ]
    .iter()
    .filter_map(|t| h(t))
    .collect::<Vec<_>>()
    .join("\n")
}

pub fn run(dir: &Path) -> Result<i32, Failure> {
    for (rel, bytes) in files() {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Failure::new(
                    exit::CANT_CREATE,
                    format!("cannot create {}: {e}", parent.display()),
                )
            })?;
        }
        std::fs::write(&path, bytes).map_err(|e| {
            Failure::new(
                exit::CANT_CREATE,
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
        println!("wrote {}", path.display());
    }
    Ok(exit::OK)
}
