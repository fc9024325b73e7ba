//! Every example in README.md and `--help` finds events on the data that
//! ships with the repository: `ds01-events demo` writes a sample ending now,
//! its output is `eval`ed by bash as README's first line does, and each
//! example line runs as written (bash does the quoting).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{self, bin};

/// Commands that act on the system rather than ask the log (root setup, the
/// health check of /var/log/ds01, files written under /usr and /var): not
/// run here; tests/integration/setup_doctor.rs and tests/integration/metrics.rs cover them.
const NOT_QUERIES: &[&str] = &["sudo ", "ds01-events doctor", "> /", "--output /"];

/// The README's ```sh blocks, as (line number, text) per block.
fn readme_blocks() -> Vec<Vec<(usize, String)>> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut cur: Option<Vec<(usize, String)>> = None;
    for (i, line) in text.lines().enumerate() {
        match (&mut cur, line.trim_end()) {
            (None, "```sh") => cur = Some(Vec::new()),
            (Some(_), "```") => blocks.push(cur.take().unwrap()),
            (Some(b), l) if !l.trim().is_empty() => b.push((i + 1, l.to_string())),
            _ => {}
        }
    }
    blocks
}

/// bash with a scrubbed environment, in `cwd`.
fn bash(cwd: &Path, script: &str) -> Command {
    let mut c = util::scrubbed("bash");
    c.arg("-c").arg(script).current_dir(cwd).env("HOME", cwd);
    c
}

