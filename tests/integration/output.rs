//! The human output (issue 10): the table fitted to a terminal, the pager,
//! follow's rows under its header, and the fast (rendered on the workers)
//! table and CSV paths printing exactly what the plain path prints. Drives
//! the real binary; terminals are real ptys made by `script` (util-linux).

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

use crate::util::{self, bin};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn sh(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Runs the binary in a pty of `cols` columns (stty), with `env` added to a
/// scrubbed environment; stdout and stderr both land in the pty's output.
fn on_tty(cols: usize, env: &[(&str, &str)], args: &[&str]) -> Output {
    on_tty_cmd(cols, env, &bin().to_string_lossy(), args)
}

fn on_tty_cmd(cols: usize, env: &[(&str, &str)], program: &str, args: &[&str]) -> Output {
    let mut line = format!("stty cols {cols} rows 40 2>/dev/null; exec {}", sh(program));
    for a in args {
        line.push(' ');
        line.push_str(&sh(a));
    }
    let mut c = util::scrubbed("script");
    c.env("TERM", "xterm-256color")
        .args(["-qec", &line, "/dev/null"]);
    for (k, v) in env {
        c.env(k, v);
    }
    c.stdin(Stdio::null());
    run_with_timeout(c, Duration::from_secs(60))
}

fn run_with_timeout(mut c: Command, limit: Duration) -> Output {
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    let child = c.spawn().unwrap();
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(o) => o.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            panic!("hung for {limit:?}");
        }
    }
}

/// The pty's text with CRs dropped.
fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).replace('\r', "")
}

fn piped(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = util::cmd();
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.stdin(Stdio::null());
    run_with_timeout(c, Duration::from_secs(60))
}

// ------------------------------------------------------ the fitted table

