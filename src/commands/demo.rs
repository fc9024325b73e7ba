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

use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp, ToSpan};
use serde_json::{json, Map, Value};

use crate::exit::{self, Failure};

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

// ------------------------------------------------------------------ random

/// SplitMix64: small, fast, the same sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    /// Inclusive range.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn hex(&mut self, digits: usize) -> String {
        let v = self.next();
        format!("{v:016x}")[16 - digits..].to_string()
    }
}

// ------------------------------------------------------------------ world

const FIRST: &[&str] = &[
    "anna", "ben", "chen", "dana", "emil", "fatima", "greta", "hugo", "ines", "jonas", "kemal",
    "lena", "mara", "nils", "olga", "paul", "rosa", "sven", "tara", "vera", "yusuf", "zoe",
];
const SURNAMES: &[&str] = &[
    "baker", "mueller", "schmidt", "novak", "okafor", "garcia", "rossi", "kowalski", "nguyen",
    "silva", "hansen", "yilmaz", "ivanova", "dubois", "tanaka", "kim", "patel", "weber",
];
const GROUPS: &[&str] = &["student", "student", "researcher", "faculty"];
const LOCAL_USERS: &[&str] = &["datasciencelab", "ds01-admin", "labtech", "guest01"];
const PROJECTS: &[&str] = &[
    "thesis",
    "nlp-project",
    "llm-finetune",
    "cv-experiments",
    "climate-model",
    "rl-agents",
    "speech2text",
    "causal-ml",
    "capstone",
    "baseline",
];
const IMAGES: &[&str] = &[
    "ds01/pytorch:latest",
    "ds01/tensorflow:2.15",
    "aime/pytorch:2.3.0-cuda12.1",
    "jupyter/datascience-notebook:latest",
    "nvcr.io/nvidia/pytorch:24.05-py3",
    "python:3.11-slim",
];
const CONTAINER_TYPES: &[&str] = &[
    "atomic",
    "atomic",
    "atomic",
    "devcontainer",
    "compose",
    "docker",
];
const SLOTS: &[&str] = &["0", "1", "2.0", "2.1", "2.2", "3.0", "3.1"];
const CMDLINES: &[&str] = &[
    "python train.py --epochs 50 --lr 3e-4",
    "jupyter-lab --no-browser --port=8888",
    "/usr/bin/python3 finetune.py --model llama-3-8b",
    "ollama serve",
    "Rscript fit_models.R",
];
const ANSI: &[&str] = &[
    "\x1b[2J\x1b[H",
    "\x1b]0;owned\x07",
    "\x1b[31mFAKE ALERT\x1b[0m",
];

struct User {
    name: String,
    uid: u64,
    projects: Vec<&'static str>,
    group: &'static str,
}

struct Container {
    name: String,
    kind: &'static str,
    image: String,
    id: String,
}

struct World {
    users: Vec<User>,
    /// Cumulative Zipf-like weights: a few heavy users.
    cumulative: Vec<f64>,
}

impl World {
    fn new(r: &mut Rng, n: usize) -> World {
        let mut users = vec![
            User {
                name: "alice".into(),
                uid: 1001,
                projects: vec!["proj", "thesis", "llm-finetune"],
                group: "researcher",
            },
            User {
                name: "bob".into(),
                uid: 1002,
                projects: vec!["proj", "cv-experiments", "baseline"],
                group: "student",
            },
        ];
        let mut i = 0;
        while users.len() < n + 2 {
            let name = if i % 9 == 8 {
                LOCAL_USERS[(i / 9) % LOCAL_USERS.len()].to_string()
            } else {
                format!("{}.{}@example.lan", r.pick(FIRST), r.pick(SURNAMES))
            };
            i += 1;
            if users.iter().any(|u| u.name == name) {
                continue;
            }
            let a = r.below(PROJECTS.len() as u64) as usize;
            let b = (a + 1 + r.below(PROJECTS.len() as u64 - 1) as usize) % PROJECTS.len();
            users.push(User {
                name,
                uid: r.range(1003, 1999) as u64,
                projects: vec![PROJECTS[a], PROJECTS[b]],
                group: GROUPS[r.below(GROUPS.len() as u64) as usize],
            });
        }
        let mut total = 0.0;
        let cumulative = (0..users.len())
            .map(|k| {
                total += 1.0 / ((k + 1) as f64).powf(0.9);
                total
            })
            .collect();
        World { users, cumulative }
    }

