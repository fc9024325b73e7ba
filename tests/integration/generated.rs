//! The man pages and completions in the repository are what the binary
//! generates; the bash completion completes subcommands and flags.

use std::path::Path;
use std::process::Command;

use crate::util;

#[test]
fn checked_in_man_pages_and_completions_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (rel, bytes) in ds01_events::commands::generate::files() {
        match std::fs::read(root.join(&rel)) {
            Ok(on_disk) if on_disk == bytes => {}
            _ => stale.push(rel),
        }
    }
    assert!(
        stale.is_empty(),
        "out of date: {stale:?}; run `cargo run -- generate --out .` and commit"
    );
}

#[test]
#[ignore = "needs man (apt-get install man-db)"]
fn man_page_renders() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("man")
        .arg("-l")
        .arg(root.join("man/ds01-events.1"))
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "100")
        .output()
        .expect("man runs (apt-get install man-db)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("ds01-events"), "{text}");
    assert!(text.contains("--since"), "{text}");
    assert!(text.contains("Exit codes"), "{text}");
}

fn complete(words: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = format!(
        r#"source {comp}
COMP_WORDS=({words})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="{words}"
COMP_POINT=${{#COMP_LINE}}
fn=$(complete -p ds01-events | sed 's/.*-F \([^ ]*\).*/\1/')
"$fn" ds01-events "${{COMP_WORDS[$COMP_CWORD]}}" "${{COMP_WORDS[$COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        comp = root.join("completions/ds01-events.bash").display()
    );
    let out = util::scrubbed("bash")
        .arg("-c")
        .arg(script)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completion_completes_subcommands_and_flags() {
    let subs = complete("ds01-events su");
    assert!(subs.contains(&"summary".to_string()), "{subs:?}");
    let flags = complete("ds01-events --si");
    assert!(flags.contains(&"--since".to_string()), "{flags:?}");
    let log_flags = complete("ds01-events log --st");
    assert!(log_flags.contains(&"--strict".to_string()), "{log_flags:?}");
}