/// The table of tests/fixtures/fit.jsonl in a pty `cols` wide; `columns`
/// sets COLUMNS (then the pty is made another width, to show it wins).
fn fitted(cols: usize, columns: bool) -> String {
    let f = fixture("fit.jsonl");
    let width = cols.to_string();
    let env: Vec<(&str, &str)> = if columns {
        vec![("COLUMNS", width.as_str())]
    } else {
        vec![]
    };
    let pty = if columns { 200 } else { cols };
    let o = on_tty(
        pty,
        &env,
        &["--file", f.to_str().unwrap(), "--utc", "--no-pager"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    text(&o)
}

/// Checks what every fitted table must be, then compares with the snapshot.
fn check_fitted(got: &str, cols: usize, snapshot: &str) {
    let lines: Vec<&str> = got.lines().collect();
    assert!(lines[0].starts_with("TIME (UTC)"), "{got}");
    let details_at = lines[0].find("DETAILS").expect("DETAILS header");
    for l in &lines {
        assert!(l.width() <= cols, "wider than {cols}: {l:?}\n{got}");
        // A continuation line holds DETAILS only, under DETAILS.
        if l.starts_with(' ') {
            let indent = l.len() - l.trim_start().len();
            assert_eq!(indent, details_at, "{l:?}\n{got}");
            assert!(!l.trim_start().contains("  "), "{l:?}");
        }
    }
    // Every event starts one row (6 events), every header word once.
    assert_eq!(lines.iter().filter(|l| l.starts_with("2026-")).count(), 6);
    // Fixed columns start where their header does, in display columns,
    // wide characters and combining marks included.
    let header = lines[0];
    let starts: Vec<usize> = ["TYPE", "USER", "CONTAINER", "DETAILS"]
        .iter()
        .map(|h| header[..header.find(h).unwrap()].width())
        .collect();
    for l in lines.iter().filter(|l| l.starts_with("2026-")) {
        let cols_at = column_starts(l);
        for s in &starts {
            assert!(cols_at.contains(s), "no cell at {s} in {l:?}\n{got}");
        }
    }
    let want = fs::read_to_string(fixture(snapshot)).unwrap();
    assert_eq!(got, want, "differs from tests/fixtures/{snapshot}");
}

/// Display columns where a cell starts (after two or more spaces).
fn column_starts(line: &str) -> Vec<usize> {
    let mut out = vec![0];
    let mut spaces = 0;
    let mut col = 0;
    for c in line.chars() {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2 {
                out.push(col);
            }
            spaces = 0;
        }
        col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    out
}

#[test]
fn table_fits_80_columns_from_columns_env() {
    let got = fitted(80, true);
    check_fitted(&got, 80, "fit-80.txt");
    // Names too long are shortened, never split.
    assert!(got.contains("b.zimme"), "{got}");
    assert!(got.contains('…'), "{got}");
    assert!(!got
        .lines()
        .any(|l| l.trim() == "n" || l.trim() == "status_changed"));
}

#[test]
fn table_fits_100_columns_from_the_tty_size() {
    let got = fitted(100, false);
    check_fitted(&got, 100, "fit-100.txt");
}

#[test]
fn table_fits_160_columns() {
    let got = fitted(160, true);
    check_fitted(&got, 160, "fit-160.txt");
    // Wide enough: the names whole.
    assert!(got.contains("b.zimmermann@example.la"), "{got}");
    assert!(got.contains("田中-研究-コンテナ"), "{got}");
}

#[test]
fn piped_table_keeps_whole_values_one_line_per_event() {
    let f = fixture("fit.jsonl");
    let o = piped(
        &["--file", f.to_str().unwrap(), "--utc"],
        &[("COLUMNS", "80")],
    );
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 7, "{out}");
    assert!(!out.contains('…'));
    assert!(out.contains("proj._.b.zimmermann-jupyter-notebook"));
    assert!(out.contains("reason=OOMKilled after exceeding the memory limit of the container"));
    assert!(out.starts_with("TIME (UTC)"));
}

// ---------------------------------------------------------------- pager

/// A pager script writing what it read to `seen` (and its LESS to
/// `seen.less`), then a line of its own.
fn pager_script(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(
        &p,
        format!(
            "#!/bin/sh\nprintf '%s' \"${{LESS-unset}}\" > {seen}.less\ncat > {seen}\necho PAGER-{name}-DONE\n",
            seen = dir.join(format!("{name}.seen")).display(),
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    p
}

fn many_events(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("events.jsonl");
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "{{\"timestamp\":\"2026-01-30T10:{:02}:{:02}Z\",\"event_type\":\"gpu.allocate\",\"user\":\"u{}\",\"details\":{{\"seq\":{i}}}}}\n",
            (i / 60) % 60,
            i % 60,
            i % 7
        ));
    }
    fs::write(&path, s).unwrap();
    path
}

