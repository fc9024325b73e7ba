//! The front ends printed by `ds01-events shell-init bash|python`, driven
//! through real bash and python3 processes against the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

use crate::util;

fn ds01() -> PathBuf {
    util::bin()
}

/// An absolute path to a program found on the test's own PATH.
fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn bash() -> PathBuf {
    ["/bin/bash", "/usr/bin/bash"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .or_else(|| which("bash"))
        .expect("bash is needed for these tests")
}

/// The real python3 interpreter (not a pyenv-style shim), so it runs with a
/// scrubbed environment.
fn python3() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()?;
    let p = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    (out.status.success() && p.is_file()).then_some(p)
}

/// A scratch directory with `bin/ds01-events` (a symlink to the real binary),
/// an empty `nobin/` directory, and the events file path.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("bin")).unwrap();
        std::fs::create_dir(dir.path().join("nobin")).unwrap();
        std::os::unix::fs::symlink(ds01(), dir.path().join("bin/ds01-events")).unwrap();
        Sandbox { dir }
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    fn events_file(&self) -> PathBuf {
        self.path("events.jsonl")
    }
    /// PATH with the binary on it (and the usual system directories).
    fn path_with_binary(&self) -> String {
        format!("{}:/usr/bin:/bin", self.path("bin").display())
    }
    /// PATH without the binary: only an empty directory.
    fn path_without_binary(&self) -> String {
        self.path("nobin").display().to_string()
    }
    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
    /// The text `shell-init KIND` prints, saved under `rel`.
    fn save_init(&self, kind: &str, rel: &str) -> PathBuf {
        let out = util::cmd().args(["shell-init", kind]).output().unwrap();
        assert!(out.status.success(), "shell-init {kind} failed: {out:?}");
        assert!(out.stderr.is_empty());
        self.write(rel, std::str::from_utf8(&out.stdout).unwrap())
    }
    /// A command with a scrubbed environment: only PATH, HOME, LANG and the
    /// events file.
    fn command(&self, program: &Path, path_var: &str) -> Command {
        let mut c = Command::new(program);
        c.env_clear()
            .env("PATH", path_var)
            .env("HOME", self.dir.path())
            .env("LANG", "C.UTF-8")
            .env("DS01_EVENTS_FILE", self.events_file())
            .current_dir(self.dir.path());
        c
    }
    fn events(&self) -> Vec<Value> {
        match std::fs::read_to_string(self.events_file()) {
            Ok(text) => text
                .lines()
                .map(|l| serde_json::from_str(l).expect("each line is JSON"))
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        stdout(out),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The envelope without its timestamp, for exact comparisons.
/// The event without the fields that vary by run: the timestamp, and the
/// writer's uid (checked to be this process's).
fn strip_ts(mut v: Value) -> Value {
    let m = v.as_object_mut().unwrap();
    let ts = m.remove("timestamp").expect("timestamp");
    assert!(ts.as_str().unwrap().ends_with('Z'));
    let uid = m.remove("uid").expect("uid");
    assert_eq!(uid, nix::unistd::getuid().as_raw());
    v
}

#[test]
fn shell_init_prints_the_bundled_texts() {
    for (kind, text) in [
        ("bash", ds01_events::shell_init::BASH),
        ("python", ds01_events::shell_init::PYTHON),
    ] {
        let out = util::cmd().args(["shell-init", kind]).output().unwrap();
        assert_ok(&out);
        assert_eq!(stdout(&out), text);
    }
    let out = Command::new(bash())
        .arg("-n")
        .arg(Sandbox::new().save_init("bash", "init.bash"))
        .output()
        .unwrap();
    assert_ok(&out);
}

#[test]
fn bash_both_signatures_under_strict_mode() {
    let sb = Sandbox::new();
    let script = sb.write(
        "deploy-gpu.sh",
        r#"set -euo pipefail
source <(ds01-events shell-init bash)
user=keep source=keep bin=keep
log_event container.create alice "" container=alice-jupyter priority=50 gpu=1.2
log_event gpu.allocate user=bob source=gpu-allocator gpu_uuid=GPU-1 has_gpu=true label=050
log_event container.stop "" "" reason=idle
log_event container.remove carol cleanup.sh container=c:1
log_event container.start --user dave --container d1
log_event maintenance.cleanup
log_event
false || log_event health.check
echo "status=$? user=$user source=$source bin=$bin leaked=${__ds01_type+yes}${__ds01_opts+yes}"
[[ $- == *e* && $- == *u* ]] && shopt -qo pipefail && echo "options kept"
"#,
    );
    let out = sb
        .command(&bash(), &sb.path_with_binary())
        .arg(&script)
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(
        stdout(&out),
        "status=0 user=keep source=keep bin=keep leaked=\noptions kept\n"
    );
    let events: Vec<Value> = sb.events().into_iter().map(strip_ts).collect();
    assert_eq!(
        events,
        vec![
            json!({"event_type":"container.create","schema_version":"1","user":"alice",
                   "source":"deploy-gpu.sh",
                   "details":{"container":"alice-jupyter","priority":50,"gpu":1.2}}),
            json!({"event_type":"gpu.allocate","schema_version":"1","user":"bob",
                   "source":"gpu-allocator",
                   "details":{"gpu_uuid":"GPU-1","has_gpu":true,"label":"050"}}),
            json!({"event_type":"container.stop","schema_version":"1",
                   "source":"deploy-gpu.sh","details":{"reason":"idle"}}),
            json!({"event_type":"container.remove","schema_version":"1","user":"carol",
                   "source":"cleanup.sh","details":{"container":"c:1"}}),
            json!({"event_type":"container.start","schema_version":"1","user":"dave",
                   "source":"deploy-gpu.sh","details":{"container":"d1"}}),
            json!({"event_type":"maintenance.cleanup","schema_version":"1",
                   "source":"deploy-gpu.sh"}),
            json!({"event_type":"health.check","schema_version":"1",
                   "source":"deploy-gpu.sh"}),
        ]
    );
}

#[test]
fn bash_is_harmless_without_a_working_binary() {
    let sb = Sandbox::new();
    let init = sb.save_init("bash", "init.bash");
    let failing = sb.write("failing-bin", "#!/bin/sh\necho noise\nexit 3\n");
    std::fs::set_permissions(
        &failing,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let script = sb.write(
        "nightly.sh",
        &format!(
            r#"set -euo pipefail
source '{init}'
log_event container.create alice "" container=x
log_event gpu.allocate user=bob gpu=0
DS01_EVENTS_BIN=/nonexistent/ds01-events log_event gpu.release
DS01_EVENTS_BIN=ds01-events log_event gpu.release
DS01_EVENTS_BIN='{failing}' log_event gpu.release
echo "next line runs, status $?"
"#,
            init = init.display(),
            failing = failing.display()
        ),
    );
    let out = sb
        .command(&bash(), &sb.path_without_binary())
        .arg(&script)
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out), "next line runs, status 0\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(!sb.events_file().exists());
}

#[test]
fn bash_resolves_the_binary_at_call_time_and_survives_an_unwritable_file() {
    let sb = Sandbox::new();
    let init = sb.save_init("bash", "init.bash");
    // A regular file where the events directory should be: appends fail even as root.
    sb.write("blocker", "");
    let script = sb.write(
        "late.sh",
        &format!(
            r#"set -euo pipefail
source '{init}'
log_event container.create alice
DS01_EVENTS_BIN='{bin}' log_event container.start alice
DS01_EVENTS_FILE='{dir}/blocker/events.jsonl' DS01_EVENTS_BIN='{bin}' log_event container.stop alice
echo done
"#,
            init = init.display(),
            bin = ds01().display(),
            dir = sb.dir.path().display()
        ),
    );
    let out = sb
        .command(&bash(), &sb.path_without_binary())
        .arg(&script)
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out), "done\n");
    let events = sb.events();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["event_type"], "container.start");
    assert_eq!(events[0]["user"], "alice");
    assert_eq!(events[0]["source"], "late.sh");
}

