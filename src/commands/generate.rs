//! `generate`: man pages (clap_mangen) and shell completions (clap_complete)
//! from the command definitions, so they never drift from the binary.
//! `tests/integration/generated.rs` fails when the checked-in files differ.

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
    // The manual carries the reference that --help leaves to --info, and
    // the --concepts text, as preformatted sections that fit 80 columns.
    clap_mangen::Man::new(cmd.clone())
        .render(&mut page)
        .expect("rendering to memory");
    page.extend_from_slice(man_extra().as_bytes());
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

/// Columns a man page's section body has at MANWIDTH=80 (indented by 7).
pub const MAN_TEXT_WIDTH: usize = 73;

/// The reference topics as man sections: each kept as laid out (no-fill),
/// long lines wrapped with a hanging indent so no row breaks at 80 columns.
fn man_extra() -> String {
    let mut roff = String::new();
    for (topic, title) in [
        ("filters", "FILTER REFERENCE"),
        ("time", "TIME PHRASES"),
        ("output", "OUTPUT FORMATS"),
        ("log", "RECORDING EVENTS"),
        ("schema", "SCHEMA"),
        ("files", "FILES"),
        ("legacy", "COMPATIBILITY"),
        ("environment", "ENVIRONMENT"),
        ("exit-codes", "EXIT STATUS"),
        ("concepts", "CONCEPTS"),
    ] {
        let Some(text) = crate::help::topic(topic) else {
            continue;
        };
        roff.push_str(&format!(".SH \"{title}\"\n.nf\n"));
        for line in reflow(&text, MAN_TEXT_WIDTH) {
            roff.push_str(&roff_line(&line));
            roff.push('\n');
        }
        roff.push_str(".fi\n");
    }
    roff
}

/// One line of text as a roff no-fill line: backslashes and hyphens
/// escaped, a leading control character defused.
fn roff_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    if line.starts_with(['.', '\'']) {
        out.push_str("\\&");
    }
    for c in line.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            c => out.push(c),
        }
    }
    out
}

/// The column where a line's description starts (after its first run of
/// two or more spaces past the indent), if it has one.
fn description_column(line: &str) -> Option<usize> {
    let lead = line.len() - line.trim_start().len();
    let i = line[lead..].find("  ")?;
    let after = &line[lead + i..];
    Some(lead + i + (after.len() - after.trim_start().len()))
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Lays a help text out for `width` columns: a table row and the lines that
/// continue its description (indented to its description column), or a run
/// of prose lines at one indent, are joined and wrapped again; everything
/// else keeps its lines.
pub fn reflow(text: &str, width: usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let first = lines[i];
        let mut joined = first.trim_end().to_string();
        i += 1;
        if !first.trim().is_empty() {
            match description_column(first) {
                Some(col) => {
                    while i < lines.len()
                        && indent_of(lines[i]) == col
                        && !lines[i].trim().is_empty()
                        && description_column(lines[i]).is_none()
                    {
                        joined.push(' ');
                        joined.push_str(lines[i].trim());
                        i += 1;
                    }
                }
                None => {
                    // Prose: at the margin any line of the paragraph; indented,
                    // only a line that goes on with the sentence (lower case).
                    let lead = indent_of(first);
                    while i < lines.len()
                        && indent_of(lines[i]) == lead
                        && !lines[i].trim().is_empty()
                        && description_column(lines[i]).is_none()
                        && (lead == 0
                            || lines[i]
                                .trim_start()
                                .starts_with(|c: char| c.is_ascii_lowercase()))
                    {
                        joined.push(' ');
                        joined.push_str(lines[i].trim());
                        i += 1;
                    }
                }
            }
        }
        out.extend(wrap_hanging(&joined, width));
    }
    out
}

/// Splits a line longer than `width` (in characters) at spaces (or after a
/// comma when a word alone is too long), continuing under the column where
/// its description starts (after the first run of two spaces), or two in.
pub fn wrap_hanging(line: &str, width: usize) -> Vec<String> {
    let len = |s: &str| s.chars().count();
    if len(line) <= width {
        return vec![line.to_string()];
    }
    let lead = line.len() - line.trim_start().len();
    let hang = line[lead..]
        .find("  ")
        .map(|i| {
            let after = &line[lead + i..];
            lead + i + (after.len() - after.trim_start().len())
        })
        .filter(|h| *h < width * 2 / 3)
        .unwrap_or(lead);
    let mut out = Vec::new();
    let mut rest = line.to_string();
    let mut first = true;
    while len(&rest) > width {
        let chars: Vec<(usize, char)> = rest.char_indices().collect();
        let limit = chars[width].0;
        let floor = if first { lead } else { hang };
        let head = &rest[..limit];
        let cut = head
            .rfind(' ')
            .filter(|i| *i > floor)
            .or_else(|| head.rfind(',').map(|i| i + 1).filter(|i| *i > floor))
            .unwrap_or(limit);
        out.push(rest[..cut].trim_end().to_string());
        let tail = rest[cut..].trim_start();
        rest = format!("{}{tail}", " ".repeat(hang));
        first = false;
    }
    out.push(rest);
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_with_a_hanging_indent() {
        let line = format!("  -x, --long NAME   {}", "word ".repeat(20));
        let got = wrap_hanging(line.trim_end(), 40);
        assert!(got.len() > 2);
        for l in &got {
            assert!(l.chars().count() <= 40, "{l:?}");
        }
        assert!(got[1].starts_with(&" ".repeat(20)) && !got[1].starts_with(&" ".repeat(21)));
        let json = format!("  {{{}}}", "\"k\":\"v\",".repeat(20));
        for l in wrap_hanging(&json, 40) {
            assert!(l.chars().count() <= 40, "{l:?}");
        }
        assert_eq!(wrap_hanging("short", 40), vec!["short".to_string()]);
    }

    #[test]
    fn roff_lines_are_defused() {
        assert_eq!(roff_line(".SH x"), "\\&.SH x");
        assert_eq!(roff_line("a\\b --c"), "a\\eb \\-\\-c");
    }
}
