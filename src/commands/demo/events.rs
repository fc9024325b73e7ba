//! One line at a time: the events the server's scripts write (v1), the
//! old schema and the flat audit lines, in the layouts their writers used.

use jiff::Timestamp;
use serde_json::{json, Map, Value};

use super::world::{Rng, World, CMDLINES, SLOTS};

/// What the CLI writers store for a key=value argument: JSON when it reads
/// as JSON, else the string.
pub(super) fn cli(v: &str) -> Value {
    serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_string()))
}

/// A v1 event without its timestamp: (type, user, source, details).
pub(super) struct Ev {
    pub(super) ty: &'static str,
    pub(super) user: Option<String>,
    pub(super) source: Option<&'static str>,
    pub(super) details: Value,
}

pub(super) fn ev(
    ty: &'static str,
    user: Option<&str>,
    source: Option<&'static str>,
    details: Value,
) -> Ev {
    Ev {
        ty,
        user: user.map(str::to_string),
        source,
        details,
    }
}

pub(super) fn v1_line(at: Timestamp, e: &Ev) -> Vec<u8> {
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
pub(super) fn python_line(fields: &[(&str, Value)], raw: &[(&str, &str)]) -> Vec<u8> {
    let mut parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}: {}", json!(k), v))
        .collect();
    parts.extend(raw.iter().map(|(k, v)| format!("{}: {v}", json!(k))));
    format!("{{{}}}", parts.join(", ")).into_bytes()
}

pub(super) fn iso(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string()
}

pub(super) fn iso_secs(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub(super) const MS: i64 = 1_000;
pub(super) const S: i64 = 1_000_000;

/// One action of the server's scripts: events at offsets (µs) from its start.
pub(super) fn action(w: &World, r: &mut Rng) -> Vec<(i64, Ev)> {
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
            let uuid = World::slot_uuid(slot);
            let mut out = vec![
                (
                    0,
                    ev(
                        "gpu.allocate",
                        n,
                        Some("gpu_allocator"),
                        json!({"container": c.name, "gpu": cli(slot), "gpu_uuid": uuid,
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
            let discovered = r.chance(0.8);
            if discovered {
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
            // Minutes to hours later it stops and its GPU is released (past
            // now that never happened: the GPU is still held at the end).
            let end = r.range(10 * 60, 3 * 3600) * S;
            out.push((
                end,
                ev(
                    "container.stop",
                    n,
                    Some("docker-wrapper"),
                    json!({"container": c.name, "reason": *r.pick(&["manual", "idle_timeout", "max_runtime"])}),
                ),
            ));
            out.push((
                end + r.range(1, 30) * S,
                ev(
                    "gpu.release",
                    n,
                    Some("gpu_allocator"),
                    json!({"container": c.name, "gpu": cli(slot), "gpu_uuid": uuid,
                           "reason": "RELEASED (container removed/stopped)"}),
                ),
            ));
            if discovered {
                out.push((
                    end + r.range(31, 90) * S,
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
pub(super) fn old_line(w: &World, r: &mut Rng, at: Timestamp) -> Vec<u8> {
    let u = w.user(r);
    let c = World::container(r, u);
    let slot = *r.pick(SLOTS);
    let kind = *r.pick(&[
        "container.created",
        "container.started",
        "container.stopped",
        "container.removed",
        // No old-schema allocation: one line alone, never released, would
        // hold its GPU to the end of the demo in the report.
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
        "gpu.released" => f.push(("gpu", cli(slot))),
        "gpu.rejected" => f.push(("reason", json!("USER_AT_LIMIT"))),
        _ => {}
    }
    python_line(&f, &[])
}

/// A flat audit line from the job scheduler (`timestamp` with an offset,
/// `event`, fields flat); some carry a bare `NaN`, as Python writes it.
pub(super) fn flat_line(r: &mut Rng, at: Timestamp) -> Vec<u8> {
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
