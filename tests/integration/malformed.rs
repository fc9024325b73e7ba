//! `--malformed`: every line queries skip, as `path:line: reason: text`,
//! time bounds applied by position, the text made safe for a terminal.

use std::fs;
use std::io::Write;

use crate::util;

fn line(t: &str, ty: &str) -> String {
    util::ev(t, ty).user("alice").nl()
}

#[test]
fn lists_each_malformed_line_with_its_place_and_reason() {
    let d = tempfile::tempdir().unwrap();
    let events = d.path().join("events.jsonl");
    let mut current = String::new();
    current += &line("2026-11-30T08:00:00.000000Z", "a.b");
    current += "{\"timestamp\":\"2026-11-30T08:0\n";
    current += &line("2026-11-30T12:00:00.000000Z", "a.b");
    current += "[1,2]\n";
    current += "not json \u{1b}]52;c;x\u{7}\n";
    fs::write(&events, current.as_bytes()).unwrap();
    let mut bad_utf8 = line("2026-11-29T08:00:00.000000Z", "a.b").into_bytes();
    bad_utf8.extend_from_slice(b"{\"x\":\"\xff\"}\n");
    let gz = fs::File::create(d.path().join("events.jsonl-20261129.gz")).unwrap();
    let mut enc = flate2::write::GzEncoder::new(gz, flate2::Compression::default());
    enc.write_all(&bad_utf8).unwrap();
    enc.finish().unwrap();

    let run = |args: &[&str]| {
        util::cmd()
            .arg("--file")
            .arg(&events)
            .args(args)
            .output()
            .unwrap()
    };
    let o = run(&["--malformed"]);
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    let rows: Vec<&str> = out.lines().collect();
    let p = events.display().to_string();
    assert_eq!(rows.len(), 4, "{out}");
    assert!(
        rows[0].ends_with("events.jsonl-20261129.gz:2: invalid UTF-8: {\"x\":\"\\xff\"}"),
        "{out}"
    );
    assert_eq!(
        rows[1],
        format!("{p}:2: truncated (no closing brace): {{\"timestamp\":\"2026-11-30T08:0")
    );
    assert_eq!(rows[2], format!("{p}:4: not a JSON object: [1,2]"));
    assert_eq!(
        rows[3],
        format!("{p}:5: invalid JSON: not json \\e]52;c;x\\x07"),
        "escaped"
    );
    // By position: lines after the 12:00 event only.
    let out =
        String::from_utf8(run(&["--malformed", "--since", "2026-11-30T10:00:00Z"]).stdout).unwrap();
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.starts_with(&format!("{p}:4:")), "{out}");
    // JSON rows for machines.
    let out = String::from_utf8(run(&["--malformed", "--json", "--current"]).stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["line"], 2);
    assert_eq!(v["reason"], "truncated (no closing brace)");
    // Other filters cannot match a line that is not an event.
    let o = run(&["--malformed", "--user", "alice"]);
    assert_eq!(o.status.code(), Some(64));
    // doctor points at it.
    let o = util::cmd()
        .env("DS01_EVENTS_LOST_COUNTER", d.path().join("lost"))
        .args(["doctor", "--file"])
        .arg(&events)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("--malformed"), "{text}");
}
