//! Attacks a member of the log's group (or any local user) can make, each
//! driven through the real binary: no root file is written or chowned
//! through a link, no planted FIFO hangs anyone, no event is lost behind a
//! fragment or to a hung file system. Cases that need root, setpriv or FUSE
//! are in the ignored tier, which CI runs as root.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{self, bin};

/// The binary with a scrubbed environment.
fn cmd(dir: &Path) -> Command {
    let mut c = util::cmd();
    c.env("DS01_EVENTS_SYSLOG_SOCKET", dir.join("no-syslog.sock"))
        .env("DS01_EVENTS_STATE_DIR", dir.join("state"))
        .stdin(Stdio::null());
    c
}

/// Waits for `child` at most `limit`; kills it and fails the test if it is
/// still running then (a hang is the bug these tests look for).
fn finish_within(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            // A process stuck in the kernel outlives SIGKILL: do not wait
            // for it for ever either.
            let reaped = Instant::now();
            while child.try_wait().ok().flatten().is_none()
                && reaped.elapsed() < Duration::from_secs(2)
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            panic!("{what} still running after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn run_within(mut c: Command, limit: Duration, what: &str) -> Output {
    let child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish_within(child, limit, what)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn mkfifo(p: &Path) {
    nix::unistd::mkfifo(p, nix::sys::stat::Mode::from_bits_truncate(0o666)).unwrap();
}

// ------------------------------------------------------------- metrics --output

/// The old writer used `.NAME.PID.tmp` with File::create: links planted for
/// the coming PIDs made root's cron overwrite any file.
#[test]
fn metrics_output_never_writes_through_planted_links() {
    let d = tempfile::tempdir().unwrap();
    let events = d.path().join("events.jsonl");
    fs::write(&events, "").unwrap();
    let victim = d.path().join("victim");
    fs::write(&victim, "precious\n").unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o600)).unwrap();
    let out_dir = d.path().join("textfile");
    fs::create_dir(&out_dir).unwrap();
    let last: u32 = fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    for pid in last..last + 3000 {
        let _ = std::os::unix::fs::symlink(&victim, out_dir.join(format!(".ds01.prom.{pid}.tmp")));
    }
    // A link at the target itself is replaced, never followed.
    std::os::unix::fs::symlink(&victim, out_dir.join("ds01.prom")).unwrap();
    let mut c = cmd(d.path());
    c.arg("metrics")
        .arg("--file")
        .arg(&events)
        .arg("--output")
        .arg(out_dir.join("ds01.prom"));
    let o = run_within(c, Duration::from_secs(20), "metrics");
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(fs::metadata(&victim).unwrap().mode() & 0o7777, 0o600);
    let m = fs::symlink_metadata(out_dir.join("ds01.prom")).unwrap();
    assert!(m.file_type().is_file(), "the target is a regular file now");
    assert_eq!(m.mode() & 0o7777, 0o644);
    let prom = fs::read_to_string(out_dir.join("ds01.prom")).unwrap();
    assert!(prom.contains("ds01_events_lost_total"), "{prom}");
}

// ------------------------------------------------------------------- setup

/// A root for `setup --root` with its own /etc/group.
fn setup_root() -> (tempfile::TempDir, u32) {
    let gid = 4343;
    (util::setup_root(gid, ""), gid)
}

fn setup(root: &Path, extra: &[&str]) -> Output {
    let mut c = cmd(root);
    // The state directory is placed by --root like everything else.
    c.env_remove("DS01_EVENTS_STATE_DIR");
    c.arg("setup")
        .args(extra)
        .args(["--group", "loggers", "--root"])
        .arg(root);
    run_within(c, Duration::from_secs(20), "setup")
}

/// A root 0600 file outside the log directory.
fn victim(root: &Path) -> PathBuf {
    let v = root.join("etc/shadow-like");
    fs::write(&v, "root secret\n").unwrap();
    fs::set_permissions(&v, fs::Permissions::from_mode(0o600)).unwrap();
    v
}

fn assert_untouched(v: &Path) {
    let m = fs::metadata(v).unwrap();
    assert_eq!(m.mode() & 0o7777, 0o600, "victim's mode changed");
    assert_eq!((m.uid(), m.gid()), (0, 0), "victim's owner changed");
    assert_eq!(fs::read_to_string(v).unwrap(), "root secret\n");
}