    fn user(&self, r: &mut Rng) -> &User {
        let x = r.unit() * self.cumulative.last().unwrap();
        let k = self.cumulative.partition_point(|&c| c < x);
        &self.users[k.min(self.users.len() - 1)]
    }

    fn container(r: &mut Rng, u: &User) -> Container {
        let kind = *r.pick(CONTAINER_TYPES);
        let proj = *r.pick(&u.projects);
        let name = match kind {
            "atomic" => format!("{proj}._.{}", u.uid),
            "devcontainer" => format!("vsc-{proj}-{}", r.hex(8)),
            "compose" => format!("{proj}-{}-1", r.pick(&["app", "worker", "notebook"])),
            _ => format!(
                "{}_{}",
                r.pick(&["eager", "quirky", "brave"]),
                r.pick(&["turing", "noether", "hopper"])
            ),
        };
        let image = if kind == "atomic" && r.chance(0.3) {
            format!("ds01-{}/{proj}:latest", u.uid)
        } else {
            r.pick(IMAGES).to_string()
        };
        Container {
            name,
            kind,
            image,
            id: r.hex(12),
        }
    }

    fn gpu_uuid(r: &mut Rng) -> String {
        let prefix = if r.chance(0.6) { "MIG" } else { "GPU" };
        format!(
            "{prefix}-{}-{}-{}-{}-{}",
            r.hex(8),
            r.hex(4),
            r.hex(4),
            r.hex(4),
            r.hex(12)
        )
    }
}

/// What the CLI writers store for a key=value argument: JSON when it reads
/// as JSON, else the string.
fn cli(v: &str) -> Value {
    serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_string()))
}

/// A v1 event without its timestamp: (type, user, source, details).
struct Ev {
    ty: &'static str,
    user: Option<String>,
    source: Option<&'static str>,
    details: Value,
}

fn ev(ty: &'static str, user: Option<&str>, source: Option<&'static str>, details: Value) -> Ev {
    Ev {
        ty,
        user: user.map(str::to_string),
        source,
        details,
    }
}

fn v1_line(at: Timestamp, e: &Ev) -> Vec<u8> {
    let mut m = Map::new();
    m.insert("timestamp".into(), Value::String(iso(at)));
    m.insert("event_type".into(), Value::String(e.ty.into()));
    m.insert("schema_version".into(), Value::String("1".into()));
    if let Some(u) = &e.user {
        m.insert("user".into(), Value::String(u.clone()));
    }
    if let Some(s) = e.source {
        m.insert("source".into(), Value::String(s.into()));
    }
    if e.details.as_object().is_some_and(|d| !d.is_empty()) {
        m.insert("details".into(), e.details.clone());
    }
    serde_json::to_vec(&Value::Object(m)).expect("a JSON value serialises")
}

/// Python's `json.dumps` layout (`", "` and `": "`), as the old writers
/// wrote it; `raw` values are pasted unquoted (bare `NaN`).
fn python_line(fields: &[(&str, Value)], raw: &[(&str, &str)]) -> Vec<u8> {
    let mut parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}: {}", json!(k), v))
        .collect();
    parts.extend(raw.iter().map(|(k, v)| format!("{}: {v}", json!(k))));
    format!("{{{}}}", parts.join(", ")).into_bytes()
}

fn iso(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string()
}

