//! `demo [DIR]`: a realistic sample log ending now, so every example in the
//! README and `--help` finds events on a fresh clone, on any date.
//!
//! The generator is deterministic for a given seed and reference time and is
//! what the integration tests use for their data: the v1 envelope, the old
//! schema (`ts`/`event`, flat fields), flat audit lines (`timestamp`/`event`),
//! bare `NaN` tokens, lines written up to a second late by concurrent
//! writers, and malformed lines (truncated, torn, empty, binary, ANSI
//! escapes). Event types and detail keys follow the scripts that write them
//! (see src/registry.rs).
//!
//! Layout: `world` (random source, users, containers), `events` (one
//! line of each schema), `generate` (the whole log), `files` (the
//! demo's rotated files); this file has the public types and the command.

mod events;
mod files;
mod generate;
mod world;

use std::path::Path;

use jiff::Timestamp;

use crate::exit::{self, Failure};
pub use files::write_demo;
pub use generate::generate;

/// The file in a demo directory that says the directory is the demo's, so a
/// second run may replace the files it wrote.
const MARKER: &str = ".ds01-demo";
const NAME: &str = "events.jsonl";

/// What to generate.
#[derive(Clone, Debug)]
pub struct Spec {
    /// Number of lines, malformed ones included.
    pub lines: usize,
    pub seed: u64,
    /// The newest event is a few seconds before this.
    pub now: Timestamp,
    pub span_days: f64,
    /// Share of lines in the old schema (`ts`/`event`).
    pub old_fraction: f64,
    /// Share of flat audit lines (`timestamp`/`event`, fields flat).
    pub flat_fraction: f64,
    /// Share of malformed lines (one in six of them the valid `ansi_escaped` kind).
    pub malformed_fraction: f64,
    /// Users besides alice and bob, who are always there.
    pub users: usize,
}

impl Spec {
    pub fn new(lines: usize, seed: u64, now: Timestamp) -> Spec {
        Spec {
            lines,
            seed,
            now,
            span_days: 30.0,
            old_fraction: 0.05,
            flat_fraction: 0.01,
            malformed_fraction: 0.001,
            users: 30,
        }
    }
}

/// One generated line.
#[derive(Clone, Debug)]
pub struct Line {
    pub bytes: Vec<u8>,
    /// The event's time (for malformed lines: the time of its neighbours).
    pub at: Timestamp,
    /// `v1`, `old`, `flat`, or the malformed kind: `truncated`, `torn`,
    /// `empty`, `binary`, `ansi_raw`, or `ansi_escaped` (valid JSON).
    pub kind: &'static str,
}

impl Line {
    /// A JSON object the query tool reads as an event.
    pub fn is_event(&self) -> bool {
        matches!(self.kind, "v1" | "old" | "flat" | "ansi_escaped")
    }
}

/// A generated log, in file order.
#[derive(Clone, Debug)]
pub struct Sample {
    pub lines: Vec<Line>,
}
impl Sample {
    /// The file's bytes: every line newline-terminated.
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for l in &self.lines {
            out.extend_from_slice(&l.bytes);
            out.push(b'\n');
        }
        out
    }

    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        std::fs::write(path, self.bytes())
    }

    pub fn events(&self) -> usize {
        self.lines.iter().filter(|l| l.is_event()).count()
    }

    /// 1-based line numbers of the lines that are not events.
    pub fn malformed_lines(&self) -> Vec<usize> {
        (self.lines.iter().enumerate())
            .filter(|(_, l)| !l.is_event())
            .map(|(i, _)| i + 1)
            .collect()
    }
}

/// Shell quoting for the printed lines.
fn quote(p: &Path) -> String {
    format!("'{}'", p.to_string_lossy().replace('\'', r"'\''"))
}

/// `ds01-events demo [DIR]`: writes the sample, prints the lines that point
/// a shell at it (for `eval "$(ds01-events demo)"`): the events file and,
/// when this binary is not the `ds01-events` on PATH, a shell function of
/// that name that runs it.
pub fn run(dir: Option<&Path>) -> Result<i32, Failure> {
    let dir = dir.unwrap_or(Path::new("ds01-demo"));
    let cant = |what: &str, e: std::io::Error| {
        Failure::new(
            exit::CANT_CREATE,
            format!(
                "cannot {what} {}: {e}; pick another directory: ds01-events demo DIR",
                dir.display()
            ),
        )
    };
    match std::fs::symlink_metadata(dir) {
        Ok(m) if !m.is_dir() => {
            return Err(Failure::new(
                exit::CANT_CREATE,
                format!(
                    "{} is not a directory; pick another: ds01-events demo DIR",
                    dir.display()
                ),
            ))
        }
        Ok(_) => {
            // Only a directory the demo made (its marker) or an empty one:
            // never files beside someone's real log.
            let ours = dir.join(MARKER).exists();
            let entries = std::fs::read_dir(dir).map_err(|e| cant("read", e))?;
            let mut old = Vec::new();
            let mut foreign = false;
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if ours && name.starts_with(NAME) {
                    old.push(e.path());
                } else if name != MARKER {
                    foreign = true;
                }
            }
            if !ours && foreign {
                return Err(Failure::new(
                    exit::CANT_CREATE,
                    format!(
                        "{} is not empty and the demo did not write it; leaving it alone: \
                         pick a new or empty directory: ds01-events demo DIR",
                        dir.display()
                    ),
                ));
            }
            for p in old {
                std::fs::remove_file(&p).map_err(|e| cant("replace the files in", e))?;
            }
        }
        Err(_) => std::fs::create_dir_all(dir).map_err(|e| cant("create", e))?,
    }
    std::fs::write(
        dir.join(MARKER),
        "written by `ds01-events demo`; a second run replaces the events files here\n",
    )
    .map_err(|e| cant("write to", e))?;
    let files = write_demo(dir, Timestamp::now()).map_err(|e| cant("write to", e))?;
    let current = std::path::absolute(dir.join(NAME)).unwrap_or_else(|_| dir.join(NAME));
    let total: usize = files.iter().map(|(_, n)| n).sum();
    println!("export DS01_EVENTS_FILE={}", quote(&current));
    // The binary that wrote the demo, for a clone where it is not on PATH.
    if let Ok(exe) = std::env::current_exe() {
        let on_path = std::env::var_os("PATH").is_some_and(|p| {
            std::env::split_paths(&p).any(|d| {
                d.join("ds01-events")
                    .canonicalize()
                    .is_ok_and(|p| exe.canonicalize().is_ok_and(|e| e == p))
            })
        });
        if !on_path {
            // A function, not an alias: usable on the same command line, and
            // `log_event` (shell-init) finds the binary through DS01_EVENTS_BIN.
            println!("export DS01_EVENTS_BIN={}", quote(&exe));
            println!("ds01-events() {{ \"$DS01_EVENTS_BIN\" \"$@\"; }}");
        }
    }
    crate::say!(
        "ds01-events: wrote {total} events ending now in {} files under {} \
         (users alice, bob and others; container proj._.1001); \
         eval this output, then try: ds01-events --user alice --since \"1 hour ago\"",
        files.len(),
        dir.display()
    );
    Ok(exit::OK)
}