#[test]
#[ignore = "needs root: setup chowns"]
fn setup_refuses_a_hard_link_to_another_file() {
    let (r, _) = setup_root();
    let v = victim(r.path());
    fs::create_dir_all(r.path().join("var/log/ds01")).unwrap();
    fs::hard_link(&v, r.path().join("var/log/ds01/events.jsonl")).unwrap();
    let o = setup(r.path(), &[]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("hard links"), "{}", text(&o));
    assert_eq!(
        text(&o)
            .lines()
            .filter(|l| l.contains("ds01-events:"))
            .count(),
        1
    );
    assert_untouched(&v);
}

#[test]
#[ignore = "needs root: setup chowns"]
fn setup_refuses_a_linked_directory_in_a_writable_parent() {
    let (r, _) = setup_root();
    let v = victim(r.path());
    fs::create_dir_all(r.path().join("var/log")).unwrap();
    fs::set_permissions(r.path().join("var/log"), fs::Permissions::from_mode(0o777)).unwrap();
    // events.jsonl would be the victim through the linked directory.
    fs::rename(&v, r.path().join("etc/events.jsonl")).unwrap();
    let v = r.path().join("etc/events.jsonl");
    std::os::unix::fs::symlink(r.path().join("etc"), r.path().join("var/log/ds01")).unwrap();
    let o = setup(r.path(), &[]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("symbolic link"), "{}", text(&o));
    assert_untouched(&v);
    let etc = fs::metadata(r.path().join("etc")).unwrap();
    assert_eq!(
        etc.mode() & 0o2000,
        0,
        "the linked directory was not chmodded"
    );
}

/// The race: the events file swapped for a link to a root file while setup
/// runs (renameat2 exchange in a loop). Through descriptors opened without
/// following links, setup never reaches the victim.
#[test]
#[ignore = "needs root: setup chowns"]
fn setup_never_chowns_through_a_swapped_link() {
    let (r, _) = setup_root();
    let v = victim(r.path());
    let dir = r.path().join("var/log/ds01");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("events.jsonl"), "").unwrap();
    std::os::unix::fs::symlink(&v, dir.join("swap")).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let stop = stop.clone();
        let dir = dir.clone();
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = nix::fcntl::renameat2(
                    None,
                    &dir.join("events.jsonl"),
                    None,
                    &dir.join("swap"),
                    nix::fcntl::RenameFlags::RENAME_EXCHANGE,
                );
            }
        })
    };
    for _ in 0..150 {
        let _ = setup(r.path(), &[]);
        // Setup may fix the file back; make it differ again so every run acts.
        for p in [dir.join("events.jsonl"), dir.join("swap")] {
            if fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_file()) {
                let _ = fs::set_permissions(&p, fs::Permissions::from_mode(0o600));
            }
        }
        assert_untouched(&v);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    swapper.join().unwrap();
    assert_untouched(&v);
}

#[test]
#[ignore = "needs root: setup chowns"]
fn setup_makes_the_directory_sticky_and_doctor_checks_it() {
    let (r, gid) = setup_root();
    let o = setup(r.path(), &[]);
    assert!(o.status.success(), "{}", text(&o));
    let dir = r.path().join("var/log/ds01");
    let m = fs::metadata(&dir).unwrap();
    assert_eq!(m.mode() & 0o7777, 0o3775);
    assert_eq!((m.uid(), m.gid()), (0, gid));
    let lost = r.path().join("var/lib/ds01-events/lost");
    let l = fs::metadata(&lost).unwrap();
    assert_eq!((l.mode() & 0o7777, l.uid(), l.gid()), (0o1733, 0, 0));

    let doctor = |r: &Path| {
        let mut c = cmd(r);
        c.env_remove("DS01_EVENTS_STATE_DIR");
        c.args(["doctor", "--group", "loggers", "--root"]).arg(r);
        run_within(c, Duration::from_secs(20), "doctor")
    };
    let o = doctor(r.path());
    let out = text(&o);
    let line = out.lines().find(|l| l.contains("directory")).unwrap();
    assert!(line.starts_with("PASS"), "{out}");
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o2775)).unwrap();
    let out = text(&doctor(r.path()));
    let line = out.lines().find(|l| l.contains("directory")).unwrap();
    assert!(
        line.starts_with("WARN") && line.contains("no sticky bit"),
        "{out}"
    );
    assert!(out.contains("chmod 3775"), "{out}");
}

