//! The known event types: what `log` checks a type against, what `types` lists.

/// Where a type comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Declared in the old tools' registries.
    Declared,
    /// Logged by scripts but declared nowhere before ds01-events.
    Undeclared,
    /// A past-tense form kept for old files; new code should use the present form.
    Legacy,
}

#[derive(Clone, Copy, Debug)]
pub struct EventType {
    pub name: &'static str,
    pub origin: Origin,
    /// Detail keys the event usually carries.
    pub keys: &'static [&'static str],
    pub meaning: &'static str,
}

const fn t(
    name: &'static str,
    origin: Origin,
    keys: &'static [&'static str],
    meaning: &'static str,
) -> EventType {
    EventType {
        name,
        origin,
        keys,
        meaning,
    }
}

use Origin::{Declared as D, Legacy as L, Undeclared as U};

pub static TYPES: &[EventType] = &[
    t(
        "container.create",
        D,
        &["container", "image", "container_type", "gpu"],
        "a container was created",
    ),
    t(
        "container.start",
        D,
        &["container"],
        "a container was started",
    ),
    t(
        "container.stop",
        D,
        &["container", "reason"],
        "a container was stopped",
    ),
    t(
        "container.remove",
        D,
        &["container", "reason"],
        "a container was removed",
    ),
    t(
        "container.create_start",
        U,
        &["container", "image"],
        "container creation began",
    ),
    t(
        "container.create_failed",
        U,
        &["container", "image", "reason"],
        "container creation failed",
    ),
    t(
        "container.created",
        L,
        &["container", "gpu"],
        "legacy form of container.create",
    ),
    t(
        "container.started",
        L,
        &["container"],
        "legacy form of container.start",
    ),
    t(
        "container.stopped",
        L,
        &["container"],
        "legacy form of container.stop",
    ),
    t(
        "container.removed",
        L,
        &["container"],
        "legacy form of container.remove",
    ),
    t(
        "gpu.allocate",
        D,
        &["container", "gpu", "gpu_uuid", "mig_profile", "priority"],
        "a GPU or MIG slot was allocated to a container",
    ),
    t(
        "gpu.release",
        D,
        &["container", "gpu", "gpu_uuid", "reason"],
        "a GPU or MIG slot was released",
    ),
    t(
        "gpu.reject",
        D,
        &["container", "reason"],
        "a GPU request was refused",
    ),
    t(
        "gpu.hold",
        D,
        &["container", "gpu", "duration", "expires_at"],
        "a GPU is held for a stopped container",
    ),
    t(
        "gpu.removed_stale",
        U,
        &["container", "gpu"],
        "a stale GPU allocation was removed",
    ),
    t(
        "gpu.health_check",
        U,
        &["gpu", "gpu_uuid", "message"],
        "a GPU health check ran",
    ),
    t(
        "gpu.allocation.lock_timeout",
        U,
        &["container", "duration"],
        "the GPU allocation lock timed out",
    ),
    t(
        "gpu.allocated",
        L,
        &["container", "gpu"],
        "legacy form of gpu.allocate",
    ),
    t(
        "gpu.released",
        L,
        &["container", "gpu"],
        "legacy form of gpu.release",
    ),
    t(
        "gpu.rejected",
        L,
        &["container", "reason"],
        "legacy form of gpu.reject",
    ),
    t(
        "auth.denied",
        D,
        &["command", "reason"],
        "an action was denied to a user",
    ),
    t(
        "auth.sudo_grant",
        D,
        &["granted_by", "duration", "expires_at"],
        "temporary sudo was granted",
    ),
    t(
        "auth.access_denied",
        D,
        &["container", "reason"],
        "access to a resource was denied",
    ),
    t(
        "access.grant",
        U,
        &["container", "granted_by"],
        "access was granted",
    ),
    t(
        "access.revoke",
        U,
        &["container", "reason"],
        "access was revoked",
    ),
    t(
        "access.unowned_container",
        U,
        &["container", "container_id"],
        "a container with no owner was found",
    ),
    t(
        "resource.cgroup_limit",
        D,
        &["container", "type", "message"],
        "a cgroup limit was applied or hit",
    ),
    t(
        "resource.oom_kill",
        D,
        &["container", "pid", "gpu_memory_mb"],
        "the kernel killed a process for lack of memory",
    ),
    t(
        "maintenance.cleanup",
        D,
        &["container", "reason"],
        "maintenance cleaned up a resource",
    ),
    t(
        "maintenance.idle_kill",
        D,
        &["container", "idle_duration", "gpu"],
        "an idle container was stopped",
    ),
    t(
        "maintenance.runtime_kill",
        D,
        &["container", "runtime", "gpu"],
        "a container past its runtime limit was stopped",
    ),
    t(
        "maintenance.runtime_exempt",
        U,
        &["container", "reason"],
        "a container was exempted from the runtime limit",
    ),
    t(
        "maintenance.alert_clean",
        U,
        &["container"],
        "stale alerts were cleared",
    ),
    t(
        "maintenance.alert_check_user",
        U,
        &["message"],
        "alerts were checked for a user",
    ),
    t(
        "maintenance.alert_check_start",
        U,
        &[],
        "an alert check run began",
    ),
    t(
        "maintenance.alert_check_done",
        U,
        &["duration"],
        "an alert check run finished",
    ),
    t(
        "monitoring.dcgm_restart",
        D,
        &["reason"],
        "the DCGM exporter was restarted",
    ),
    t(
        "monitoring.scrape_failure",
        D,
        &["message"],
        "a metrics scrape failed",
    ),
    t(
        "monitor.idle_detect",
        D,
        &["container", "idle_duration"],
        "a container was seen idle",
    ),
    t(
        "monitor.runtime_exceed",
        D,
        &["container", "runtime"],
        "a container exceeded its runtime limit",
    ),
    t(
        "monitor.gpu_stale",
        D,
        &["container", "gpu"],
        "a GPU allocation looks stale",
    ),
    t(
        "config.change",
        D,
        &["message"],
        "the configuration changed",
    ),
    t(
        "admin.cleanup",
        D,
        &["container", "reason"],
        "an admin cleaned up a resource",
    ),
    t(
        "admin.config_change",
        D,
        &["message"],
        "an admin changed the configuration",
    ),
    t(
        "admin.user_override",
        D,
        &["reason", "duration"],
        "an admin overrode a user's limits",
    ),
    t("health.check", D, &["message"], "a health check ran"),
    t("health.fail", D, &["message"], "a health check failed"),
    t("system.startup", D, &[], "the ds01 system started"),
    t("system.shutdown", D, &[], "the ds01 system shut down"),
    t("system.high_demand", U, &["message"], "GPU demand is high"),
    t(
        "bare_metal.detect",
        D,
        &["pid", "cmdline", "gpu"],
        "a GPU process outside containers was found",
    ),
    t(
        "bare_metal.warning",
        D,
        &["pid", "cmdline", "gpu"],
        "a user was warned about bare-metal GPU use",
    ),
    t(
        "detection.unmanaged_container",
        D,
        &["name", "container_id", "image"],
        "a container not created through ds01 was found",
    ),
    t(
        "detection.host_gpu_process",
        D,
        &["pid", "cmdline", "gpu"],
        "a GPU process on the host was found",
    ),
    t(
        "detection.container_discovered",
        D,
        &["name", "container_id", "origin", "has_gpu"],
        "a container appeared",
    ),
    t(
        "detection.container_exited",
        D,
        &["name", "container_id"],
        "a container exited",
    ),
    t(
        "detection.container_status_changed",
        D,
        &["name", "container_id", "old_status", "new_status"],
        "a container changed status",
    ),
    t(
        "detection.host_gpu_process_discovered",
        D,
        &["pid", "cmdline", "gpu_memory_mb"],
        "a host GPU process appeared",
    ),
    t(
        "detection.host_gpu_process_exited",
        D,
        &["pid"],
        "a host GPU process exited",
    ),
    t(
        "docker.intercept",
        D,
        &["command", "container"],
        "the docker wrapper intercepted a command",
    ),
    t(
        "docker.cgroup_inject",
        D,
        &["container"],
        "the wrapper injected a cgroup parent",
    ),
    t(
        "docker.gpu_rewrite",
        D,
        &["container", "gpu"],
        "the wrapper rewrote a GPU request",
    ),
    t("user.added", D, &["name", "type"], "a user was added"),
    t(
        "alert.gpu_warning",
        U,
        &["container", "gpu", "message"],
        "a user was warned about GPU use",
    ),
    t(
        "alert.gpu_limit",
        U,
        &["container", "gpu", "message"],
        "a user hit the GPU limit",
    ),
    t(
        "alert.memory_warning",
        U,
        &["container", "message"],
        "a user was warned about memory use",
    ),
    t(
        "alert.memory_limit",
        U,
        &["container", "message"],
        "a user hit the memory limit",
    ),
    t(
        "alert.container_warning",
        U,
        &["container", "message"],
        "a user was warned about container count",
    ),
    t(
        "alert.container_limit",
        U,
        &["container", "message"],
        "a user hit the container limit",
    ),
    t(
        "alert.gpu_waste",
        U,
        &["container", "gpu", "idle_duration"],
        "an allocated GPU sits unused",
    ),
    t(
        "alert.mig_waste",
        U,
        &["container", "mig_profile"],
        "an allocated MIG slot sits unused",
    ),
    t(
        "queue.joined",
        U,
        &["priority"],
        "a user joined the GPU queue",
    ),
    t("queue.left", U, &["reason"], "a user left the GPU queue"),
    t(
        "queue.notified",
        U,
        &["gpu"],
        "a queued user was told a GPU is free",
    ),
    t(
        "quota.memory_exceeded",
        U,
        &["container", "gpu_memory_mb"],
        "a memory quota was exceeded",
    ),
    t(
        "state.validation",
        U,
        &["message"],
        "the allocation state was validated",
    ),
    t(
        "state.repair_needed",
        U,
        &["message"],
        "the allocation state needs repair",
    ),
];