/// A demo under `dir/ds01-demo` and what it printed for `eval`.
fn demo(dir: &Path) -> String {
    let o = util::cmd().arg("demo").current_dir(dir).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let events = dir.join("ds01-demo/events.jsonl");
    assert!(
        out.contains(&format!("export DS01_EVENTS_FILE='{}'", events.display())),
        "{out}"
    );
    out
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Lines of a file that may hold malformed, non-UTF-8 lines (the demo has
/// some, in whichever file the time of day puts them).
fn lines_of(p: &Path) -> usize {
    let data = std::fs::read(p).unwrap();
    // As str::lines counts them: a last newline ends a line, not a new one.
    data.split(|&b| b == b'\n').count() - usize::from(data.is_empty() || data.ends_with(b"\n"))
}

/// Runs one example after `eval "$(ds01-events demo)"`; asserts it found
/// events (or, for `log`, appended one).
fn check(dir: &Path, prelude: &str, where_: &str, example: &str) {
    let events = dir.join("ds01-demo/events.jsonl");
    let words: Vec<&str> = example.split_whitespace().collect();
    let script = format!("{prelude}\n{example}\n");
    if words.get(1) == Some(&"follow") {
        // Live: the first screen must show events; then it is stopped.
        let script = format!(
            "{prelude}\nds01-events() {{ exec \"$DS01_EVENTS_BIN\" \"$@\"; }}\n{example}\n"
        );
        let mut child = bash(dir, &script)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The header and one event within 20 s (read on a thread: a follow
        // that shows nothing must fail the test, not hang it).
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut shown = Vec::new();
        while shown.len() < 2 {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(l) => shown.push(l),
                Err(_) => break,
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(
            shown.len(),
            2,
            "{where_}: `{example}` showed no events: {shown:?}"
        );
        return;
    }
    let writes = words.get(1) == Some(&"log") || example.contains("log_event ");
    let before = lines_of(&events);
    let o = bash(dir, &script).output().unwrap();
    assert!(
        o.status.success(),
        "{where_}: `{example}` exit {:?}: {}",
        o.status,
        text(&o)
    );
    if writes {
        assert_eq!(
            lines_of(&events),
            before + 1,
            "{where_}: `{example}` did not append one event: {}",
            text(&o)
        );
        return;
    }
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    // Output redirected to a file (`> failed.csv`): that file is the output.
    let shown = match example.split_once(" > ") {
        Some((_, f)) => std::fs::read_to_string(dir.join(f.split_whitespace().next().unwrap()))
            .unwrap_or_default(),
        None => out.into_owned(),
    };
    assert!(
        !err.contains("no events") && !shown.contains("no events"),
        "{where_}: `{example}` found no events: {err}"
    );
    let rows = shown.lines().filter(|l| !l.trim().is_empty()).count();
    let header = usize::from(words.contains(&"csv") || !words.contains(&"--json"));
    assert!(
        rows > header,
        "{where_}: `{example}` printed no events:\n{shown}{err}"
    );
}

#[test]
fn every_readme_and_help_example_finds_events_in_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let prelude = demo(dir.path());
    let mut examples: Vec<(String, String)> = Vec::new();
    for block in readme_blocks() {
        // A block whose lines are not each a ds01-events command (shell-init,
        // then log_event) runs as one script.
        let standalone = block.iter().all(|(_, l)| {
            l.starts_with("ds01-events ") || l.starts_with("cargo ") || l.starts_with("eval ")
        });
        if standalone {
            for (n, l) in block {
                if l.starts_with("ds01-events ") {
                    examples.push((format!("README.md:{n}"), l));
                }
            }
        } else {
            let n = block[0].0;
            let script: Vec<String> = block.into_iter().map(|(_, l)| l).collect();
            examples.push((format!("README.md:{n}"), script.join("\n")));
        }
    }
    let help = Command::new(bin()).arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let section = help
        .split("Examples:\n")
        .nth(1)
        .expect("--help has Examples");
    for l in section.lines().take_while(|l| l.starts_with("  ")) {
        // `ds01-events ... (what it shows)`: the note is not part of the command.
        let cmd = l.trim().split("  (").next().unwrap().trim();
        examples.push(("--help".into(), cmd.to_string()));
    }
    let mut ran = 0;
    for (where_, example) in &examples {
        if NOT_QUERIES.iter().any(|n| example.contains(n)) {
            continue;
        }
        eprintln!("{where_}: {example}");
        check(dir.path(), &prelude, where_, example);
        ran += 1;
    }
    // The README's examples block, --help's eight, log, shell-init.
    assert!(ran >= 15, "only {ran} examples found: {examples:?}");
    for must in [
        "--user alice --since \"1 hour ago\"",
        "--problems --since yesterday",
        "summary --since \"7 days ago\"",
        "--container proj._.1001 --all --json",
    ] {
        assert!(
            examples.iter().any(|(_, e)| e.contains(must)),
            "no example with {must}"
        );
    }
}

/// README's first line: the demo's output, evaluated, points the shell at
/// the sample, so `ds01-events` on the same line shows its newest events; a
/// second run replaces the sample; a directory holding other events files
/// is left alone.
#[test]
fn demo_output_evaluates_to_a_working_shell_and_keeps_foreign_logs() {
    let dir = tempfile::tempdir().unwrap();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let first = readme_blocks()[0][0].1.clone();
    assert!(first.contains("demo"), "README's first command: {first}");
    let line = first.split(" #").next().unwrap().trim().replace(
        "cargo run -q --release --",
        &format!("'{}'", bin().display()),
    );
    let o = bash(dir.path(), &line).output().unwrap();
    assert!(o.status.success(), "{line}: {}", text(&o));
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(shown.lines().count() > 40, "{line}:\n{shown}");
    drop(readme);
    // Again: replaced, not appended to.
    let demo_file = dir.path().join("ds01-demo/events.jsonl");
    let n = lines_of(&demo_file);
    assert!(bash(dir.path(), &line).output().unwrap().status.success());
    assert!(lines_of(&demo_file).abs_diff(n) < n / 2, "the demo grew");
    // Someone's real log is never overwritten.
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    std::fs::write(real.join("events.jsonl"), "{}\n").unwrap();
    let o = util::cmd()
        .args(["demo", "real"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(73), "{}", text(&o));
    assert!(text(&o).contains("did not write"), "{}", text(&o));
    // Nor is anything written beside other files.
    std::fs::remove_file(real.join("events.jsonl")).unwrap();
    std::fs::write(real.join("notes.txt"), "mine\n").unwrap();
    let o = util::cmd()
        .args(["demo", "real"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(73), "{}", text(&o));
    assert_eq!(std::fs::read_dir(&real).unwrap().count(), 1);
    std::fs::write(real.join("events.jsonl"), "{}\n").unwrap();
    assert_eq!(
        std::fs::read_to_string(real.join("events.jsonl")).unwrap(),
        "{}\n"
    );
}

/// `ds01-events report` on the demo reads like a real server's month: each
/// GPU held for no longer than the demo spans (four days), most intervals
/// closed by their release, container lifetimes paired.
#[test]
fn the_demo_reports_plausible_gpu_hours_and_lifetimes() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let o = util::cmd()
        .args(["report", "--json", "--file"])
        .arg(dir.path().join("ds01-demo/events.jsonl"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let gpu = &j["gpu"];
    let by_gpu = gpu["hours_by_gpu"].as_object().unwrap();
    assert!(by_gpu.len() >= 8, "{gpu}");
    for (name, hours) in by_gpu {
        let h = hours.as_f64().unwrap();
        assert!(
            h > 0.0 && h <= 4.0 * 24.0 + 1.0,
            "{name}: {h} h in a 4-day demo"
        );
    }
    let (intervals, open) = (
        gpu["intervals"].as_u64().unwrap(),
        gpu["open_at_end"].as_u64().unwrap(),
    );
    assert!(intervals >= 100 && open * 5 < intervals, "{gpu}");
    let life = &j["containers"]["lifetime_hours"];
    assert!(life["n"].as_u64().unwrap() >= 50, "{life}");
    assert!(life["median"].as_f64().unwrap() < 24.0, "{life}");
}