fn iso_secs(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

const MS: i64 = 1_000;
const S: i64 = 1_000_000;

/// One action of the server's scripts: events at offsets (µs) from its start.
fn action(w: &World, r: &mut Rng) -> Vec<(i64, Ev)> {
    let u = w.user(r);
    let n = Some(u.name.as_str());
    let c = World::container(r, u);
    let slot = *r.pick(SLOTS);
    let x = r.below(1000);
    match x {
        // container created with a GPU: the allocator, then the wrapper
        0..=239 => {
            let reason = format!("ALLOCATED (user has {}/2 gpueq)", r.range(1, 2));
            let t = r.range(20, 400) * MS;
            let mut out = vec![
                (
                    0,
                    ev(
                        "gpu.allocate",
                        n,
                        Some("gpu_allocator"),
                        json!({"container": c.name, "gpu": cli(slot), "gpu_uuid": World::gpu_uuid(r),
                               "priority": *r.pick(&[10, 50, 50, 90]), "reason": reason}),
                    ),
                ),
                (
                    t + r.range(150, 900) * MS,
                    ev(
                        "container.create",
                        n,
                        Some("docker-wrapper"),
                        json!({"container": c.name, "image": c.image, "container_type": c.kind, "gpu": cli(slot)}),
                    ),
                ),
            ];
            if r.chance(0.8) {
                out.push((
                    r.range(5, 90) * S,
                    ev(
                        "detection.container_discovered",
                        n,
                        Some("detect-workloads"),
                        json!({"container_id": c.id, "name": c.name, "has_gpu": true, "image": c.image}),
                    ),
                ));
            }
            out
        }
        // container removed, GPU released
        240..=419 => {
            let mut out = vec![
                (
                    0,
                    ev(
                        "container.stop",
                        n,
                        Some("docker-wrapper"),
                        json!({"container": c.name, "reason": *r.pick(&["manual", "idle_timeout", "max_runtime"])}),
                    ),
                ),
                (
                    r.range(1, 30) * S,
                    ev(
                        "gpu.release",
                        n,
                        Some("gpu_allocator"),
                        json!({"container": c.name, "gpu": cli(slot), "reason": "RELEASED (container removed/stopped)"}),
                    ),
                ),
            ];
            if r.chance(0.8) {
                out.push((
                    r.range(31, 90) * S,
                    ev(
                        "detection.container_exited",
                        n,
                        Some("detect-workloads"),
                        json!({"container_id": c.id, "name": c.name}),
                    ),
                ));
            }
            out
        }
        // status changes seen by the detector
        420..=539 => {
            let (old, new) = *r.pick(&[
                ("running", "exited"),
                ("created", "running"),
                ("running", "paused"),
                ("paused", "running"),
            ]);
            vec![(
                0,
                ev(
                    "detection.container_status_changed",
                    n,
                    Some("detect-workloads"),
                    json!({"container_id": c.id, "name": c.name, "old_status": old, "new_status": new}),
                ),
            )]
        }
        // GPU refused, access denied
        540..=609 => {
            let reason = *r.pick(&[
                "USER_AT_LIMIT (2/2)",
                "NO_GPU_AVAILABLE",
                "FULL_GPU_NOT_ALLOWED (group=student, allow_full_gpu=false)",
            ]);
            let mut out = vec![(
                0,
                ev(
                    "gpu.reject",
                    n,
                    Some("gpu_allocator"),
                    json!({"container": c.name, "reason": reason}),
                ),
            )];
            if r.chance(0.7) {
                out.push((
                    r.range(50, 500) * MS,
                    ev(
                        "auth.denied",
                        n,
                        Some("docker-wrapper"),
                        json!({"reason": reason, "container_type": c.kind}),
                    ),
                ));
            }
            out
        }
        // enforcement
        610..=669 => {
            let (h, m) = (r.range(0, 5), r.range(1, 59));
            let idle = if h > 0 {
                format!("{h}h {m}m")
            } else {
                format!("{m}m")
            };
            vec![(
                0,
                ev(
                    "maintenance.idle_kill",
                    n,
                    Some("check-idle-containers"),
                    json!({"container": c.name, "idle_duration": idle, "container_type": c.kind}),
                ),
            )]
        }
        670..=699 => vec![(
            0,
            ev(
                "maintenance.runtime_kill",
                n,
                Some("enforce-max-runtime"),
                json!({"container": c.name, "runtime": format!("{}h", r.range(24, 170)), "max_runtime": "configured_limit"}),
            ),
        )],
        700..=749 => vec![(
            0,
            ev(
                "container.remove",
                n,
                Some("cleanup-stale-containers"),
                json!({"container": c.name, "reason": "hold_expired",
                       "stopped_duration": format!("{}h", r.range(1, 72)), "container_type": c.kind}),
            ),
        )],
        // host processes on GPUs
        750..=799 => {
            let pid = r.range(1000, 4_000_000);
            let cmd = *r.pick(CMDLINES);
            vec![
                (
                    0,
                    ev(
                        "detection.host_gpu_process_discovered",
                        n,
                        Some("detect-workloads"),
                        json!({"pid": pid, "cmdline": cmd, "gpu_memory_mb": r.range(300, 80000),
                               "gpu_uuid": World::gpu_uuid(r)}),
                    ),
                ),
                (
                    r.range(60, 7200) * S,
                    ev(
                        "detection.host_gpu_process_exited",
                        n,
                        Some("detect-workloads"),
                        json!({"pid": pid, "cmdline": cmd}),
                    ),
                ),
            ]
        }
        // stale GPU cleanup and health
        800..=839 => {
            let status = *r.pick(&["cleaned", "cleaned", "reset_failed"]);
            vec![
                (
                    0,
                    ev(
                        "gpu.removed_stale",
                        n,
                        None,
                        json!({"container": c.name, "gpu": cli(slot),
                               "reason": format!("Timeout exceeded: {}s", r.range(3600, 400000))}),
                    ),
                ),
                (
                    r.range(1, 20) * S,
                    ev(
                        "gpu.health_check",
                        None,
                        Some("cleanup-stale-gpu"),
                        json!({"gpu_uuid": World::gpu_uuid(r), "status": status,
                               "killed_processes": r.range(0, 3)}),
                    ),
                ),
            ]
        }
        840..=879 => {
            let failed = *r.pick(&[0, 0, 0, 1, 2]);
            let mut d = json!({"status": if failed == 0 { "pass" } else { "fail" },
                               "checks_passed": 12 - failed, "checks_failed": failed});
            if failed > 0 {
                d["failed_checks"] = json!(["docker", "gpu", "dcgm"][..failed as usize].join(","));
            }
            vec![(0, ev("health.check", None, Some("health-check"), d))]
        }
        880..=909 => vec![(
            0,
            ev(
                "container.create_failed",
                n,
                None,
                json!({"container": c.name, "image": c.image,
                       "reason": format!("mlc-patched.py exit code {}", r.pick(&[1, 2, 125]))}),
            ),
        )],
        910..=939 => vec![(
            0,
            ev(
                "auth.denied",
                n,
                Some("nvidia-wrapper"),
                json!({"command": *r.pick(&["nvidia-smi", "nvcc"]), "reason": "not_in_video_group"}),
            ),
        )],
        940..=959 => vec![(
            0,
            ev(
                "resource.oom_kill",
                n,
                Some("collect-resource-stats"),
                json!({"group": u.group, "oom_count": r.range(1, 2), "total_oom_kills": r.range(1, 5)}),
            ),
        )],
        960..=974 => vec![(
            0,
            ev(
                "bare_metal.warning",
                n,
                None,
                json!({"pids": r.range(1000, 99999).to_string(), "count": 1,
                       "message": "1 process(es) running outside containers"}),
            ),
        )],
        975..=984 => vec![(
            0,
            ev(
                "gpu.hold",
                n,
                Some("gpu_allocator"),
                json!({"container": c.name, "gpu": cli(slot), "duration": "24h"}),
            ),
        )],
        985..=994 => vec![(
            0,
            ev(
                "container.start",
                n,
                Some("docker-wrapper"),
                json!({"container": c.name}),
            ),
        )],
        995..=997 => vec![(
            0,
            ev(
                "gpu.allocation.lock_timeout",
                None,
                Some("gpu_allocator"),
                json!({"container": c.name, "duration": "5s"}),
            ),
        )],
        _ => vec![(
            0,
            ev(
                "detection.host_gpu_process_discovered",
                n,
                Some("detect-workloads"),
                json!({"truncated": true, "original_size": r.range(4001, 9000)}),
            ),
        )],
    }
}

/// The pre-v1 writer: `{"ts": ..., "event": ..., flat fields}`, whole seconds.
fn old_line(w: &World, r: &mut Rng, at: Timestamp) -> Vec<u8> {
    let u = w.user(r);
    let c = World::container(r, u);
    let slot = *r.pick(SLOTS);
    let kind = *r.pick(&[
        "container.created",
        "container.started",
        "container.stopped",
        "container.removed",
        "gpu.allocated",
        "gpu.released",
        "gpu.rejected",
        "health.check",
    ]);
    let mut f: Vec<(&str, Value)> = vec![("ts", json!(iso_secs(at))), ("event", json!(kind))];
    if kind == "health.check" {
        f.extend([
            ("status", json!("pass")),
            ("checks_passed", json!(12)),
            ("checks_failed", json!(0)),
        ]);
        return python_line(&f, &[]);
    }
    f.push(("user", json!(u.name)));
    f.push(("container", json!(c.name)));
    match kind {
        "container.created" => f.push(("gpu", cli(slot))),
        "container.stopped" => f.push(("reason", json!("idle_timeout"))),
        "gpu.allocated" => {
            f.push(("gpu", cli(slot)));
            f.push(("priority", json!(r.pick(&[10, 50, 90]))));
        }
        "gpu.released" => f.push(("gpu", cli(slot))),
        "gpu.rejected" => f.push(("reason", json!("USER_AT_LIMIT"))),
        _ => {}
    }
    python_line(&f, &[])
}

/// A flat audit line from the job scheduler (`timestamp` with an offset,
/// `event`, fields flat); some carry a bare `NaN`, as Python writes it.
fn flat_line(r: &mut Rng, at: Timestamp) -> Vec<u8> {
    let (old, new) = *r.pick(&[
        ("pending", "running"),
        ("running", "completed"),
        ("running", "failed"),
        ("pending", "failed"),
    ]);
    let local = at
        .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(1)))
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string();
    let f = [
        ("timestamp", json!(local)),
        ("event", json!("status_change")),
        ("job_id", json!(r.range(10000, 99999).to_string())),
        ("old_status", json!(old)),
        ("new_status", json!(new)),
    ];
    if r.chance(0.3) {
        python_line(&f, &[("progress", "NaN")])
    } else {
        python_line(&f, &[])
    }
}