/// Looks a type up by its exact name.
pub fn lookup(name: &str) -> Option<&'static EventType> {
    TYPES.iter().find(|t| t.name == name)
}

/// The first segments of all known types: the categories (`gpu`, `container`...).
pub fn categories() -> Vec<&'static str> {
    let mut cats: Vec<&str> = TYPES
        .iter()
        .map(|t| t.name.split('.').next().unwrap_or(t.name))
        .collect();
    cats.sort_unstable();
    cats.dedup();
    cats
}

/// Words that mark a failure or an enforcement in a type (`--problems`, `errors`).
pub const PROBLEM_WORDS: &[&str] = &[
    "reject",
    "denied",
    "deny",
    "fail",
    "error",
    "oom",
    "kill",
    "exceed",
    "timeout",
    "warning",
    "limit",
    "stale",
    "waste",
    "repair_needed",
    "unmanaged",
    "revoke",
];

/// Whether a type names a failure or enforcement.
pub fn is_problem(event_type: &str) -> bool {
    let lower = event_type.to_ascii_lowercase();
    PROBLEM_WORDS.iter().any(|w| lower.contains(w))
}

/// Detail keys whose value can name a failure (`health.check status=fail`).
pub const PROBLEM_STATUS_KEYS: &[&str] = &["status", "result", "new_status"];

