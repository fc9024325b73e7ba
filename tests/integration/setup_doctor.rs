//! `setup` and `doctor`, run for real under `--root` in a temporary
//! directory (the tests run as root here and in CI).

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util;

const EVENTS: &str = "var/log/ds01/events.jsonl";

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// A root with its own /etc/group holding the group `loggers`.
struct Root {
    dir: tempfile::TempDir,
    gid: u32,
}

impl Root {
    fn new() -> Root {
        let gid = 4242;
        let dir = util::setup_root(gid, "alice");
        Root { dir, gid }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn events(&self) -> PathBuf {
        self.path().join(EVENTS)
    }
    fn run(&self, args: &[&str]) -> Output {
        util::cmd()
            .env("DS01_EVENTS_LOST_COUNTER", self.path().join("lost"))
            .args(args)
            .args([
                "--root",
                self.path().to_str().unwrap(),
                "--group",
                "loggers",
            ])
            .output()
            .unwrap()
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
#[ignore = "needs root (chown)"]
fn setup_creates_directory_file_and_config_and_is_idempotent() {
    assert!(is_root(), "needs root (chown)");
    let r = Root::new();
    let o = r.run(&["setup"]);
    assert!(o.status.success(), "{}", text(&o));
    let dir = fs::metadata(r.events().parent().unwrap()).unwrap();
    assert_eq!(dir.mode() & 0o7777, 0o3775);
    assert_eq!((dir.uid(), dir.gid()), (0, r.gid));
    let file = fs::metadata(r.events()).unwrap();
    assert!(file.file_type().is_file());
    assert_eq!(file.mode() & 0o7777, 0o664);
    assert_eq!((file.uid(), file.gid()), (0, r.gid));
    let conf = fs::read_to_string(r.path().join("etc/logrotate.d/ds01-events")).unwrap();
    assert!(conf.contains("/var/log/ds01/events.jsonl {"), "{conf}");
    assert!(conf.contains("create 0664 root loggers"), "{conf}");
    assert!(!conf.lines().any(|l| l.trim() == "copytruncate"), "{conf}");

    let again = r.run(&["setup"]);
    assert!(again.status.success());
    assert!(text(&again).contains("nothing to do"), "{}", text(&again));

    // A wrong mode is repaired, and only that.
    fs::set_permissions(r.events(), fs::Permissions::from_mode(0o644)).unwrap();
    let fix = r.run(&["setup"]);
    let out = text(&fix);
    assert!(out.contains("chmod 0664"), "{out}");
    assert!(!out.contains("create"), "{out}");
    assert_eq!(fs::metadata(r.events()).unwrap().mode() & 0o7777, 0o664);
}

#[test]
fn dry_run_changes_nothing() {
    let r = Root::new();
    let o = r.run(&["setup", "--dry-run"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("would create directory"), "{out}");
    assert!(out.contains("would install"), "{out}");
    assert!(!r.path().join("var").exists());
    assert!(!r.path().join("etc/logrotate.d").exists());
}

#[test]
#[ignore = "needs root and setpriv (util-linux) to run as another user"]
fn setup_as_a_user_says_what_it_needs_and_exits_77() {
    assert!(is_root(), "needs root to run as another user");
    let r = Root::new();
    fs::set_permissions(r.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let o = util::scrubbed("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(util::bin())
        .args(["setup", "--group", "loggers", "--root"])
        .arg(r.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(77), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("sudo ds01-events setup"), "{err}");
    assert!(!r.path().join("var").exists());
}

#[test]
fn unknown_group_is_a_usage_error_naming_groupadd() {
    let r = Root::new();
    let o = util::cmd()
        .args(["setup", "--dry-run", "--group", "nosuchgroup-xyz", "--root"])
        .arg(r.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&o.stderr).contains("groupadd"));
}

#[test]
fn print_logrotate_shows_the_shipped_config() {
    let o = util::cmd()
        .args([
            "setup",
            "--print-logrotate",
            "--group",
            "staff",
            "--file",
            "/srv/log/ev.jsonl",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let conf = String::from_utf8_lossy(&o.stdout);
    assert!(conf.contains("/srv/log/ev.jsonl {"), "{conf}");
    assert!(conf.contains("create 0664 root staff"), "{conf}");
    assert!(conf.contains("dateext"), "{conf}");
    assert!(!conf.lines().any(|l| l.trim() == "copytruncate"), "{conf}");
}

fn statuses(r: &Root) -> (Option<i32>, Vec<(String, String)>) {
    let o = r.run(&["doctor", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("doctor --json is JSON ({e}): {}", text(&o)));
    let checks = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["check"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (o.status.code(), checks)
}

fn status_of(checks: &[(String, String)], name: &str) -> String {
    checks
        .iter()
        .find(|(c, _)| c == name)
        .map(|(_, s)| s.clone())
        .unwrap_or_else(|| panic!("no check {name} in {checks:?}"))
}

#[test]
#[ignore = "needs root (setup chowns)"]
fn doctor_passes_a_fresh_setup_and_fails_what_breaks_logging() {
    assert!(is_root(), "needs root (setup chowns)");
    let r = Root::new();
    assert!(r.run(&["setup"]).status.success());
    let now = jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S.%6fZ");
    fs::write(
        r.events(),
        format!("{{\"timestamp\":\"{now}\",\"event_type\":\"health.check\",\"schema_version\":\"1\"}}\n"),
    )
    .unwrap();
    let (code, checks) = statuses(&r);
    assert_eq!(code, Some(0), "{checks:?}");
    for name in [
        "file",
        "owner",
        "mode",
        "append",
        "directory",
        "logrotate",
        "newest event",
        "malformed",
        "future",
        "lost",
    ] {
        assert_eq!(status_of(&checks, name), "PASS", "{name}: {checks:?}");
    }
    // The human form: one line a check, fixes named.
    let human = text(&r.run(&["doctor"]));
    assert!(
        human.lines().any(|l| l.starts_with("PASS  mode")),
        "{human}"
    );

    // A malformed line and an event from the future: warnings, exit 0.
    let mut f = fs::OpenOptions::new()
        .append(true)
        .open(r.events())
        .unwrap();
    use std::io::Write;
    writeln!(f, "{{torn").unwrap();
    writeln!(f, "{{\"timestamp\":\"2099-01-01T00:00:00.000000Z\",\"event_type\":\"x.y\",\"schema_version\":\"1\"}}").unwrap();
    let (code, checks) = statuses(&r);
    assert_eq!(code, Some(0));
    assert_eq!(status_of(&checks, "malformed"), "WARN");
    assert_eq!(status_of(&checks, "future"), "WARN");

    // Mode 0644: FAIL, exit 1, and the fix names chmod.
    fs::set_permissions(r.events(), fs::Permissions::from_mode(0o644)).unwrap();
    let (code, checks) = statuses(&r);
    assert_eq!(code, Some(1));
    assert_eq!(status_of(&checks, "mode"), "FAIL");
    assert!(text(&r.run(&["doctor"])).contains("sudo chmod 0664"));

    // A symlink in place of the file: FAIL.
    fs::remove_file(r.events()).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", r.events()).unwrap();
    let (code, checks) = statuses(&r);
    assert_eq!(code, Some(1));
    assert_eq!(status_of(&checks, "file"), "FAIL");

    // A copytruncate config: FAIL.
    fs::remove_file(r.events()).unwrap();
    assert!(r.run(&["setup"]).status.success());
    let conf = r.path().join("etc/logrotate.d/ds01-events");
    let edited = fs::read_to_string(&conf)
        .unwrap()
        .replace("    create", "    copytruncate\n    create");
    fs::write(&conf, edited).unwrap();
    let (code, checks) = statuses(&r);
    assert_eq!(code, Some(1));
    assert_eq!(status_of(&checks, "logrotate"), "FAIL");
}