/// Uniform time in [start, end) thinned to office hours (UTC+1).
fn office_time(r: &mut Rng, start: i64, end: i64) -> i64 {
    loop {
        let t = r.range(start, end - 1);
        let hour = (t.div_euclid(S) / 3600 + 1).rem_euclid(24);
        if (8..20).contains(&hour) || r.chance(0.35) {
            return t;
        }
    }
}

/// A whole event of its own, dated `near`.
fn whole(w: &World, r: &mut Rng, near: Timestamp) -> Vec<u8> {
    let (_, e) = action(w, r).swap_remove(0);
    v1_line(near, &e)
}

fn ts(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).expect("a time within jiff's range")
}

/// A realistic log of `spec.lines` lines ending a few seconds before `spec.now`.
pub fn generate(spec: &Spec) -> Sample {
    let r = &mut Rng(spec.seed ^ 0x5EED_D501);
    let w = World::new(r, spec.users);
    let now = spec.now.as_microsecond();
    let start = now - (spec.span_days * 86400.0 * S as f64) as i64;
    let n_bad = (spec.lines as f64 * spec.malformed_fraction).round() as usize;
    let n_old = (spec.lines as f64 * spec.old_fraction).round() as usize;
    let n_flat = (spec.lines as f64 * spec.flat_fraction).round() as usize;
    let n_new = spec.lines.saturating_sub(n_bad + n_old + n_flat);

    let mut new: Vec<(i64, Ev)> = Vec::with_capacity(n_new + 8);
    while new.len() < n_new {
        let t0 = office_time(r, start, now);
        for (off, e) in action(&w, r) {
            // Follow-ups that would lie in the future never happened.
            if t0 + off < now - S && new.len() < n_new {
                new.push((t0 + off, e));
            }
        }
    }
    new.sort_by_key(|(t, _)| *t);
    // Sparse logs: move the newest event next to now.
    if let Some(&(last, _)) = new.last() {
        if last < now - 5 * S {
            let shift = now - r.range(S, 5 * S) - last;
            for (t, _) in &mut new {
                *t += shift;
            }
        }
    }
    // (write order key, line)
    let mut keyed: Vec<(i64, Line)> = Vec::with_capacity(spec.lines);
    for (t, e) in &new {
        keyed.push((
            *t,
            Line {
                bytes: v1_line(ts(*t), e),
                at: ts(*t),
                kind: "v1",
            },
        ));
    }
    for _ in 0..n_old {
        let t = office_time(r, start, (now - 60 * S).max(start + 1));
        let t = t - t.rem_euclid(S);
        keyed.push((
            t,
            Line {
                bytes: old_line(&w, r, ts(t)),
                at: ts(t),
                kind: "old",
            },
        ));
    }
    for _ in 0..n_flat {
        let t = office_time(r, start, (now - 60 * S).max(start + 1));
        let t = t - t.rem_euclid(S);
        keyed.push((
            t,
            Line {
                bytes: flat_line(r, ts(t)),
                at: ts(t),
                kind: "flat",
            },
        ));
    }
    // Concurrent writers: a few lines are appended up to a second late.
    for (k, _) in &mut keyed {
        if r.chance(0.03) {
            *k += r.range(1, S);
        }
    }
    keyed.sort_by_key(|(k, _)| *k);
    let mut lines: Vec<Line> = keyed.into_iter().map(|(_, l)| l).collect();

    // Malformed lines at random places.
    const KINDS: [&str; 6] = [
        "truncated",
        "torn",
        "empty",
        "binary",
        "ansi_escaped",
        "ansi_raw",
    ];
    for i in 0..n_bad {
        let pos = r.below(lines.len() as u64 + 1) as usize;
        let near = lines.get(pos).or(lines.last()).map_or(spec.now, |l| l.at);
        let kind = KINDS[(i + r.below(6) as usize) % 6];
        let bytes = match kind {
            "truncated" => {
                let b = whole(&w, r, near);
                let cut = r.range(1, b.len() as i64 - 2) as usize;
                b[..cut].to_vec()
            }
            "torn" => {
                let a = whole(&w, r, near);
                let cut = r.range(10, a.len() as i64 - 5) as usize;
                let mut b = a[..cut].to_vec();
                b.extend(whole(&w, r, near));
                b
            }
            "empty" => Vec::new(),
            "binary" => (0..r.range(8, 120))
                .map(|_| {
                    if r.chance(0.3) {
                        *r.pick(&[0u8, 0xFF, 0xFE, 0xC3, 0x80, 0x1B])
                    } else {
                        r.range(0x20, 0x7E) as u8
                    }
                })
                .collect(),
            _ => {
                let u = w.user(r);
                let e = ev(
                    "container.create",
                    Some(&u.name),
                    Some("docker-wrapper"),
                    json!({"container": format!("proj{}._.{}", r.pick(ANSI), u.uid),
                           "image": "ds01/pytorch:latest", "container_type": "atomic", "gpu": 0}),
                );
                let b = v1_line(near, &e);
                if kind == "ansi_raw" {
                    String::from_utf8(b)
                        .unwrap()
                        .replace("\\u001b", "\x1b")
                        .replace("\\u0007", "\x07")
                        .into_bytes()
                } else {
                    b
                }
            }
        };
        lines.insert(
            pos,
            Line {
                bytes,
                at: near,
                kind,
            },
        );
    }
    Sample { lines }
}