#[test]
fn bash_source_defaults_to_the_calling_script() {
    let sb = Sandbox::new();
    let init = sb.save_init("bash", "init.bash");
    let lib = sb.write(
        "gpu-lib.sh",
        "lib_log() { log_event gpu.release \"$1\" gpu=3; }\n",
    );
    let script = sb.write(
        "gpu-monitor.sh",
        &format!(
            "set -eu\nsource '{}'\nsource '{}'\nlog_event gpu.allocate erin gpu=3\nlib_log erin\nlog_event gpu.hold erin explicit\n",
            init.display(),
            lib.display()
        ),
    );
    let out = sb
        .command(&bash(), &sb.path_with_binary())
        .arg(&script)
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out), "");
    let sources: Vec<Value> = sb.events().iter().map(|e| e["source"].clone()).collect();
    assert_eq!(
        sources,
        vec![
            json!("gpu-monitor.sh"),
            json!("gpu-lib.sh"),
            json!("explicit")
        ]
    );
}

const PY_APP: &str = r#"
import sys
sys.path.insert(0, sys.argv[1])
from ds01_events import log_event

class Odd:
    def __str__(self):
        return "odd-object"

ok = log_event("container.create", user="alice", priority=50, label="50",
               ratio=1.5, whole=2.0, has_gpu=True, note=None, pids=[1, 2],
               meta={"a": {"b": "x=y"}}, bad=float("nan"), big=float("-inf"),
               odd=Odd(), text="it's \"quoted\" = 1")