/// Values of those keys that mark a failure (whole value, ASCII case ignored).
pub const PROBLEM_STATUS_VALUES: &[&str] = &[
    "fail",
    "failed",
    "error",
    "reset_failed",
    "denied",
    "rejected",
    "timeout",
    "killed",
];

/// Whether a status value names a failure.
pub fn is_problem_status(value: &str) -> bool {
    let v = value.trim();
    PROBLEM_STATUS_VALUES
        .iter()
        .any(|w| v.eq_ignore_ascii_case(w))
}

/// Whether an event is a problem: its type names one, or its `status`,
/// `result` or `new_status` says it failed.
pub fn is_problem_event(e: &crate::event::Event) -> bool {
    is_problem(&e.event_type)
        || PROBLEM_STATUS_KEYS.iter().any(|k| {
            e.details
                .get(*k)
                .and_then(|v| v.as_str())
                .is_some_and(is_problem_status)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_well_formed() {
        let mut names: Vec<_> = TYPES.iter().map(|t| t.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
        for n in names {
            assert!(n.split('.').all(|s| !s.is_empty()), "{n}");
        }
    }

    #[test]
    fn problems() {
        assert!(is_problem("gpu.reject"));
        assert!(is_problem("maintenance.idle_kill"));
        assert!(is_problem("gpu.allocation.lock_timeout"));
        assert!(!is_problem("container.create"));
        assert!(!is_problem("gpu.allocate"));
    }

    #[test]
    fn problem_statuses() {
        for v in [
            "fail",
            "FAILED",
            " error ",
            "reset_failed",
            "denied",
            "Rejected",
            "timeout",
            "killed",
        ] {
            assert!(is_problem_status(v), "{v}");
        }
        for v in [
            "ok",
            "running",
            "failover",
            "no_error",
            "",
            "fail ed",
            "\u{212a}illed",
        ] {
            assert!(!is_problem_status(v), "{v}");
        }
    }
}