#[test]
fn pager_is_ds01_events_pager_then_pager_and_the_note_stays_visible() {
    let dir = tempfile::tempdir().unwrap();
    let ours = pager_script(dir.path(), "ours");
    let theirs = pager_script(dir.path(), "theirs");
    let file = many_events(dir.path(), 120);
    let f = file.to_str().unwrap();
    let o = on_tty(
        100,
        &[
            ("DS01_EVENTS_PAGER", ours.to_str().unwrap()),
            ("PAGER", theirs.to_str().unwrap()),
        ],
        &["--file", f, "--utc"],
    );
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let seen = fs::read_to_string(dir.path().join("ours.seen")).unwrap();
    assert!(seen.starts_with("TIME (UTC)"), "{seen}");
    assert_eq!(seen.lines().count(), 51, "{seen}");
    assert!(!dir.path().join("theirs.seen").exists());
    // LESS is set for the pager when unset.
    let less = fs::read_to_string(dir.path().join("ours.seen.less")).unwrap();
    assert_eq!(less, "FRSXMK");
    // The note comes after the pager is done: still on the screen.
    let done = out.find("PAGER-ours-DONE").expect("pager ran");
    let note = out.find("showing 50 of 120").expect("note");
    assert!(note > done, "{out}");
    // PAGER when DS01_EVENTS_PAGER is unset; LESS as the user set it.
    let o = on_tty(
        100,
        &[("PAGER", theirs.to_str().unwrap()), ("LESS", "R")],
        &["--file", f, "--utc", "-n", "3"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let seen = fs::read_to_string(dir.path().join("theirs.seen")).unwrap();
    assert_eq!(seen.lines().count(), 4, "{seen}");
    let less = fs::read_to_string(dir.path().join("theirs.seen.less")).unwrap();
    assert_eq!(less, "R");
}

#[test]
fn pager_is_skipped_with_no_pager_when_piped_and_for_follow() {
    let dir = tempfile::tempdir().unwrap();
    let ours = pager_script(dir.path(), "ours");
    let file = many_events(dir.path(), 20);
    let f = file.to_str().unwrap();
    let env = [("DS01_EVENTS_PAGER", ours.to_str().unwrap())];
    let seen = dir.path().join("ours.seen");
    // --no-pager on a terminal.
    let o = on_tty(100, &env, &["--file", f, "--utc", "--no-pager"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o).contains("seq=19"));
    assert!(!seen.exists(), "pager ran with --no-pager");
    // Not a terminal.
    let o = piped(&["--file", f, "--utc"], &env);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("seq=19"));
    assert!(!seen.exists(), "pager ran on a pipe");
    // An empty DS01_EVENTS_PAGER means none, even with PAGER set.
    let o = on_tty(
        100,
        &[("DS01_EVENTS_PAGER", ""), ("PAGER", ours.to_str().unwrap())],
        &["--file", f, "--utc"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o).contains("seq=19"));
    assert!(!seen.exists(), "pager ran with DS01_EVENTS_PAGER empty");
    // follow on a terminal: never (stopped by timeout's SIGTERM).
    let o = on_tty_cmd(
        100,
        &env,
        "timeout",
        &["2", bin().to_str().unwrap(), "follow", "--file", f, "--utc"],
    );
    assert!(text(&o).contains("seq=19"), "{}", text(&o));
    assert!(!seen.exists(), "follow used the pager");
}

#[test]
fn quitting_the_pager_early_ends_the_query_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let quitter = dir.path().join("quitter");
    fs::write(&quitter, "#!/bin/sh\nhead -n 2 >/dev/null\necho QUIT\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&quitter, fs::Permissions::from_mode(0o755)).unwrap();
    // 20,000 events (2 MB, 30 times a pipe's buffer): the pager quits long
    // before the query has written them.
    let file = many_events(dir.path(), 20_000);
    let f = file.to_str().unwrap();
    for format in ["table", "csv", "json"] {
        let o = on_tty(
            100,
            &[("DS01_EVENTS_PAGER", quitter.to_str().unwrap())],
            &["--file", f, "--all", "-o", format],
        );
        let out = text(&o);
        assert_eq!(o.status.code(), Some(0), "{format}: {out}");
        assert!(out.contains("QUIT"), "{out}");
        assert!(!out.contains("ds01-events:"), "{format}: {out}");
        assert!(!out.contains("seq=19999"), "{format}");
    }
}

// ------------------------------------------------------------- follow

#[test]
fn follow_rows_align_under_its_header_like_a_query() {
    let f = fixture("fit.jsonl");
    let mut child = util::cmd()
        .args(["follow", "--file", f.to_str().unwrap(), "--utc"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines() {
            if tx.send(l.unwrap()).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    while lines.len() < 7 {
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(l) => lines.push(l),
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(lines.len(), 7, "{lines:#?}");
    let header = &lines[0];
    assert!(header.starts_with("TIME (UTC)"), "{header}");
    let starts: Vec<usize> = ["TYPE", "USER", "CONTAINER", "DETAILS"]
        .iter()
        .map(|h| header[..header.find(h).unwrap()].width())
        .collect();
    // Rows whose values fit their columns start every cell under its header,
    // the wide and combining ones too (rows 3 and 4).
    for row in [&lines[3], &lines[4], &lines[5]] {
        let at = column_starts(row);
        for s in &starts {
            assert!(at.contains(s), "no cell at {s} in {row:?}\n{header}");
        }
    }
    // The same rows a query prints, given the same widths: one formatter.
    assert!(lines[3].contains("gpu.allocate") && lines[3].contains("note=日本語のメモ"));
    // CSV: the shared writer (fixed columns, every detail in `other`).
    let o = util::cmd()
        .args(["follow", "--file", f.to_str().unwrap(), "-o", "csv"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut o = o;
    let out = o.stdout.take().unwrap();
    let first: Vec<String> = BufReader::new(out)
        .lines()
        .take(2)
        .map(|l| l.unwrap())
        .collect();
    let _ = o.kill();
    let _ = o.wait();
    assert_eq!(first[0], "timestamp,event_type,user,source,container,other");
    assert!(
        first[1].starts_with("2026-01-30T10:00:00.000000Z,container.create,"),
        "{first:?}"
    );
}

// ---------------------------------------- fast paths print the plain path

/// One generated event line.
fn line(i: usize, user: &str, ty: &str, container: &str, value: &str) -> String {
    let t = format!(
        "2026-01-30T{:02}:{:02}:{:02}Z",
        (i / 3600) % 24,
        (i / 60) % 60,
        i % 60
    );
    util::ev(t, ty)
        .user(user)
        .details(serde_json::json!({
            "container": container, "v": value, "n": i, ("k".repeat(1 + i % 3)): i % 2 == 0,
        }))
        .line()
}

/// [`line`] as the writers write it (`ensure_ascii`, microseconds): a line
/// in its v1 form, which the fast paths render without a full parse.
fn v1_line(i: usize, user: &str, ty: &str, container: &str, value: &str) -> String {
    let l = line(i, user, ty, container, value).replacen("Z\"", ".000000Z\"", 1);
    let mut out = String::with_capacity(l.len());
    for c in l.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// `--all` (rows rendered on the workers) and `-n N` with N above the count
/// (rows through the sink one by one) print the same bytes.
fn same_both_ways(path: &Path, count: usize, extra: &[&str]) {
    let f = path.to_str().unwrap();
    let n = (count + 1).to_string();
    let mut all = vec!["--file", f, "--all"];
    all.extend_from_slice(extra);
    let mut limited = vec!["--file", f, "-n", &n];
    limited.extend_from_slice(extra);
    let a = piped(&all, &[]);
    let b = piped(&limited, &[]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(b.status.code(), Some(0));
    assert!(!a.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&a.stdout),
        String::from_utf8_lossy(&b.stdout),
        "{extra:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]
    #[test]
    fn fast_table_and_csv_print_what_the_plain_path_prints(
        events in prop::collection::vec(
            (
                "[a-z]{1,8}|[a-zé日本]{1,6}|=cmd|\\-[0-9]",
                "(gpu|container|auth|x)\\.[a-z_]{1,12}",
                "[a-z0-9._-]{1,20}|",
                "[ -~]{0,30}|[\\u{1b}\"\\n,]{1,3}|日本語|e\u{301}",
            ),
            1..40,
        )
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let body: String = events
            .iter()
            .enumerate()
            .map(|(i, (u, t, c, v))| line(i, u, t, c, v) + "\n")
            .collect();
        fs::write(&path, body).unwrap();
        for extra in [&["--utc"][..], &["-o", "csv"], &["-o", "csv-bare"], &["--color", "always", "--utc"]] {
            same_both_ways(&path, events.len(), extra);
        }
        // The same events as v1 lines (the light path), some not.
        let body: String = events
            .iter()
            .enumerate()
            .map(|(i, (u, t, c, v))| {
                (if i % 5 == 4 { line(i, u, t, c, v) } else { v1_line(i, u, t, c, v) }) + "\n"
            })
            .collect();
        fs::write(&path, body).unwrap();
        for extra in [&["--utc"][..], &["-o", "csv"], &["-o", "csv-bare"], &["--color", "always"]] {
            same_both_ways(&path, events.len(), extra);
        }
    }
}

/// Past the first 2,000 rows (the widths' and columns' sample) values wider
/// than their column and keys not seen yet: both paths agree.
#[test]
fn fast_paths_agree_past_the_first_batch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let mut body = String::new();
    for i in 0..2600 {
        let (user, ctr) = if i > 2100 && i % 50 == 0 {
            (
                "a-much-longer-user-name-than-before",
                "a-container-name-far-wider-than-the-first",
            )
        } else {
            ("bob", "web-1")
        };
        body.push_str(&v1_line(i, user, "gpu.allocate", ctr, "x"));
        body.push('\n');
        if i == 2300 {
            body.push_str(&v1_line(i, "late", "gpu.late", "c", "new key"));
            body.push('\n');
        }
    }
    fs::write(&path, body).unwrap();
    for extra in [&["--utc"][..], &["-o", "csv"], &["-o", "csv-bare"]] {
        same_both_ways(&path, 2601, extra);
    }
}

/// CSV reads back with Python's csv module with one column count, however
/// hostile the values.
#[test]
#[ignore = "needs python3"]
fn csv_parses_with_python_with_one_column_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let mut body = String::new();
    let values = [
        "plain",
        "a,b",
        "say \"hi\"",
        "line\nbreak",
        " edge ",
        "=SUM(A1)",
        "日本語",
        "\u{1b}[2J",
    ];
    for i in 0..3000 {
        let v = values[i % values.len()];
        body.push_str(&line(i, "u,ser", "gpu.allocate", "c\"1", v));
        body.push('\n');
    }
    body.push_str("{\"timestamp\":\"2026-01-30T23:59:59Z\",\"event_type\":\"x.late\",\"details\":{\"brand_new\":\"k,v\"}}\n");
    fs::write(&path, body).unwrap();
    for format in ["csv", "csv-bare"] {
        let o = piped(
            &["--file", path.to_str().unwrap(), "--all", "-o", format],
            &[],
        );
        assert_eq!(o.status.code(), Some(0));
        let mut py = Command::new("python3")
            .args([
                "-c",
                "import csv,sys\nrows=list(csv.reader(sys.stdin))\nprint(len(rows), sorted(set(len(r) for r in rows)))",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        py.stdin.take().unwrap().write_all(&o.stdout).unwrap();
        let r = py.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&r.stdout);
        let (rows, counts) = said.trim().split_once(' ').unwrap();
        assert_eq!(rows, "3002", "{said}");
        assert_eq!(
            counts.matches(',').count(),
            0,
            "several column counts: {said}"
        );
    }
}

// ------------------------------------------------------------- summary

#[test]
fn summary_fits_80_columns_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let long_user = format!("{}@example.lan", "a-very-long-user-name".repeat(4));
    let mut body = String::new();
    for i in 0..300 {
        let user = if i % 3 == 0 {
            long_user.as_str()
        } else {
            "bob"
        };
        body.push_str(&line(
            i * 700,
            user,
            "detection.container_status_changed_with_a_long_tail",
            "c",
            "x",
        ));
        body.push('\n');
    }
    fs::write(&path, body).unwrap();
    let o = on_tty(
        80,
        &[],
        &["--file", path.to_str().unwrap(), "summary", "--utc"],
    );
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    for l in out.lines() {
        assert!(l.width() <= 80, "wider than 80: {l:?}\n{out}");
    }
    assert!(
        out.contains("a-very-long-user-name") && out.contains('…'),
        "{out}"
    );
    assert!(out.contains('█'), "{out}");
    // Piped: the keys whole.
    let o = piped(&["--file", path.to_str().unwrap(), "summary", "--utc"], &[]);
    assert!(String::from_utf8_lossy(&o.stdout).contains(&long_user));
}