ok2 = log_event("gpu.release", source="allocator", gpu="0")
print("result", ok, ok2)
"#;

#[test]
#[ignore = "needs python3"]
fn python_module_logs_with_types_preserved() {
    let py = python3().expect("needs python3 on PATH");
    let sb = Sandbox::new();
    sb.save_init("python", "lib/ds01_events.py");
    let app = sb.write("train_job.py", PY_APP);
    let out = sb
        .command(&py, &sb.path_with_binary())
        .arg(&app)
        .arg(sb.path("lib"))
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out), "result True True\n");
    let events: Vec<Value> = sb.events().into_iter().map(strip_ts).collect();
    assert_eq!(
        events,
        vec![
            json!({"event_type":"container.create","schema_version":"1","user":"alice",
                   "source":"train_job.py",
                   "details":{"priority":50,"label":"50","ratio":1.5,"whole":2.0,
                              "has_gpu":true,"note":null,"pids":[1,2],
                              "meta":{"a":{"b":"x=y"}},"bad":"NaN","big":"-Infinity",
                              "odd":"odd-object","text":"it's \"quoted\" = 1"}}),
            json!({"event_type":"gpu.release","schema_version":"1",
                   "source":"allocator","details":{"gpu":"0"}}),
        ]
    );
    // 50 the number and "50" the string stay distinct in the raw line too.
    let raw = std::fs::read_to_string(sb.events_file()).unwrap();
    assert!(raw.contains(r#""priority":50,"label":"50""#), "{raw}");
}

#[test]
#[ignore = "needs python3"]
fn python_module_returns_false_without_raising() {
    let py = python3().expect("needs python3 on PATH");
    let sb = Sandbox::new();
    sb.save_init("python", "lib/ds01_events.py");
    let app = sb.write("train_job.py", PY_APP);

    // The binary missing from PATH.
    let out = sb
        .command(&py, &sb.path_without_binary())
        .arg(&app)
        .arg(sb.path("lib"))
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out), "result False False\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 2, "one warning line per call: {err}");
    assert!(err.lines().all(|l| l.contains("warning")), "{err}");
    assert!(!sb.events_file().exists());

    // The event cannot be appended (log --strict exits 75): a regular file
    // stands where the events directory should be, so this fails even as root.
    sb.write("blocker", "");
    let out = sb
        .command(&py, &sb.path_with_binary())
        .env("DS01_EVENTS_FILE", sb.path("blocker/events.jsonl"))
        .arg(&app)
        .arg(sb.path("lib"))
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out), "result False False\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not logged"), "{err}");
}

#[test]
#[ignore = "needs python3"]
fn python_module_cli_forwards_to_the_binary() {
    let py = python3().expect("needs python3 on PATH");
    let sb = Sandbox::new();
    let module = sb.save_init("python", "ds01_events.py");
    let out = sb
        .command(&py, &sb.path_with_binary())
        .arg(&module)
        .args([
            "log",
            "container.start",
            "user=frank",
            "source=cron",
            "priority=50",
            "label:=\"50\"",
        ])
        .output()
        .unwrap();
    assert_ok(&out);
    let events: Vec<Value> = sb.events().into_iter().map(strip_ts).collect();
    assert_eq!(
        events,
        vec![
            json!({"event_type":"container.start","schema_version":"1","user":"frank",
                    "source":"cron","details":{"priority":50,"label":"50"}})
        ]
    );
    let out = sb
        .command(&py, &sb.path_without_binary())
        .arg(&module)
        .args(["log", "container.start"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