// ------------------------------------------------------------------ demo

/// The last minute of the demo log: one event for every example the README
/// and `--help` show, so they find events at any hour (also just after
/// midnight, when "today" is a few minutes long).
fn recent(now: Timestamp) -> Vec<Line> {
    let at = |secs_ago: i64| now - SignedDuration::from_secs(secs_ago);
    let v = |secs_ago: i64, e: Ev| Line {
        bytes: v1_line(at(secs_ago), &e),
        at: at(secs_ago),
        kind: "v1",
    };
    let c = "proj._.1001";
    vec![
        v(
            40,
            ev(
                "container.create",
                Some("alice"),
                Some("docker-wrapper"),
                json!({"container": c, "image": "ds01/pytorch:latest", "container_type": "atomic", "gpu": 1}),
            ),
        ),
        v(
            39,
            ev(
                "gpu.allocate",
                Some("alice"),
                Some("gpu_allocator"),
                json!({"container": c, "gpu": 1, "priority": 50, "reason": "ALLOCATED (user has 1/2 gpueq)"}),
            ),
        ),
        v(
            30,
            ev(
                "gpu.reject",
                Some("bob"),
                Some("gpu_allocator"),
                json!({"container": "proj._.1002", "reason": "USER_AT_LIMIT (2/2)"}),
            ),
        ),
        v(
            29,
            ev(
                "auth.denied",
                Some("bob"),
                Some("docker-wrapper"),
                json!({"reason": "USER_AT_LIMIT: USER_AT_LIMIT (2/2)", "container_type": "atomic"}),
            ),
        ),
        Line {
            bytes: python_line(
                &[
                    ("timestamp", json!(iso_secs(at(20)))),
                    ("event", json!("status_change")),
                    ("job_id", json!("10235")),
                    ("old_status", json!("running")),
                    ("new_status", json!("failed")),
                ],
                &[],
            ),
            at: at(20),
            kind: "flat",
        },
        v(
            12,
            ev(
                "maintenance.idle_kill",
                Some("bob"),
                Some("check-idle-containers"),
                json!({"container": "bob-notebook", "idle_duration": "2h 5m", "container_type": "devcontainer"}),
            ),
        ),
        v(
            5,
            ev(
                "container.start",
                Some("alice"),
                Some("docker-wrapper"),
                json!({"container": c}),
            ),
        ),
    ]
}

