//! The plan the walkthrough builds, and the command line (argv and its
//! shell-quoted display) that runs it: pure, no terminal.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;

use crate::cli::{ColorWhen, GlobalArgs};
use crate::output::escape::is_unsafe;

// ------------------------------------------------------------- the plan

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Mode {
    #[default]
    Query,
    Follow,
    Summary,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Limit {
    #[default]
    Default,
    Newest(usize),
    All,
}

/// One filter flag, with its value if it takes one.
#[derive(Clone, Debug)]
pub(super) struct Opt {
    pub(super) flag: &'static str,
    pub(super) value: Option<String>,
    /// Quote the value even when it needs no quoting (names, phrases, log
    /// content: the admin sees where the value starts and ends).
    pub(super) always_quote: bool,
}

/// What the walkthrough decided.
#[derive(Clone, Debug, Default)]
pub(super) struct Plan {
    pub(super) mode: Mode,
    /// Filters in the order they were chosen.
    pub(super) filters: Vec<Opt>,
    pub(super) since: Option<String>,
    pub(super) until: Option<String>,
    pub(super) time_chosen: bool,
    pub(super) format: Format,
    pub(super) limit: Limit,
}

/// The argv that runs, and the same words shell-quoted for display.
#[derive(Debug, Default)]
pub(super) struct CommandLine {
    pub(super) argv: Vec<OsString>,
    pub(super) shown: Vec<String>,
}

impl CommandLine {
    pub(super) fn word(&mut self, w: &str) {
        self.argv.push(w.into());
        self.shown.push(w.to_string());
    }

    pub(super) fn opt(&mut self, flag: &str, value: &OsStr, always_quote: bool) {
        if value.as_bytes().first() == Some(&b'-') {
            // `--user -x` would read -x as a flag: one word, `--user=-x`.
            let mut arg = OsString::from(format!("{flag}="));
            arg.push(value);
            self.argv.push(arg);
            self.shown
                .push(format!("{flag}={}", shell_quote_os(value, true)));
        } else {
            self.argv.push(flag.into());
            self.argv.push(value.to_os_string());
            self.shown.push(flag.to_string());
            self.shown.push(shell_quote_os(value, always_quote));
        }
    }
}

impl Plan {
    pub(super) fn add(&mut self, flag: &'static str, value: impl Into<String>, always_quote: bool) {
        let value = value.into();
        let dup = self
            .filters
            .iter()
            .any(|o| o.flag == flag && o.value.as_deref() == Some(value.as_str()));
        if !dup {
            self.filters.push(Opt {
                flag,
                value: Some(value),
                always_quote,
            });
        }
    }

    pub(super) fn has_flag(&self, flag: &str) -> bool {
        self.filters.iter().any(|o| o.flag == flag)
    }

    pub(super) fn add_switch(&mut self, flag: &'static str) {
        if !self.has_flag(flag) {
            self.filters.push(Opt {
                flag,
                value: None,
                always_quote: false,
            });
        }
    }

    /// The filters so far, as flags (for the prompts).
    pub(super) fn filters_text(&self) -> String {
        let mut l = CommandLine::default();
        self.push_filters(&mut l);
        l.shown.join(" ")
    }

    pub(super) fn push_filters(&self, l: &mut CommandLine) {
        for o in &self.filters {
            match &o.value {
                Some(v) => l.opt(o.flag, OsStr::new(v), o.always_quote),
                None => l.word(o.flag),
            }
        }
        if let Some(s) = &self.since {
            l.opt("--since", OsStr::new(s), true);
        }
        if let Some(u) = &self.until {
            l.opt("--until", OsStr::new(u), true);
        }
    }

    /// The command that does what was chosen: the subcommand, the filters,
    /// the output, then the global options given to `guided` itself.
    pub(super) fn command_line(&self, g: &GlobalArgs) -> CommandLine {
        let mut l = CommandLine::default();
        l.word("ds01-events");
        match self.mode {
            Mode::Query => {}
            Mode::Follow => l.word("follow"),
            Mode::Summary => l.word("summary"),
        }
        self.push_filters(&mut l);
        match self.format {
            _ if g.json => l.word("--json"),
            Format::Table => {}
            Format::Json => l.word("--json"),
            Format::Csv => l.opt("--output", OsStr::new("csv"), false),
        }
        match self.limit {
            Limit::Default => {}
            Limit::Newest(n) => l.opt("--limit", OsStr::new(&n.to_string()), false),
            Limit::All => l.word("--all"),
        }
        if g.utc {
            l.word("--utc");
        }
        match g.color {
            ColorWhen::Auto => {}
            ColorWhen::Always => l.opt("--color", OsStr::new("always"), false),
            ColorWhen::Never => l.opt("--color", OsStr::new("never"), false),
        }
        for f in &g.file {
            l.opt("--file", f.as_os_str(), true);
        }
        if let Some(d) = &g.hosts_dir {
            l.opt("--hosts-dir", d.as_os_str(), true);
        }
        l
    }
}

// ------------------------------------------------------------- quoting

/// Characters a POSIX shell reads literally outside quotes.
pub(super) fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_./:@%+,=-".contains(c)
}

