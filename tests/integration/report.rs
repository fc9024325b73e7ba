//! `report`: every number checked against a plain count made here, on a
//! log generated here (v1 and old-schema lines, both tenses of the GPU
//! events, malformed lines with invalid UTF-8), rotated daily into plain and
//! `.gz` files; intervals open across the window's start and end.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{json, Map, Value};

use crate::util;

const US: i64 = 1_000_000;
const HOUR: i64 = 3600 * US;
const DAY: i64 = 86_400 * US;

/// 2026-10-01T00:00:00Z and 2026-11-01T00:00:00Z in microseconds.
const OCT: i64 = 1_790_812_800 * US;
const NOV: i64 = 1_793_491_200 * US;

fn run(file: &Path, args: &[&str]) -> Output {
    util::cmd()
        .arg("report")
        .arg("--file")
        .arg(file)
        .args(args)
        .output()
        .unwrap()
}

fn json_of(o: &Output) -> Value {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("one JSON object")
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

#[derive(Clone, Debug)]
struct Ev {
    /// Microseconds since 1970 (whole seconds for old-schema lines).
    t: i64,
    ty: &'static str,
    user: Option<String>,
    details: Map<String, Value>,
    old: bool,
}

fn stamp(us: i64, old: bool) -> String {
    let t = jiff::Timestamp::from_microsecond(us).unwrap();
    let base = t.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    if old {
        format!("{base}Z")
    } else {
        format!("{base}.{:06}Z", us.rem_euclid(US))
    }
}

impl Ev {
    fn line(&self) -> String {
        if self.old {
            let mut m = Map::new();
            m.insert("ts".into(), json!(stamp(self.t, true)));
            m.insert("event".into(), json!(self.ty));
            if let Some(u) = &self.user {
                m.insert("user".into(), json!(u));
            }
            for (k, v) in &self.details {
                m.insert(k.clone(), v.clone());
            }
            // The old writer's separators: ", " and ": ".
            let s = Value::Object(m).to_string();
            s.replace("\",\"", "\", \"").replace("\":", "\": ")
        } else {
            let mut m = Map::new();
            m.insert("timestamp".into(), json!(stamp(self.t, false)));
            m.insert("event_type".into(), json!(self.ty));
            m.insert("schema_version".into(), json!("1"));
            if let Some(u) = &self.user {
                m.insert("user".into(), json!(u));
            }
            if !self.details.is_empty() {
                m.insert("details".into(), Value::Object(self.details.clone()));
            }
            Value::Object(m).to_string()
        }
    }
}

fn ev(t: i64, ty: &'static str, user: Option<&str>, details: Value, old: bool) -> Ev {
    let Value::Object(details) = details else {
        panic!("details must be an object")
    };
    // Old-schema lines carry whole seconds.
    let t = if old { t - t.rem_euclid(US) } else { t };
    Ev {
        t,
        ty,
        user: user.map(str::to_string),
        details,
        old,
    }
}

const USERS: &[&str] = &[
    "ann.baker@lab.example",
    "bo.kim@lab.example",
    "cy.rossi@lab.example",
    "dee.patel@other.example",
    "labtech",
    "eve.silva@lab.example",
];
const TYPES: &[&str] = &["atomic", "devcontainer", "compose", "docker"];
const SLOTS: &[&str] = &["0", "1", "2.0", "2.1", "3", "GPU-aa11", "MIG-bb22"];

/// The GPU value the legacy writer stores: numbers typed, others as text.
fn legacy_gpu(slot: &str) -> Value {
    serde_json::from_str::<Value>(slot)
        .ok()
        .filter(|v| v.is_number())
        .unwrap_or_else(|| json!(slot))
}

/// A log from mid-September to mid-November 2026, in time order.
fn generate(seed: u64) -> Vec<Ev> {
    let mut r = Rng(seed);
    let mut out = Vec::new();
    let start = OCT - 12 * DAY;
    let span = 52 * DAY;
    let mut cid = 0u64;
    for _ in 0..1500 {
        let t = start + (r.below(span as u64) as i64);
        let user = USERS[r.below(USERS.len() as u64) as usize];
        let old = r.chance(15);
        let name = format!("proj{}._.{}", r.below(40), r.below(3));
        match r.below(12) {
            0..=2 => {
                // A container's life: created, discovered, maybe exited.
                cid += 1;
                let id = format!("{cid:012x}");
                let ty = TYPES[r.below(TYPES.len() as u64) as usize];
                out.push(ev(
                    t,
                    "container.create",
                    Some(user),
                    json!({"container": name, "container_type": ty}),
                    old,
                ));
                let has_gpu = match r.below(4) {
                    0 => json!(true),
                    1 => json!("true"),
                    2 => json!(false),
                    _ => json!("false"),
                };
                let d = t + (r.below(90) as i64 + 5) * US;
                out.push(ev(
                    d,
                    "detection.container_discovered",
                    Some(user),
                    json!({"container_id": id, "name": name, "has_gpu": has_gpu}),
                    old,
                ));
                if r.chance(10) {
                    // Discovered again while alive: the first one counts.
                    out.push(ev(
                        d + 60 * US,
                        "detection.container_discovered",
                        Some(user),
                        json!({"container_id": id, "name": name, "has_gpu": has_gpu}),
                        false,
                    ));
                }
                if r.chance(80) {
                    let x = d + (r.below(72 * 3600) as i64 + 60) * US;
                    out.push(ev(
                        x,
                        "detection.container_exited",
                        Some(user),
                        json!({"container_id": id, "name": name}),
                        old,
                    ));
                }
            }
            3..=5 => {
                // A GPU allocation, often in both tenses, often released.
                let slot = SLOTS[r.below(SLOTS.len() as u64) as usize];
                let both = r.chance(70);
                let legacy_only = !both && r.chance(50);
                let lag = (r.below(3) as i64 + 1) * US;
                if both || legacy_only {
                    out.push(ev(
                        t,
                        "gpu.allocated",
                        Some(user),
                        json!({"container": name, "gpu": legacy_gpu(slot)}),
                        old,
                    ));
                }
                if both || !legacy_only {
                    out.push(ev(
                        t + lag,
                        "gpu.allocate",
                        Some(user),
                        json!({"container": name, "gpu_uuid": slot}),
                        false,
                    ));
                }
                if r.chance(85) {
                    let rel = t + (r.below(30 * 3600) as i64 + 30) * US;
                    if r.chance(70) {
                        out.push(ev(
                            rel,
                            "gpu.released",
                            Some(user),
                            json!({"container": name, "gpu": legacy_gpu(slot)}),
                            old,
                        ));
                        out.push(ev(
                            rel + lag,
                            "gpu.release",
                            Some(user),
                            json!({"container": name, "gpu_uuid": slot}),
                            false,
                        ));
                    } else {
                        out.push(ev(
                            rel,
                            "gpu.release",
                            Some(user),
                            json!({"container": name, "gpu_uuid": slot}),
                            false,
                        ));
                    }
                }
            }
            6 => {
                // A release with nothing open (stale cleanup).
                out.push(ev(
                    t,
                    "gpu.release",
                    None,
                    json!({"container": format!("gone{}", r.below(9)), "gpu_uuid": "unknown"}),
                    false,
                ));
            }
            7 => {
                out.push(ev(
                    t,
                    "gpu.rejected",
                    Some(user),
                    json!({"container": name, "reason": "USER_AT_LIMIT"}),
                    old,
                ));
                // The allocator's other tense, not counted as a rejection.
                out.push(ev(
                    t + US,
                    "gpu.reject",
                    Some(user),
                    json!({"container": name}),
                    false,
                ));
            }
            8 => {
                let ty = ["auth.denied", "bare_metal.warning"][r.below(2) as usize];
                out.push(ev(t, ty, Some(user), json!({"reason": "x"}), old));
            }
            9 => {
                let ty = [
                    "maintenance.idle_kill",
                    "maintenance.runtime_kill",
                    "resource.oom_kill",
                    "user.added",
                ][r.below(4) as usize];
                out.push(ev(t, ty, Some(user), json!({"container": name}), old));
            }
            _ => {
                let ty =
                    ["container.start", "health.check", "gpu.health_check"][r.below(3) as usize];
                out.push(ev(t, ty, Some(user), json!({"container": name}), old));
            }
        }
    }
    // Fixed cases at the window's edges.
    let fixed = [
        // Opened before the window, second tense inside it, released inside:
        // not counted.
        (
            OCT - HOUR,
            "gpu.allocated",
            "edge._.1",
            "7",
            "ann.baker@lab.example",
        ),
        (
            OCT + 10 * US,
            "gpu.allocate",
            "edge._.1",
            "7",
            "ann.baker@lab.example",
        ),
        (
            OCT + 5 * HOUR,
            "gpu.release",
            "edge._.1",
            "7",
            "ann.baker@lab.example",
        ),
        // Open across the window's end, released after it: counted to the end.
        (
            NOV - 3 * HOUR,
            "gpu.allocated",
            "edge._.2",
            "8",
            "bo.kim@lab.example",
        ),
        (
            NOV - 3 * HOUR + US,
            "gpu.allocate",
            "edge._.2",
            "8",
            "bo.kim@lab.example",
        ),
        (
            NOV + 2 * HOUR,
            "gpu.released",
            "edge._.2",
            "8",
            "bo.kim@lab.example",
        ),
        // Never released: counted to the end.
        (NOV - 30 * HOUR, "gpu.allocate", "edge._.3", "9", "labtech"),
    ];
    for (t, ty, c, g, u) in fixed {
        let details = if ty.ends_with('d') {
            json!({"container": c, "gpu": legacy_gpu(g)})
        } else {
            json!({"container": c, "gpu_uuid": g})
        };
        out.push(ev(t, ty, Some(u), details, false));
    }
    out.sort_by_key(|e| e.t);
    out
}

/// The numbers for `[since, until)`, counted with plain loops.
struct Expected {
    created: u64,
    exited: u64,
    by_type: HashMap<String, u64>,
    by_user: HashMap<String, u64>,
    gpu: u64,
    non_gpu: u64,
    lifetimes: Vec<i64>,
    rejected: u64,
    hours_by_user: HashMap<String, i64>,
    hours_by_gpu: HashMap<String, i64>,
    hours_total: i64,
    auth_denied: u64,
    bare_metal: u64,
    idle: u64,
    runtime: u64,
    oom: u64,
    new_users: u64,
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn expected(events: &[Ev], since: i64, until: i64, user: Option<&str>) -> Expected {
    let mut x = Expected {
        created: 0,
        exited: 0,
        by_type: HashMap::new(),
        by_user: HashMap::new(),
        gpu: 0,
        non_gpu: 0,
        lifetimes: Vec::new(),
        rejected: 0,
        hours_by_user: HashMap::new(),
        hours_by_gpu: HashMap::new(),
        hours_total: 0,
        auth_denied: 0,
        bare_metal: 0,
        idle: 0,
        runtime: 0,
        oom: 0,
        new_users: 0,
    };
    let inside = |t: i64| t >= since && t < until;
    let mut open: HashMap<(String, String), (i64, String)> = HashMap::new();
    let mut alive: HashMap<String, i64> = HashMap::new();
    let add = |x: &mut Expected, u: &str, g: &str, a: i64, b: i64| {
        let us = (b - a).max(0);
        *x.hours_by_user.entry(u.to_string()).or_default() += us;
        *x.hours_by_gpu.entry(g.to_string()).or_default() += us;
        x.hours_total += us;
    };
    for e in events {
        let u = e.user.clone().unwrap_or("(system)".into());
        if user.is_some_and(|want| e.user.as_deref() != Some(want)) {
            continue;
        }
        let gkey = || {
            e.details
                .get("gpu_uuid")
                .or(e.details.get("gpu"))
                .map(text_of)
                .unwrap_or_default()
        };
        let ckey = || e.details.get("container").map(text_of).unwrap_or_default();
        match e.ty {
            "gpu.allocate" | "gpu.allocated" => {
                open.entry((ckey(), gkey())).or_insert((e.t, u.clone()));
            }
            "gpu.release" | "gpu.released" => {
                if let Some((a, who)) = open.remove(&(ckey(), gkey())) {
                    if inside(a) {
                        add(&mut x, &who, &gkey(), a, e.t.min(until));
                    }
                }
            }
            _ => {}
        }
        if !inside(e.t) {
            continue;
        }
        match e.ty {
            "container.create" => {
                x.created += 1;
                *x.by_type
                    .entry(text_of(&e.details["container_type"]))
                    .or_default() += 1;
                *x.by_user.entry(u.clone()).or_default() += 1;
            }
            "detection.container_discovered" => {
                let g = &e.details["has_gpu"];
                if g == &json!(true) || g == &json!("true") {
                    x.gpu += 1;
                } else {
                    x.non_gpu += 1;
                }
                alive
                    .entry(text_of(&e.details["container_id"]))
                    .or_insert(e.t);
            }
            "detection.container_exited" => {
                x.exited += 1;
                if let Some(a) = alive.remove(&text_of(&e.details["container_id"])) {
                    x.lifetimes.push(e.t - a);
                }
            }
            "gpu.rejected" => x.rejected += 1,
            "auth.denied" => x.auth_denied += 1,
            "bare_metal.warning" => x.bare_metal += 1,
            "maintenance.idle_kill" => x.idle += 1,
            "maintenance.runtime_kill" => x.runtime += 1,
            "resource.oom_kill" => x.oom += 1,
            "user.added" => x.new_users += 1,
            _ => {}
        }
    }
    for ((_, g), (a, who)) in open {
        if inside(a) {
            add(&mut x, &who, &g, a, until);
        }
    }
    x
}

/// Writes the log rotated daily: `events.jsonl-YYYYMMDD` (the day after)
/// plain or `.gz` in turn, the last three days in `events.jsonl`, and
/// malformed lines (invalid UTF-8, torn JSON) spread through the files.
/// Returns the current file and, per file in order, the UTC day it holds
/// (`i64::MAX` for the current file) and its malformed lines.
fn write_rotated(dir: &Path, events: &[Ev], seed: u64) -> (PathBuf, Vec<(i64, u64)>) {
    let mut r = Rng(seed);
    let last_day = events.last().unwrap().t.div_euclid(DAY);
    let mut files: Vec<(i64, Vec<u8>, u64)> = Vec::new();
    for e in events {
        let day = e.t.div_euclid(DAY);
        let day = if day >= last_day - 2 { i64::MAX } else { day };
        if files.last().is_none_or(|(d, _, _)| *d != day) {
            files.push((day, Vec::new(), 0));
        }
        let (_, buf, malformed) = files.last_mut().unwrap();
        if r.chance(1) {
            *malformed += 1;
            if r.chance(50) {
                buf.extend_from_slice(b"{\"timestamp\":\"2026-10-0\xff\xfe binary \x00\n");
            } else {
                let l = e.line();
                buf.extend_from_slice(&l.as_bytes()[..l.len() / 2]);
                buf.push(b'\n');
            }
        }
        buf.extend_from_slice(e.line().as_bytes());
        buf.push(b'\n');
    }
    for (i, (day, bytes, _)) in files.iter().enumerate() {
        if *day == i64::MAX {
            std::fs::write(dir.join("events.jsonl"), bytes).unwrap();
            continue;
        }
        let name = jiff::Timestamp::from_microsecond((day + 1) * DAY)
            .unwrap()
            .strftime("events.jsonl-%Y%m%d")
            .to_string();
        if i % 2 == 0 {
            let f = std::fs::File::create(dir.join(format!("{name}.gz"))).unwrap();
            let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
            gz.write_all(bytes).unwrap();
            gz.finish().unwrap();
        } else {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
    let counts = files.iter().map(|(d, _, m)| (*d, *m)).collect();
    (dir.join("events.jsonl"), counts)
}

/// Malformed lines in the files a report with this window's end reads:
/// all but those after a file rotated (named for the day after its
/// content) more than a day past the end, which hold only later lines.
fn malformed_read(files: &[(i64, u64)], until: i64) -> u64 {
    let mut n = 0;
    for (i, (_, m)) in files.iter().enumerate() {
        if i > 0 && files[i - 1].0 * DAY >= until + DAY {
            break;
        }
        n += m;
    }
    n
}

fn hours(us: i64) -> f64 {
    us as f64 / HOUR as f64
}

fn close(a: &Value, b: f64, what: &str) {
    let a = a
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: not a number: {a}"));
    assert!((a - b).abs() < 1e-6, "{what}: report {a}, counted {b}");
}

fn check(j: &Value, x: &Expected) {
    let c = &j["containers"];
    assert_eq!(c["created"], json!(x.created), "created");
    assert_eq!(c["exited"], json!(x.exited), "exited");
    assert_eq!(c["gpu"], json!(x.gpu), "gpu containers");
    assert_eq!(c["non_gpu"], json!(x.non_gpu), "non-gpu containers");
    let obj = |v: &Value| -> HashMap<String, u64> {
        v.as_object()
            .unwrap()
            .iter()
            .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
            .collect()
    };
    assert_eq!(obj(&c["by_type"]), x.by_type, "by type");
    assert_eq!(obj(&c["by_user"]), x.by_user, "by user");
    let l = &c["lifetime_hours"];
    assert_eq!(l["n"], json!(x.lifetimes.len()), "lifetimes");
    if !x.lifetimes.is_empty() {
        let mut v = x.lifetimes.clone();
        v.sort();
        let mean = v.iter().sum::<i64>() as f64 / v.len() as f64;
        close(&l["mean"], mean / HOUR as f64, "mean lifetime");
        close(&l["median"], hours(v[v.len() / 2]), "median lifetime");
    }
    let g = &j["gpu"];
    assert_eq!(g["rejected"], json!(x.rejected), "rejected");
    close(&g["hours_total"], hours(x.hours_total), "GPU-hours total");
    let by = |v: &Value| -> HashMap<String, f64> {
        v.as_object()
            .unwrap()
            .iter()
            .map(|(k, n)| (k.clone(), n.as_f64().unwrap()))
            .collect()
    };
    let (ru, rg) = (by(&g["hours_by_user"]), by(&g["hours_by_gpu"]));
    assert_eq!(ru.len(), x.hours_by_user.len(), "users with GPU-hours");
    for (u, us) in &x.hours_by_user {
        close(&json!(ru[u]), hours(*us), &format!("GPU-hours of {u}"));
    }
    assert_eq!(rg.len(), x.hours_by_gpu.len(), "GPUs with hours");
    for (k, us) in &x.hours_by_gpu {
        close(&json!(rg[k]), hours(*us), &format!("GPU-hours of GPU {k}"));
    }
    assert_eq!(j["auth_denied"]["count"], json!(x.auth_denied));
    assert_eq!(j["bare_metal_warnings"]["count"], json!(x.bare_metal));
    assert_eq!(j["lifecycle"]["idle_kill"], json!(x.idle));
    assert_eq!(j["lifecycle"]["runtime_kill"], json!(x.runtime));
    assert_eq!(j["lifecycle"]["oom_kill"], json!(x.oom));
    assert_eq!(j["new_users"], json!(x.new_users));
}

#[test]
fn month_report_matches_an_independent_count_over_rotated_gz_old_and_malformed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let events = generate(0x9e37_79b9_7f4a_7c15);
    let (file, files) = write_rotated(dir.path(), &events, 7);
    let malformed: u64 = files.iter().map(|(_, m)| m).sum();
    // Rotated plain and .gz files exist, and old-schema lines are in the log.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n.ends_with(".gz")));
    assert!(
        names
            .iter()
            .filter(|n| n.starts_with("events.jsonl-"))
            .count()
            > 20
    );
    assert!(events.iter().filter(|e| e.old).count() > 100);
    assert!(malformed > 5);

    let j = json_of(&run(&file, &["--month", "2026-10", "--json"]));
    let x = expected(&events, OCT, NOV, None);
    // The generated log has something in every section.
    assert!(x.created > 50 && x.lifetimes.len() > 20 && x.hours_total > 0);
    assert!(x.rejected > 0 && x.auth_denied > 0 && x.new_users > 0);
    check(&j, &x);
    // Every file up to the window's end is read (files written wholly
    // after it are not), its malformed lines counted.
    let read = malformed_read(&files, NOV);
    assert!(read < malformed, "the log goes on past the window");
    assert_eq!(j["malformed"], json!(read), "malformed lines counted");
    assert_eq!(j["window"]["since"], json!("2026-10-01T00:00:00Z"));
    assert_eq!(j["window"]["until"], json!("2026-11-01T00:00:00Z"));
    // The top-user lists hold at most five, the largest first.
    let top = j["gpu"]["rejected_top_users"].as_object().unwrap();
    assert!(!top.is_empty() && top.len() <= 5);
    // Per-day rows: the 31 days of October, their GPU-hours summing to the total.
    let days = j["per_day"].as_array().unwrap();
    assert_eq!(days.len(), 31);
    assert_eq!(days[0]["day"], json!("2026-10-01"));
    let sum: f64 = days.iter().map(|d| d["gpu_hours"].as_f64().unwrap()).sum();
    assert!((sum - hours(x.hours_total)).abs() < 1e-6);
    let created: u64 = days.iter().map(|d| d["created"].as_u64().unwrap()).sum();
    assert_eq!(created, x.created);

    // The same window as --since/--until.
    let j2 = json_of(&run(
        &file,
        &[
            "--since",
            "2026-10-01T00:00:00Z",
            "--until",
            "2026-11-01T00:00:00Z",
            "--json",
        ],
    ));
    check(&j2, &x);

    // Another window, and the whole history.
    let j3 = json_of(&run(&file, &["--month", "2026-09", "--json"]));
    check(&j3, &expected(&events, OCT - 30 * DAY, OCT, None));
}

#[test]
fn user_filter_applies_to_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let events = generate(0x1234_5678_9abc_def1);
    let (file, _) = write_rotated(dir.path(), &events, 3);
    for user in ["bo.kim@lab.example", "labtech"] {
        let j = json_of(&run(
            &file,
            &["--month", "2026-10", "--user", user, "--json"],
        ));
        check(&j, &expected(&events, OCT, NOV, Some(user)));
    }
}

#[test]
fn edges_of_the_window_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let lines: [&[u8]; 14] = [
        // Opened before October, second tense inside: nothing counted.
        br#"{"timestamp":"2026-09-30T23:00:00.000000Z","event_type":"gpu.allocated","schema_version":"1","user":"ann","details":{"container":"a","gpu":1}}"#,
        br#"{"timestamp":"2026-10-01T00:00:05.000000Z","event_type":"gpu.allocate","schema_version":"1","user":"ann","details":{"container":"a","gpu_uuid":"1"}}"#,
        br#"{"timestamp":"2026-10-01T02:00:00.000000Z","event_type":"gpu.release","schema_version":"1","user":"ann","details":{"container":"a","gpu_uuid":"1"}}"#,
        // Both tenses, two hours: counted once.
        br#"{"ts": "2026-10-10T10:00:00Z", "event": "gpu.allocated", "user": "bo@x.org", "container": "b", "gpu": 2.1}"#,
        br#"{"timestamp":"2026-10-10T10:00:01.000000Z","event_type":"gpu.allocate","schema_version":"1","user":"bo@x.org","details":{"container":"b","gpu_uuid":"2.1"}}"#,
        br#"{"timestamp":"2026-10-10T12:00:00.000000Z","event_type":"gpu.released","schema_version":"1","user":"bo@x.org","details":{"container":"b","gpu":2.1}}"#,
        br#"{"timestamp":"2026-10-10T12:00:01.000000Z","event_type":"gpu.release","schema_version":"1","user":"bo@x.org","details":{"container":"b","gpu_uuid":"2.1"}}"#,
        // A release with nothing open.
        br#"{"timestamp":"2026-10-11T00:00:00.000000Z","event_type":"gpu.release","schema_version":"1","details":{"container":"z","gpu_uuid":"unknown"}}"#,
        // Invalid UTF-8 and a torn line: counted, not fatal.
        b"{\"timestamp\":\"2026-10-12T00:00:00.000000Z\",\"event_type\":\"auth.denied\",\"user\":\"\xff\xfe\"}",
        br#"{"timestamp":"2026-10-12T00:00:00.000000Z","event_type":"auth.den"#,
        // Open across the end, released after it: six hours to the end.
        br#"{"timestamp":"2026-10-31T18:00:00.000000Z","event_type":"gpu.allocate","schema_version":"1","user":"cy","details":{"container":"c","gpu_uuid":"MIG-1"}}"#,
        br#"{"timestamp":"2026-11-01T05:00:00.000000Z","event_type":"gpu.release","schema_version":"1","user":"cy","details":{"container":"c","gpu_uuid":"MIG-1"}}"#,
        // Never released: twelve hours to the end.
        br#"{"timestamp":"2026-10-31T12:00:00.000000Z","event_type":"gpu.allocated","schema_version":"1","user":"cy","details":{"container":"d","gpu":"0"}}"#,
        // After the window: not counted.
        br#"{"timestamp":"2026-11-02T00:00:00.000000Z","event_type":"gpu.allocate","schema_version":"1","user":"cy","details":{"container":"e","gpu_uuid":"0"}}"#,
    ];
    let raw = lines.join(&b"\n"[..]);
    let file = dir.path().join("events.jsonl");
    std::fs::write(&file, &raw).unwrap();
    let j = json_of(&run(&file, &["--month", "2026-10", "--json"]));
    let g = &j["gpu"];
    close(&g["hours_total"], 2.0 + 6.0 + 12.0, "total");
    close(&g["hours_by_user"]["bo@x.org"], 2.0, "both tenses once");
    close(&g["hours_by_user"]["cy"], 18.0, "open at the end");
    assert!(
        g["hours_by_user"].get("ann").is_none(),
        "opened before: {g}"
    );
    close(&g["hours_by_gpu"]["2.1"], 2.0, "gpu key of both tenses");
    assert_eq!(g["intervals"], json!(3));
    assert_eq!(g["open_at_end"], json!(2));
    assert_eq!(j["malformed"], json!(2));
    assert_eq!(j["auth_denied"]["count"], json!(0));

    // Text: the same numbers, legible at 80 columns.
    let o = run(&file, &["--month", "2026-10"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    for l in text.lines() {
        assert!(l.chars().count() <= 80, "wider than 80 columns: {l:?}");
    }
    assert!(
        text.contains("GPU-hours                            20.0"),
        "{text}"
    );
    assert!(text.contains("2026-10-31"), "{text}");
    assert!(text.contains("Malformed lines skipped (in the files read): 2"));
}

#[test]
fn markdown_has_the_monthly_reports_layout_without_domains() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.jsonl");
    let mut s = String::new();
    for (i, u) in ["ann.baker@lab.example", "ann.baker@lab.example", "bo@x.org"]
        .iter()
        .enumerate()
    {
        s += &format!(
            "{{\"timestamp\":\"2026-10-0{}T00:00:00.000000Z\",\"event_type\":\"container.create\",\"schema_version\":\"1\",\"user\":\"{u}\",\"details\":{{\"container\":\"c{i}\",\"container_type\":\"atomic\"}}}}\n",
            i + 1
        );
    }
    std::fs::write(&file, s).unwrap();
    let o = run(&file, &["--month", "2026-10", "--markdown"]);
    assert!(o.status.success());
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(md.contains("**Containers Created:** 3"), "{md}");
    assert!(md.contains("### Containers Created by User"), "{md}");
    assert!(md.contains("| ann.baker | 2 |"), "{md}");
    assert!(md.contains("| bo | 1 |"), "{md}");
    assert!(!md.contains("lab.example"), "{md}");
    // --markdown and --json exclude each other; a bad month is refused.
    assert_eq!(
        run(&file, &["--markdown", "--json"]).status.code(),
        Some(64)
    );
    let bad = run(&file, &["--month", "2026-13"]);
    assert_eq!(bad.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM"));
}