/// The demo files: `events.jsonl` since the last daily rotation (UTC
/// midnight) and the four days before it as `events.jsonl-YYYYMMDD` (the
/// newest plain, older ones gzipped, as logrotate's `delaycompress` leaves
/// them). Returns (path, events) per file, oldest first.
pub fn write_demo(dir: &Path, now: Timestamp) -> std::io::Result<Vec<(PathBuf, usize)>> {
    let mut spec = Spec::new(4000, 1, now - SignedDuration::from_mins(1));
    spec.span_days = 4.0;
    spec.users = 12;
    let mut lines = generate(&spec).lines;
    lines.extend(recent(now));
    let midnight = now
        .to_zoned(jiff::tz::TimeZone::UTC)
        .start_of_day()
        .map_err(std::io::Error::other)?;
    // Rotation k happened at midnight k days ago and is named by that day.
    let mut files = Vec::new();
    for k in (0..4).rev() {
        let rotated = midnight
            .checked_sub((k as i64).days())
            .map_err(std::io::Error::other)?;
        let from = rotated
            .checked_sub(1.day())
            .map_err(std::io::Error::other)?
            .timestamp();
        let until = rotated.timestamp();
        let part: Vec<&Line> = lines
            .iter()
            .filter(|l| (k == 3 || l.at >= from) && l.at < until)
            .collect();
        let name = format!("{NAME}-{}", rotated.strftime("%Y%m%d"));
        let gz = k > 0;
        let path = dir.join(if gz { format!("{name}.gz") } else { name });
        write_lines(&path, &part, gz)?;
        files.push((path, part.iter().filter(|l| l.is_event()).count()));
    }
    let current: Vec<&Line> = lines
        .iter()
        .filter(|l| l.at >= midnight.timestamp())
        .collect();
    let path = dir.join(NAME);
    write_lines(&path, &current, false)?;
    files.push((path, current.iter().filter(|l| l.is_event()).count()));
    Ok(files)
}