/// With the sticky bit a member appends but cannot rename or delete the
/// file; and a member's writer can still create a missing file.
#[test]
#[ignore = "needs root and setpriv: runs as a member of the group"]
fn members_append_but_cannot_replace_the_file() {
    let (r, gid) = setup_root();
    fs::set_permissions(r.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let o = setup(r.path(), &[]);
    assert!(o.status.success(), "{}", text(&o));
    let dir = r.path().join("var/log/ds01");
    let events = dir.join("events.jsonl");
    let as_member = |args: &[&str]| {
        let mut c = util::scrubbed("setpriv");
        c.args([
            "--reuid=65534",
            &format!("--regid={gid}"),
            &format!("--groups={gid}"),
        ])
        .args(args)
        .env("DS01_EVENTS_SYSLOG_SOCKET", r.path().join("none"))
        .env("DS01_EVENTS_LOST_COUNTER", r.path().join("lost-member"));
        run_within(c, Duration::from_secs(20), "as member")
    };
    let b = bin();
    let o = as_member(&[
        b.to_str().unwrap(),
        "log",
        "--file",
        events.to_str().unwrap(),
        "test.event",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(fs::read_to_string(&events).unwrap().lines().count(), 1);
    let o = as_member(&[
        "mv",
        events.to_str().unwrap(),
        dir.join("gone").to_str().unwrap(),
    ]);
    assert!(!o.status.success(), "a member renamed the events file");
    let o = as_member(&["rm", "-f", events.to_str().unwrap()]);
    assert!(!o.status.success(), "a member deleted the events file");
    assert!(events.exists());
    // After rotation (root renames it away) a member's writer re-creates it.
    fs::rename(&events, dir.join("events.jsonl-1")).unwrap();
    let o = as_member(&[
        b.to_str().unwrap(),
        "log",
        "--file",
        events.to_str().unwrap(),
        "test.event",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(fs::read_to_string(&events).unwrap().lines().count(), 1);
    assert_eq!(
        fs::metadata(&events).unwrap().gid(),
        gid,
        "setgid gave the group"
    );
}

#[test]
#[ignore = "needs root: setup chowns"]
fn each_events_file_gets_its_own_logrotate_config() {
    let (r, _) = setup_root();
    assert!(setup(r.path(), &[]).status.success());
    let default_conf = r.path().join("etc/logrotate.d/ds01-events");
    let before = fs::read_to_string(&default_conf).unwrap();
    let o = setup(r.path(), &["--file", "/srv/other/events.jsonl"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        fs::read_to_string(&default_conf).unwrap(),
        before,
        "default config kept"
    );
    let other = fs::read_to_string(
        r.path()
            .join("etc/logrotate.d/ds01-events-srv_other_events.jsonl"),
    )
    .unwrap();
    assert!(
        other.starts_with("# Installed") && other.contains("/srv/other/events.jsonl {"),
        "{other}"
    );
    // A config of that name that rotates another file is not overwritten
    // without --force.
    fs::write(&default_conf, "/elsewhere/x.jsonl {\n    daily\n}\n").unwrap();
    let o = setup(r.path(), &[]);
    assert_eq!(o.status.code(), Some(64), "{}", text(&o));
    assert!(text(&o).contains("--force"), "{}", text(&o));
    assert!(fs::read_to_string(&default_conf)
        .unwrap()
        .contains("/elsewhere"));
    let o = setup(r.path(), &["--force"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(fs::read_to_string(&default_conf).unwrap(), before);
}

// ---------------------------------------------------------- lost counters

/// An events file that cannot be appended to (a directory) and no syslog:
/// every event is lost and must be counted.
fn losing_log(d: &Path, counter: &Path) -> Command {
    let mut c = cmd(d);
    c.env("DS01_EVENTS_LOST_COUNTER", counter)
        .arg("log")
        .arg("--file")
        .arg(d)
        .arg("test.lost");
    c
}

#[test]
fn a_fifo_planted_as_the_lost_counter_hangs_nobody() {
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("lost");
    mkfifo(&fifo);
    let o = run_within(losing_log(d.path(), &fifo), Duration::from_secs(5), "log");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("LOST") && err.contains("cannot count it"),
        "{err}"
    );
    for sub in [&["doctor"][..], &["metrics"][..]] {
        let mut c = cmd(d.path());
        c.env("DS01_EVENTS_LOST_COUNTER", &fifo)
            .args(sub)
            .arg("--file")
            .arg(d.path().join("events.jsonl"));
        run_within(c, Duration::from_secs(10), sub[0]);
    }
}

#[test]
fn concurrent_lost_events_are_each_counted() {
    let d = tempfile::tempdir().unwrap();
    let counter = d.path().join("lost");
    let children: Vec<Child> = (0..200)
        .map(|_| {
            losing_log(d.path(), &counter)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        finish_within(c, Duration::from_secs(30), "log");
    }
    assert_eq!(fs::metadata(&counter).unwrap().len(), 200);
    let mut c = cmd(d.path());
    c.env("DS01_EVENTS_LOST_COUNTER", &counter)
        .args(["metrics", "--file"])
        .arg(d.path().join("events.jsonl"));
    let o = run_within(c, Duration::from_secs(10), "metrics");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("ds01_events_lost_total 200"),
        "{}",
        text(&o)
    );
}

/// Without an override the counter lives in the state directory setup
/// makes (one file per uid), and root's doctor and metrics sum them all.
#[test]
#[ignore = "needs root: counters of several users"]
fn root_sums_every_users_counter() {
    let d = tempfile::tempdir().unwrap();
    let lost = d.path().join("state/lost");
    fs::create_dir_all(&lost).unwrap();
    fs::set_permissions(&lost, fs::Permissions::from_mode(0o1733)).unwrap();
    let mut c = cmd(d.path());
    c.args(["log", "--file"]).arg(d.path()).arg("test.lost");
    run_within(c, Duration::from_secs(5), "log");
    assert_eq!(fs::metadata(lost.join("0")).unwrap().len(), 1);
    fs::write(lost.join("12345"), "LLL").unwrap();
    std::os::unix::fs::chown(lost.join("12345"), Some(12345), Some(12345)).unwrap();
    // A file named for one uid but owned by another is not counted.
    fs::write(lost.join("777"), "LLLLLLL").unwrap();
    let mut c = cmd(d.path());
    c.args(["metrics", "--file"])
        .arg(d.path().join("events.jsonl"));
    let o = run_within(c, Duration::from_secs(10), "metrics");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("ds01_events_lost_total 4"),
        "{}",
        text(&o)
    );
    let mut c = cmd(d.path());
    c.args(["doctor", "--file"])
        .arg(d.path().join("events.jsonl"));
    let out = text(&run_within(c, Duration::from_secs(10), "doctor"));
    let line = out.lines().find(|l| l.contains(" lost ")).unwrap();
    assert!(
        line.contains("4 events recorded nowhere by 2 users"),
        "{out}"
    );
    assert!(line.contains("777"), "{out}");
}

// ------------------------------------------------------------ the writer

#[test]
fn an_event_after_a_torn_fragment_starts_on_its_own_line() {
    let d = tempfile::tempdir().unwrap();
    let events = d.path().join("events.jsonl");
    fs::write(
        &events,
        "{\"timestamp\":\"2026-11-30T10:00:00Z\",\"event_type\":\"a.b\",\"schema_ver",
    )
    .unwrap();
    let mut c = cmd(d.path());
    c.args(["log", "--file"])
        .arg(&events)
        .args(["gpu.allocate", "user=alice"]);
    let o = run_within(c, Duration::from_secs(5), "log");
    assert!(o.status.success(), "{}", text(&o));
    let content = fs::read_to_string(&events).unwrap();
    let lines: Vec<&str> = content.lines().collect();
    assert_eq!(lines.len(), 2, "{content}");
    assert!(lines[1].starts_with("{\"timestamp\""), "{content}");
    let mut c = cmd(d.path());
    c.args(["--file"])
        .arg(&events)
        .args(["--all", "--json", "--user", "alice"]);
    let o = run_within(c, Duration::from_secs(5), "query");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).lines().count(),
        1,
        "{}",
        text(&o)
    );
}

#[test]
fn invalid_utf8_in_an_argument_is_recorded_not_lost() {
    use std::os::unix::ffi::OsStrExt;
    let d = tempfile::tempdir().unwrap();
    let events = d.path().join("events.jsonl");
    let mut c = cmd(d.path());
    c.args(["log", "--file"])
        .arg(&events)
        .arg("container.create")
        .arg(std::ffi::OsStr::from_bytes(b"user=al\xffice"))
        .arg(std::ffi::OsStr::from_bytes(b"container=x\xfe"));
    let o = run_within(c, Duration::from_secs(5), "log");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let line = fs::read_to_string(&events).unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["user"], "al\u{fffd}ice");
    assert_eq!(v["details"]["container"], "x\u{fffd}");
    assert_eq!(v["details"]["invalid_utf8"], true);
    assert!(String::from_utf8_lossy(&o.stderr).contains("not valid UTF-8"));
}

#[test]
fn many_detail_keys_keep_all_that_fit_quickly() {
    let d = tempfile::tempdir().unwrap();
    let events = d.path().join("events.jsonl");
    let mut c = cmd(d.path());
    c.args(["log", "--file"]).arg(&events).arg("test.many");
    for i in 0..20_000 {
        c.arg(format!("k{i}=v{i}"));
    }
    let start = Instant::now();
    let o = run_within(c, Duration::from_secs(20), "log with 20,000 keys");
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    let line = fs::read_to_string(&events).unwrap();
    assert!(line.len() <= 4096);
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    let details = v["details"].as_object().unwrap();
    let kept = details.keys().filter(|k| k.starts_with('k')).count();
    assert!(kept > 150, "{kept} keys kept");
    assert_eq!(details["k0"], "v0");
    assert_eq!(details["dropped_keys"], (20_000 - kept) as u64);
}

/// A FUSE server that never answers: `log` gives up on the file, sends the
/// event to syslog and returns to its caller on time, though the process
/// doing the write stays stuck in the kernel.
#[test]
#[ignore = "needs root and /dev/fuse: mounts a FUSE file system that never answers"]
fn log_returns_on_time_when_the_file_system_never_answers() {
    let d = tempfile::tempdir().unwrap();
    let mnt = d.path().join("mnt");
    fs::create_dir(&mnt).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/hung_fuse.py");
    /// Ends the server (which aborts the connection and frees every
    /// process stuck on it) and unmounts, even when the test fails.
    struct Mounted(Child, PathBuf);
    impl Drop for Mounted {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
            let _ = Command::new("umount").arg("-l").arg(&self.1).status();
        }
    }
    let mut server = Mounted(
        Command::new("python3")
            .arg(&script)
            .arg(&mnt)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
        mnt.clone(),
    );
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.0.stdout.take().unwrap()),
        &mut first,
    )
    .unwrap();
    assert_eq!(first.trim(), "mounted");
    // A syslog socket that receives the fallback.
    let sock_path = d.path().join("syslog.sock");
    let sock = std::os::unix::net::UnixDatagram::bind(&sock_path).unwrap();
    let mut c = cmd(d.path());
    c.env("DS01_EVENTS_SYSLOG_SOCKET", &sock_path)
        .env("DS01_EVENTS_LOST_COUNTER", d.path().join("lost"))
        .args(["log", "--file"])
        .arg(mnt.join("events.jsonl"))
        .args(["gpu.allocate", "user=alice"]);
    let start = Instant::now();
    let o = run_within(c, Duration::from_secs(10), "log on a hung file system");
    let took = start.elapsed();
    drop(server);
    assert!(took < Duration::from_secs(2), "log took {took:?}");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("did not answer"), "{}", text(&o));
    let mut buf = [0u8; 8192];
    sock.set_nonblocking(true).unwrap();
    let n = sock.recv(&mut buf).expect("the event reached syslog");
    assert!(String::from_utf8_lossy(&buf[..n]).contains("gpu.allocate"));
}