/// One shell word that reads back as `s` in sh, bash and zsh: bare when
/// nothing needs quoting (and `always` is false), else in single quotes;
/// with control or invisible characters, bash's `$'...'` with escapes, so
/// nothing from the log reaches the terminal raw.
pub(super) fn shell_quote(s: &str, always: bool) -> String {
    if s.chars().any(is_unsafe) {
        let mut out = String::from("$'");
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if c.is_ascii() && is_unsafe(c) => out.push_str(&format!("\\x{:02x}", c as u32)),
                c if is_unsafe(c) && (c as u32) <= 0xffff => {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                }
                c if is_unsafe(c) => out.push_str(&format!("\\U{:08x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('\'');
        return out;
    }
    if !always && !s.is_empty() && s.chars().all(is_plain) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// [`shell_quote`] for paths, which need not be UTF-8.
pub(super) fn shell_quote_os(s: &OsStr, always: bool) -> String {
    if let Some(t) = s.to_str() {
        return shell_quote(t, always);
    }
    let mut out = String::from("$'");
    for &b in s.as_bytes() {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("\\'"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("alice", true), "'alice'");
        assert_eq!(shell_quote("gpu", false), "gpu");
        assert_eq!(shell_quote("*.reject", false), "'*.reject'");
        assert_eq!(shell_quote("it's", true), "'it'\\''s'");
        assert_eq!(shell_quote("1 hour ago", false), "'1 hour ago'");
        assert_eq!(shell_quote("a\x1b[31mb", true), "$'a\\x1b[31mb'");
        assert_eq!(shell_quote("a'\u{202e}", true), "$'a\\'\\u202e'");
        assert_eq!(shell_quote("", false), "''");
        assert_eq!(
            shell_quote_os(OsStr::from_bytes(b"/tmp/\xff x"), true),
            "$'/tmp/\\xff x'"
        );
    }

    #[test]
    pub(super) fn command_line_matches_argv() {
        let mut p = Plan::default();
        p.add("--user", "alice", true);
        p.add("--user", "-odd", true);
        p.add("--type", "gpu", false);
        p.add_switch("--problems");
        p.since = Some("1 hour ago".into());
        p.limit = Limit::Newest(20);
        let g = GlobalArgs {
            file: vec![PathBuf::from("/tmp/e v.jsonl")],
            utc: true,
            ..GlobalArgs::default()
        };
        let l = p.command_line(&g);
        assert_eq!(
            l.shown.join(" "),
            "ds01-events --user 'alice' --user='-odd' --type gpu --problems \
             --since '1 hour ago' --limit 20 --utc --file '/tmp/e v.jsonl'"
        );
        let argv: Vec<&str> = l.argv.iter().map(|a| a.to_str().unwrap()).collect();
        assert_eq!(
            argv,
            [
                "ds01-events",
                "--user",
                "alice",
                "--user=-odd",
                "--type",
                "gpu",
                "--problems",
                "--since",
                "1 hour ago",
                "--limit",
                "20",
                "--utc",
                "--file",
                "/tmp/e v.jsonl"
            ]
        );
        p.mode = Mode::Summary;
        p.limit = Limit::Default;
        p.format = Format::Json;
        let l = p.command_line(&GlobalArgs::default());
        assert!(l.shown.join(" ").starts_with("ds01-events summary --user"));
        assert!(l.shown.join(" ").ends_with("--since '1 hour ago' --json"));
        // Globals given to guided carry over; --json only once.
        let g = GlobalArgs {
            json: true,
            color: ColorWhen::Never,
            ..GlobalArgs::default()
        };
        let shown = p.command_line(&g).shown.join(" ");
        assert!(shown.ends_with("--since '1 hour ago' --json --color never"));
    }
}