fn write_lines(path: &Path, lines: &[&Line], gz: bool) -> std::io::Result<()> {
    let mut data = Vec::new();
    for l in lines {
        data.extend_from_slice(&l.bytes);
        data.push(b'\n');
    }
    if gz {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&data)?;
        data = e.finish()?;
    }
    std::fs::write(path, data)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Just after UTC midnight the current file is a few seconds long; the
    /// rotated files are named by their rotation day and hold the day
    /// before it; the last minute's events are all there.
    #[test]
    fn demo_files_split_at_midnight_and_end_now() {
        let dir = std::env::temp_dir().join(format!("ds01-demo-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let now: Timestamp = "2026-03-02T00:00:20Z".parse().unwrap();
        let files = write_demo(&dir, now).unwrap();
        let names: Vec<String> = (files.iter())
            .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "events.jsonl-20260227.gz",
                "events.jsonl-20260228.gz",
                "events.jsonl-20260301.gz",
                "events.jsonl-20260302",
                "events.jsonl"
            ]
        );
        let total: usize = files.iter().map(|(_, n)| n).sum();
        assert!(total > 3900, "{total}");
        // 00:00:00..00:00:20: the burst's last 20 s (status_change at -20 s
        // included), nothing older.
        let current = std::fs::read_to_string(dir.join(NAME)).unwrap();
        assert!(current.contains("\"container.start\""), "{current}");
        assert!(current.contains("maintenance.idle_kill"), "{current}");
        assert!(!current.contains("gpu.reject"), "{current}");
        let yesterday = std::fs::read_to_string(dir.join("events.jsonl-20260302")).unwrap();
        assert!(yesterday.contains("\"proj._.1002\""));
        assert!(yesterday.contains("2026-03-01T"));
        assert!(!yesterday.contains("2026-02-28T"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn deterministic_and_counted() {
        let now: Timestamp = "2026-01-30T12:00:00Z".parse().unwrap();
        let mut spec = Spec::new(5000, 7, now);
        spec.malformed_fraction = 0.01;
        let a = generate(&spec);
        let b = generate(&spec);
        assert_eq!(a.bytes(), b.bytes());
        assert_eq!(a.lines.len(), 5000);
        assert_eq!(a.malformed_lines().len() + a.events(), 5000);
        let newest = a.lines.iter().map(|l| l.at).max().unwrap();
        assert!(newest <= now && newest > now - SignedDuration::from_secs(10));
        for l in a.lines.iter().filter(|l| l.is_event()) {
            let v: Value = serde_json::from_slice(&l.bytes)
                .or_else(|_| {
                    serde_json::from_str(&String::from_utf8_lossy(&l.bytes).replace("NaN", "null"))
                })
                .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&l.bytes)));
            assert!(v.is_object());
        }
        for l in a.lines.iter().filter(|l| !l.is_event()) {
            assert!(serde_json::from_slice::<Value>(&l.bytes).is_err(), "{l:?}");
        }
    }
}