// ---------------------------------------------------------- who wrote it

/// `user=` is whatever the caller says; the writer's real uid is recorded
/// beside it, top-level after `source`, and can be filtered on.
#[test]
fn the_writers_real_uid_is_recorded_and_filterable() {
    let d = tempfile::tempdir().unwrap();
    let events = d.path().join("events.jsonl");
    let mut c = cmd(d.path());
    c.args(["log", "--file"]).arg(&events).args([
        "auth.denied",
        "user=bob",
        "source=t",
        "container=x",
    ]);
    let o = run_within(c, Duration::from_secs(5), "log");
    assert!(o.status.success(), "{}", text(&o));
    let line = fs::read_to_string(&events).unwrap();
    let uid = nix::unistd::getuid().as_raw();
    assert!(
        line.contains(&format!(
            "\"user\":\"bob\",\"source\":\"t\",\"uid\":{uid},\"details\""
        )),
        "{line}"
    );
    let query = |w: &str| {
        let mut c = cmd(d.path());
        c.arg("--file")
            .arg(&events)
            .args(["--all", "--json", "--where", w]);
        String::from_utf8(run_within(c, Duration::from_secs(5), "query").stdout).unwrap()
    };
    let out = query(&format!("uid={uid}"));
    assert_eq!(out.lines().count(), 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["uid"], uid);
    assert!(
        v["details"].get("uid").is_none(),
        "uid stays top-level: {out}"
    );
    assert_eq!(query("uid=4242424").lines().count(), 0);
    // An old-schema line's uid key is a detail, as every other key there.
    fs::write(
        &events,
        "{\"ts\": \"2026-11-30T10:00:00Z\", \"event\": \"x.y\", \"uid\": 7}\n",
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(query("uid=7").trim()).unwrap();
    assert_eq!(v["details"]["uid"], 7);
    assert!(v.get("uid").is_none());
}

#[test]
#[ignore = "needs root and setpriv: logs as another user"]
fn another_user_cannot_pass_as_someone_else() {
    let d = tempfile::tempdir().unwrap();
    fs::set_permissions(d.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let events = d.path().join("events.jsonl");
    let o = util::scrubbed("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(bin())
        .args(["log", "--file"])
        .arg(&events)
        .args(["auth.denied", "user=root"])
        .env("DS01_EVENTS_SYSLOG_SOCKET", d.path().join("none"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value =
        serde_json::from_str(fs::read_to_string(&events).unwrap().trim()).unwrap();
    assert_eq!(v["user"], "root");
    assert_eq!(v["uid"], 65534, "the real writer is recorded");
}

/// Disk full under concurrent writers: a short write can leave a fragment
/// without a newline. Every event whose `log` said nothing (exit 0, no
/// warning) must then be in the file as a whole line of its own, never
/// glued behind a fragment.
#[test]
#[ignore = "needs root: mounts a small tmpfs"]
fn disk_full_never_loses_a_silent_event_behind_a_fragment() {
    let d = tempfile::tempdir().unwrap();
    let mnt = d.path().join("small");
    fs::create_dir(&mnt).unwrap();
    let st = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(&mnt)
        .status()
        .unwrap();
    assert!(st.success(), "mount tmpfs");
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    let events = mnt.join("events.jsonl");
    // Writers race for the last free blocks with lines of different sizes.
    let silent: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|w| {
                let events = events.clone();
                let dir = d.path().to_path_buf();
                s.spawn(move || {
                    let mut ok = Vec::new();
                    for i in 0..400 {
                        let pad = "x".repeat(50 + (i * 37 + w * 101) % 1500);
                        let o = cmd(&dir)
                            .env("DS01_EVENTS_LOST_COUNTER", dir.join(format!("lost{w}")))
                            .args(["log", "--file"])
                            .arg(&events)
                            .args([
                                "container.create",
                                &format!("id=w{w}-{i}"),
                                &format!("pad={pad}"),
                            ])
                            .output()
                            .unwrap();
                        if o.status.success() && o.stderr.is_empty() {
                            ok.push(format!("w{w}-{i}"));
                        }
                    }
                    ok
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let text = fs::read(&events).unwrap();
    let whole: std::collections::HashSet<String> = text
        .split(|&b| b == b'\n')
        .filter_map(|l| serde_json::from_slice::<serde_json::Value>(l).ok())
        .filter_map(|v| v["details"]["id"].as_str().map(String::from))
        .collect();
    let fragments = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty() && serde_json::from_slice::<serde_json::Value>(l).is_err())
        .count();
    eprintln!("{} silent events, {fragments} fragments", silent.len());
    let lost: Vec<&String> = silent.iter().filter(|id| !whole.contains(*id)).collect();
    assert!(
        lost.is_empty(),
        "{} silent events not in the file as whole lines: {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );
    assert!(!silent.is_empty(), "some events fit");
}
