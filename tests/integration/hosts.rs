//! Several servers: the rsyslog configs `setup` prints and installs, and
//! queries over a collector's hosts directory (`--hosts-dir`, `--host`).
//!
//! The first tests build a hosts directory by hand; the ignored ones run
//! real rsyslogd processes (two senders, one collector, loopback only).

use std::fs;
use std::io::{BufRead, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{self, stderr, stdout};

/// The binary, scrubbed, with its own hosts cache.
fn bin() -> Command {
    let mut c = util::cmd();
    c.env(
        "XDG_CACHE_HOME",
        std::env::temp_dir().join("ds01-hosts-cache"),
    );
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn line(t: &str, ty: &str, user: &str, n: u32) -> String {
    util::ev(t, ty).user(user).detail("n", n).line()
}

/// Writes `lines` (each with its newline) to `hosts/HOST/FILE`, making the
/// host's directory: one host of a hosts directory, as the collector keeps it.
fn host_file(hosts: &Path, host_and_file: &str, lines: &[String]) {
    let p = hosts.join(host_and_file);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, util::joined(lines)).unwrap();
}

/// Installs what `setup --print-rsyslog ARGS` prints as `root/REL`.
fn install_printed(root: &Path, rel: &str, args: &[&str]) -> PathBuf {
    let mut all = vec!["setup", "--print-rsyslog"];
    all.extend_from_slice(args);
    let printed = run(&all);
    assert!(printed.status.success(), "{}", stderr(&printed));
    let conf = root.join(rel);
    fs::create_dir_all(conf.parent().unwrap()).unwrap();
    fs::write(&conf, &printed.stdout).unwrap();
    conf
}

/// A hosts directory made by hand: gpu-a (a rotated sibling and its
/// current file), gpu-b, and cpu-1, with interleaved times.
fn hosts_dir() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let h = d.path().join("hosts");
    let a_old = [
        line("2026-11-30T10:00:00.000000Z", "gpu.allocate", "alice", 1),
        line("2026-11-30T10:00:02.000000Z", "gpu.release", "alice", 2),
    ];
    let a_new = [line(
        "2026-11-30T10:00:04.000000Z",
        "container.create",
        "alice",
        3,
    )];
    let b = [
        line("2026-11-30T10:00:01.000000Z", "gpu.allocate", "bob", 4),
        line("2026-11-30T10:00:03.000000Z", "gpu.release", "bob", 5),
        line("2026-11-30T10:00:05.000000Z", "container.create", "bob", 6),
    ];
    let c = [line(
        "2026-11-30T10:00:06.000000Z",
        "container.create",
        "carol",
        7,
    )];
    host_file(&h, "gpu-a/events.jsonl-20261130-1764500000", &a_old);
    host_file(&h, "gpu-a/events.jsonl", &a_new);
    host_file(&h, "gpu-b/events.jsonl", &b);
    host_file(&h, "cpu-1/events.jsonl", &c);
    // Not a host: a file at the top level.
    fs::write(h.join("README"), "not a host\n").unwrap();
    (d, h)
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn hosts_dir_merges_every_host_in_time_order_with_rotated_siblings() {
    let (_d, h) = hosts_dir();
    let o = run(&["--hosts-dir", h.to_str().unwrap(), "--all", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json_lines(&o);
    let ns: Vec<u64> = v
        .iter()
        .map(|e| e["details"]["n"].as_u64().unwrap())
        .collect();
    assert_eq!(ns, [1, 4, 2, 5, 3, 6, 7], "{}", stdout(&o));
    let hosts: Vec<&str> = v.iter().map(|e| e["host"].as_str().unwrap()).collect();
    assert_eq!(
        hosts,
        ["gpu-a", "gpu-b", "gpu-a", "gpu-b", "gpu-a", "gpu-b", "cpu-1"]
    );
    // The newest N across hosts.
    let o = run(&["--hosts-dir", h.to_str().unwrap(), "-n", "2", "--json"]);
    let ns: Vec<u64> = json_lines(&o)
        .iter()
        .map(|e| e["details"]["n"].as_u64().unwrap())
        .collect();
    assert_eq!(ns, [6, 7]);
}

#[test]
fn host_filter_takes_globs_and_repeats() {
    let (_d, h) = hosts_dir();
    let hd = h.to_str().unwrap();
    let count = |extra: &[&str]| {
        let mut args = vec!["--hosts-dir", hd, "--all", "--raw"];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).lines().count()
    };
    assert_eq!(count(&["--host", "gpu-a"]), 3);
    assert_eq!(count(&["--host", "gpu-*"]), 6);
    assert_eq!(count(&["--host", "gpu-b", "--host", "cpu-1"]), 4);
    assert_eq!(count(&["--host", "gpu-?", "--user", "bob"]), 3);
    // After the command too.
    let o = run(&["query", "--hosts-dir", hd, "--host", "cpu-1", "--raw"]);
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stderr(&o));
}

#[test]
fn raw_stays_the_untouched_line_and_the_table_has_a_host_column() {
    let (_d, h) = hosts_dir();
    let hd = h.to_str().unwrap();
    let o = run(&["--hosts-dir", hd, "--host", "gpu-b", "--raw", "--all"]);
    assert_eq!(
        stdout(&o),
        fs::read_to_string(h.join("gpu-b/events.jsonl")).unwrap()
    );
    let o = run(&["--hosts-dir", hd, "--all", "--utc"]);
    let out = stdout(&o);
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(header[..4], ["TIME", "(UTC)", "HOST", "TYPE"], "{out}");
    let first: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(first[2], "gpu-a", "{out}");
    // One file alone: no HOST column.
    let o = run(&["--file", h.join("gpu-b/events.jsonl").to_str().unwrap()]);
    assert!(!stdout(&o).contains("HOST"), "{}", stdout(&o));
}

#[test]
fn hosts_dir_from_the_environment_and_file_wins() {
    let (_d, h) = hosts_dir();
    let o = bin()
        .args(["--all", "--raw"])
        .env("DS01_EVENTS_HOSTS_DIR", &h)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 7);
    // A named file wins over the environment.
    let o = bin()
        .args(["--all", "--raw", "--file"])
        .arg(h.join("cpu-1/events.jsonl"))
        .env("DS01_EVENTS_HOSTS_DIR", &h)
        .output()
        .unwrap();
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stderr(&o));
}

#[test]
fn summary_by_host_and_types_read_the_hosts() {
    let (_d, h) = hosts_dir();
    let hd = h.to_str().unwrap();
    let o = run(&["--hosts-dir", hd, "summary", "--by", "host", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    let text = v.to_string();
    assert!(text.contains("\"gpu-a\""), "{s}");
    assert!(text.contains("\"cpu-1\""), "{s}");
    assert_eq!(v["events"].as_u64(), Some(7), "{s}");
    let o = run(&["summary", "--hosts-dir", hd, "--host", "gpu-b", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["events"].as_u64(), Some(3), "{}", stdout(&o));
    let o = run(&["types", "--used", "--hosts-dir", hd, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("container.create"), "{}", stdout(&o));
}

#[test]
fn bad_host_input_gets_one_line_and_a_usage_code() {
    let (_d, h) = hosts_dir();
    let hd = h.to_str().unwrap();
    let o = run(&["--hosts-dir", hd, "--host", "gpu-z"]);
    assert_eq!(o.status.code(), Some(64));
    let e = stderr(&o);
    assert!(e.contains("hosts there: cpu-1, gpu-a, gpu-b"), "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
    let o = run(&["--host", "gpu-a"]);
    assert_eq!(o.status.code(), Some(64));
    assert!(stderr(&o).contains("--hosts-dir"), "{}", stderr(&o));
    let o = run(&["--hosts-dir", "/nonexistent/hosts"]);
    assert_eq!(o.status.code(), Some(66));
    assert!(stderr(&o).contains("setup --collector"), "{}", stderr(&o));
    let o = run(&["follow", "--hosts-dir", hd, "--file", "/tmp/x.jsonl"]);
    assert_eq!(o.status.code(), Some(64), "{}", stderr(&o));
}

// ------------------------------------------------------------ setup

#[test]
fn print_rsyslog_sender_and_collector() {
    let o = run(&[
        "setup",
        "--print-rsyslog",
        "--forward-to",
        "collector.lab",
        "--file",
        "/srv/ev/events.jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    for want in [
        "module(load=\"imfile\" mode=\"inotify\")",
        "file=\"/srv/ev/events.jsonl\"",
        "target=\"collector.lab\" port=\"2514\"",
        "queue.type=\"LinkedList\"",
        "queue.saveOnShutdown=\"on\"",
        "action.resumeRetryCount=\"-1\"",
        "queue.maxDiskSpace=",
    ] {
        assert!(s.contains(want), "{want}: {s}");
    }
    assert!(!s.contains("global("), "{s}");
    let o = run(&[
        "setup",
        "--print-rsyslog",
        "--collector",
        "--listen",
        "10.0.0.1:2600",
        "--hosts-dir",
        "/srv/hosts",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    for want in [
        "address=\"10.0.0.1\" port=\"2600\"",
        "/srv/hosts/%hostname:::secpath-replace%/events.jsonl",
        "%msg:2:$%",
        "fileCreateMode=\"0664\"",
        "fileGroup=\"docker\"",
    ] {
        assert!(s.contains(want), "{want}: {s}");
    }
    assert!(!s.contains("global("), "{s}");
    // --hosts-dir before the command counts too.
    let o = run(&[
        "--hosts-dir",
        "/srv/before",
        "setup",
        "--print-rsyslog",
        "--collector",
    ]);
    assert!(
        stdout(&o).contains("/srv/before/%hostname"),
        "{}",
        stderr(&o)
    );
    for bad in [
        vec!["setup", "--print-rsyslog"],
        vec!["setup", "--print-rsyslog", "--forward-to", "host:99999"],
        vec!["setup", "--print-rsyslog", "--forward-to", "a b"],
        vec![
            "setup",
            "--print-rsyslog",
            "--collector",
            "--hosts-dir",
            "rel/dir",
        ],
        vec!["setup", "--listen", "1.2.3.4:5"],
        vec!["setup", "--forward-to", "a", "--collector"],
    ] {
        let o = run(&bad);
        assert_eq!(o.status.code(), Some(64), "{bad:?}: {}", stderr(&o));
    }
}

/// A root for setup with its own /etc/group.
fn setup_root() -> tempfile::TempDir {
    util::setup_root(4243, "")
}

#[test]
fn setup_installs_the_sender_and_collector_configs_under_root() {
    if !nix::unistd::geteuid().is_root() {
        // setup refuses without root (exit 77), as it should: dry run only.
        let r = setup_root();
        let o = run(&[
            "setup",
            "--dry-run",
            "--group",
            "loggers",
            "--root",
            r.path().to_str().unwrap(),
            "--forward-to",
            "c.lab",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("60-ds01-events-forward.conf"));
        return;
    }
    let r = setup_root();
    let root = r.path().to_str().unwrap();
    let args = [
        "setup",
        "--group",
        "loggers",
        "--root",
        root,
        "--forward-to",
        "c.lab:2600",
    ];
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let conf =
        fs::read_to_string(r.path().join("etc/rsyslog.d/60-ds01-events-forward.conf")).unwrap();
    let printed = run(&["setup", "--print-rsyslog", "--forward-to", "c.lab:2600"]);
    assert_eq!(conf, stdout(&printed));
    assert!(r.path().join("var/log/ds01/events.jsonl").exists());
    // Again: nothing to do.
    let o = run(&args);
    assert!(stdout(&o).contains("nothing to do"), "{}", stdout(&o));

    let args = [
        "setup",
        "--group",
        "loggers",
        "--root",
        root,
        "--collector",
        "--hosts-dir",
        "/var/log/ds01/hosts",
    ];
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let conf = r.path().join("etc/rsyslog.d/60-ds01-events-collector.conf");
    assert!(fs::read_to_string(conf)
        .unwrap()
        .contains("type=\"imrelp\""));
    let rot = fs::read_to_string(r.path().join("etc/logrotate.d/ds01-events-hosts")).unwrap();
    assert!(
        rot.contains("/var/log/ds01/hosts/*/events.jsonl {"),
        "{rot}"
    );
    assert!(rot.contains("create 0664 root loggers"), "{rot}");
    let m = fs::metadata(r.path().join("var/log/ds01/hosts")).unwrap();
    assert_eq!((m.uid(), m.gid(), m.mode() & 0o7777), (0, 4243, 0o3775));
    let o = run(&args);
    assert!(stdout(&o).contains("nothing to do"), "{}", stdout(&o));
}

// ------------------------------------------------------------ real rsyslogd

const NEEDS: &str = "needs rsyslogd and rsyslog-relp (apt-get install rsyslog rsyslog-relp)";

/// An rsyslogd in the foreground, killed when dropped (even on failure).
struct Daemon {
    child: Option<Child>,
    name: String,
    log: PathBuf,
}

impl Daemon {
    fn start(dir: &Path, name: &str) -> Daemon {
        let conf = dir.join(format!("{name}.conf"));
        let pid = dir.join(format!("{name}.pid"));
        let log = dir.join(format!("{name}.log"));
        let _ = fs::remove_file(&pid);
        let out = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .unwrap();
        let child = Command::new("rsyslogd")
            .arg("-n")
            .arg("-f")
            .arg(&conf)
            .arg("-i")
            .arg(&pid)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("rsyslogd runs");
        let d = Daemon {
            child: Some(child),
            name: name.into(),
            log,
        };
        wait_for(
            Duration::from_secs(10),
            &format!("{name}'s pid file"),
            || pid.exists(),
        );
        d
    }

    /// SIGTERM, then SIGKILL after 10 s.
    fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let pid = nix::unistd::Pid::from_raw(child.id() as i32);
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    fn log_text(&self) -> String {
        format!(
            "--- {} ---\n{}",
            self.name,
            fs::read_to_string(&self.log).unwrap_or_default()
        )
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Polls `done` every 100 ms; panics after `limit`.
fn wait_for(limit: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let until = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < until, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn lines_of(p: &Path) -> Vec<String> {
    match fs::File::open(p) {
        Ok(f) => std::io::BufReader::new(f)
            .lines()
            .map(|l| l.unwrap())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Writes a main config that sets the instance's globals and includes the
/// snippet `setup --print-rsyslog` printed with `args`.
fn instance(dir: &Path, name: &str, hostname: Option<&str>, args: &[&str]) {
    let o = run(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let snippet = dir.join(format!("{name}-snippet.conf"));
    fs::write(&snippet, &o.stdout).unwrap();
    let work = dir.join(format!("{name}-work"));
    fs::create_dir_all(&work).unwrap();
    let host = hostname.map_or(String::new(), |h| format!(" localHostname=\"{h}\""));
    fs::write(
        dir.join(format!("{name}.conf")),
        format!(
            "global(workDirectory=\"{}\"{host})\ninclude(file=\"{}\")\n",
            work.display(),
            snippet.display()
        ),
    )
    .unwrap();
    let check = Command::new("rsyslogd")
        .arg("-N1")
        .arg("-f")
        .arg(dir.join(format!("{name}.conf")))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "rsyslogd -N1 refuses {name}: {}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// `n` events written by `ds01-events log` to each sender's file in turn.
fn write_events(files: &[(&str, &Path)], from: u32, n: u32) {
    for i in from..from + n {
        for (host, file) in files {
            let o = bin()
                .args(["log", "--file"])
                .arg(file)
                .args([
                    "gpu.allocate",
                    &format!("seq={i}"),
                    &format!("sender={host}"),
                    "--user",
                    "alice",
                ])
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
        }
    }
}

#[test]
#[ignore = "needs rsyslogd and rsyslog-relp (apt-get install rsyslog rsyslog-relp)"]
fn printed_configs_pass_rsyslogd_validation() {
    let _ = NEEDS;
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let ev = dir.join("events.jsonl");
    instance(
        dir,
        "sender",
        Some("gpu-a"),
        &[
            "setup",
            "--print-rsyslog",
            "--forward-to",
            "127.0.0.1:2600",
            "--file",
            ev.to_str().unwrap(),
        ],
    );
    instance(
        dir,
        "collector",
        None,
        &[
            "setup",
            "--print-rsyslog",
            "--collector",
            "--listen",
            "127.0.0.1:2600",
            "--hosts-dir",
            dir.join("hosts").to_str().unwrap(),
            "--group",
            "root",
        ],
    );
}

#[test]
#[ignore = "needs rsyslogd and rsyslog-relp (apt-get install rsyslog rsyslog-relp)"]
fn two_senders_one_collector_every_event_once_through_an_outage_and_a_rotation() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let port = free_port();
    let target = format!("127.0.0.1:{port}");
    let hosts = dir.join("hosts");
    let a_dir = dir.join("a");
    let b_dir = dir.join("b");
    fs::create_dir_all(&a_dir).unwrap();
    fs::create_dir_all(&b_dir).unwrap();
    let a = a_dir.join("events.jsonl");
    let b = b_dir.join("events.jsonl");
    for (name, host, file) in [("gpu-a", "gpu-a", &a), ("gpu-b", "gpu-b", &b)] {
        instance(
            dir,
            name,
            Some(host),
            &[
                "setup",
                "--print-rsyslog",
                "--forward-to",
                &target,
                "--file",
                file.to_str().unwrap(),
            ],
        );
    }
    instance(
        dir,
        "collector",
        None,
        &[
            "setup",
            "--print-rsyslog",
            "--collector",
            "--listen",
            &target,
            "--hosts-dir",
            hosts.to_str().unwrap(),
            "--group",
            "root",
        ],
    );
    let mut collector = Daemon::start(dir, "collector");
    let sender_a = Daemon::start(dir, "gpu-a");
    let sender_b = Daemon::start(dir, "gpu-b");
    let logs = |c: &Daemon| {
        format!(
            "{}\n{}\n{}",
            c.log_text(),
            sender_a.log_text(),
            sender_b.log_text()
        )
    };
    let both = [("gpu-a", a.as_path()), ("gpu-b", b.as_path())];
    let collected = |h: &str| lines_of(&hosts.join(h).join("events.jsonl"));

    // 1. Collector up: 500 events each.
    write_events(&both, 0, 500);
    wait_for(Duration::from_secs(60), "the first 500 of each", || {
        collected("gpu-a").len() >= 500 && collected("gpu-b").len() >= 500
    });
    // 2. Collector down: 750 each, gpu-a's file renamed as logrotate does
    // half way.
    collector.stop();
    write_events(&both, 500, 375);
    let rotated = a_dir.join(format!(
        "events.jsonl-{}-{}",
        jiff::Timestamp::now().strftime("%Y%m%d"),
        jiff::Timestamp::now().as_second()
    ));
    fs::rename(&a, &rotated).unwrap();
    write_events(&both, 875, 375);
    assert!(collected("gpu-a").len() < 2000);
    // 3. Collector back: the last 750 each.
    let collector = Daemon::start(dir, "collector");
    write_events(&both, 1250, 750);
    let done = || collected("gpu-a").len() >= 2000 && collected("gpu-b").len() >= 2000;
    let until = Instant::now() + Duration::from_secs(120);
    while !done() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        done(),
        "collected {} and {} of 2000 each\n{}",
        collected("gpu-a").len(),
        collected("gpu-b").len(),
        logs(&collector)
    );
    // Anything more (a duplicate) would arrive within a few seconds.
    std::thread::sleep(Duration::from_secs(3));

    // Every event exactly once, each line byte-identical to the sender's.
    let mut sent_a = lines_of(&rotated);
    sent_a.extend(lines_of(&a));
    let sent_b = lines_of(&b);
    for (host, sent) in [("gpu-a", &sent_a), ("gpu-b", &sent_b)] {
        assert_eq!(sent.len(), 2000, "{host} wrote");
        let got = collected(host);
        let mut g = got.clone();
        g.sort();
        g.dedup();
        assert_eq!(g.len(), got.len(), "{host}: duplicates at the collector");
        let mut s = sent.clone();
        s.sort();
        assert_eq!(
            g, s,
            "{host}: the collector's lines differ from the sender's"
        );
        assert_eq!(&got, sent, "{host}: the collector's order differs");
    }

    // Queried as one log.
    let hd = hosts.to_str().unwrap();
    let o = run(&["--hosts-dir", hd, "--host", "gpu-a", "--all", "--raw"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 2000);
    let o = run(&["--hosts-dir", hd, "--all", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json_lines(&o);
    assert_eq!(v.len(), 4000);
    let times: Vec<jiff::Timestamp> = v
        .iter()
        .map(|e| e["timestamp"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "not in time order");
    for e in &v {
        assert_eq!(e["host"], e["details"]["sender"], "{e}");
    }
    let _ = std::io::stderr().flush();
    drop(collector);
    drop(sender_a);
    drop(sender_b);
}

// ------------------------------------------------------------ doctor

fn doctor_checks(root: &Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["doctor", "--json", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = run(&args);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| {
        panic!("{e}: {} {}", stdout(&o), stderr(&o));
    });
    v.as_array().unwrap().clone()
}

fn find<'a>(checks: &'a [serde_json::Value], name: &str) -> &'a serde_json::Value {
    checks
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check in {checks:?}"))
}

#[test]
fn doctor_on_a_sender_checks_config_queue_and_the_collector() {
    let r = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let target = format!("127.0.0.1:{}", listener.local_addr().unwrap().port());
    let conf = install_printed(
        r.path(),
        "etc/rsyslog.d/60-ds01-events-forward.conf",
        &["--forward-to", &target],
    );
    let work = r.path().join("work");
    fs::create_dir_all(&work).unwrap();
    fs::write(
        r.path().join("etc/rsyslog.conf"),
        format!("global(workDirectory=\"{}\")\n", "/work"),
    )
    .unwrap();
    let c = doctor_checks(r.path(), &[]);
    assert_eq!(find(&c, "forward")["status"], "PASS", "{c:?}");
    assert_eq!(find(&c, "queue")["status"], "PASS", "{c:?}");
    assert_eq!(find(&c, "collector")["status"], "PASS", "{c:?}");
    // A backlog on disk, a collector gone, an edited config.
    fs::write(work.join("ds01-events-forward.00000001"), vec![b'x'; 5000]).unwrap();
    drop(listener);
    let mut text = fs::read_to_string(&conf).unwrap();
    text.push_str("# edited\n");
    fs::write(&conf, text).unwrap();
    let c = doctor_checks(r.path(), &[]);
    assert_eq!(find(&c, "forward")["status"], "WARN", "{c:?}");
    let q = find(&c, "queue");
    assert_eq!(q["status"], "WARN", "{c:?}");
    assert!(q["detail"].as_str().unwrap().contains("5000 bytes"), "{q}");
    assert_eq!(find(&c, "collector")["status"], "FAIL", "{c:?}");
}

#[test]
fn doctor_on_a_collector_gives_each_hosts_newest_event_age() {
    let r = tempfile::tempdir().unwrap();
    let hosts = r.path().join("srv/hosts");
    install_printed(
        r.path(),
        "etc/rsyslog.d/60-ds01-events-collector.conf",
        &["--collector", "--hosts-dir", "/srv/hosts"],
    );
    let now = jiff::Timestamp::now();
    let old = now - jiff::SignedDuration::from_hours(72);
    let fmt = |t: jiff::Timestamp| t.strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string();
    host_file(
        &hosts,
        "gpu-a/events.jsonl",
        &[line(&fmt(now), "gpu.allocate", "a", 1)],
    );
    host_file(
        &hosts,
        "gpu-b/events.jsonl",
        &[line(&fmt(old), "gpu.allocate", "b", 2)],
    );
    let c = doctor_checks(r.path(), &[]);
    assert_eq!(find(&c, "collecting")["status"], "PASS", "{c:?}");
    let h = find(&c, "hosts");
    assert_eq!(h["status"], "WARN", "{h}");
    let d = h["detail"].as_str().unwrap();
    assert!(
        d.contains("gpu-a 0 s ago") || d.contains("gpu-a 1 s ago"),
        "{d}"
    );
    assert!(d.contains("gpu-b 3 days ago"), "{d}");
}

#[test]
fn metrics_of_a_hosts_dir_carry_a_host_label() {
    let d = tempfile::tempdir().unwrap();
    let h = d.path();
    let t = util::ts_text(jiff::Timestamp::now());
    host_file(
        h,
        "gpu-a/events.jsonl",
        &[
            line(&t, "gpu.allocate", "a", 1),
            line(&t, "maintenance.idle_kill", "a", 2),
        ],
    );
    host_file(h, "gpu-b/events.jsonl", &[line(&t, "gpu.allocate", "b", 3)]);
    let o = run(&["metrics", "--hosts-dir", h.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    for want in [
        "ds01_events_24h_total{host=\"gpu-a\",event_type=\"gpu.allocate\"} 1",
        "ds01_events_24h_total{host=\"gpu-b\",event_type=\"gpu.allocate\"} 1",
        "ds01_lifecycle_events_total{host=\"gpu-a\",action=\"idle_kill\"} 1",
        "ds01_lifecycle_events_total{host=\"gpu-b\",action=\"idle_kill\"} 0",
        "ds01_events_newest_event_timestamp_seconds{host=\"gpu-b\"}",
    ] {
        assert!(s.contains(want), "{want}: {s}");
    }
    // Each family's HELP once.
    assert_eq!(s.matches("# HELP ds01_events_24h_total").count(), 1);
    let o = run(&["log", "--hosts-dir", "/x", "gpu.allocate"]);
    assert_eq!(o.status.code(), Some(64));
}

// ------------------------------------------------------------ follow

/// A running `follow`, killed when dropped; its stdout lines on a channel.
struct Following {
    child: Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Following {
    fn start(args: &[&str]) -> Following {
        let mut child = bin()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for l in std::io::BufReader::new(out).lines() {
                let Ok(l) = l else { break };
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        Following { child, lines }
    }

    fn next(&self) -> serde_json::Value {
        let l = self
            .lines
            .recv_timeout(Duration::from_secs(10))
            .expect("a line from follow within 10 s");
        serde_json::from_str(&l).unwrap()
    }
}

impl Drop for Following {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn follow_a_hosts_dir_merges_the_first_screen_and_picks_up_new_hosts() {
    let (_d, h) = hosts_dir();
    let f = Following::start(&[
        "follow",
        "--hosts-dir",
        h.to_str().unwrap(),
        "-n",
        "3",
        "--json",
    ]);
    let first: Vec<(u64, String)> = (0..3)
        .map(|_| {
            let e = f.next();
            (
                e["details"]["n"].as_u64().unwrap(),
                e["host"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        first,
        [
            (3, "gpu-a".into()),
            (6, "gpu-b".into()),
            (7, "cpu-1".into())
        ]
    );
    // An existing host appends; a new host appears.
    let append = |p: PathBuf, l: String| {
        let mut file = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(p)
            .unwrap();
        writeln!(file, "{l}").unwrap();
    };
    append(
        h.join("gpu-b/events.jsonl"),
        line("2026-11-30T10:00:07.000000Z", "gpu.release", "bob", 8),
    );
    let e = f.next();
    assert_eq!(
        (e["details"]["n"].as_u64(), e["host"].as_str()),
        (Some(8), Some("gpu-b"))
    );
    fs::create_dir_all(h.join("gpu-new")).unwrap();
    append(
        h.join("gpu-new/events.jsonl"),
        line("2026-11-30T10:00:08.000000Z", "gpu.allocate", "dan", 9),
    );
    let e = f.next();
    assert_eq!(
        (e["details"]["n"].as_u64(), e["host"].as_str()),
        (Some(9), Some("gpu-new"))
    );
}

#[test]
#[ignore = "needs promtool (apt-get install prometheus)"]
fn promtool_accepts_the_hosts_metrics() {
    let (_d, h) = hosts_dir();
    let o = run(&["metrics", "--hosts-dir", h.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut child = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool runs (apt-get install prometheus)");
    child.stdin.take().unwrap().write_all(&o.stdout).unwrap();
    let res = child.wait_with_output().unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&res.stdout),
        String::from_utf8_lossy(&res.stderr)
    );
    // As for one file (tests/integration/metrics.rs): exit 3 with only the `_total`
    // suffix findings of the two gauges the dashboards read.
    match res.status.code() {
        Some(0) => {}
        Some(3) => {
            for finding in report.lines().filter(|l| !l.trim().is_empty()) {
                assert!(
                    finding.starts_with("ds01_events_24h_total non-counter")
                        || finding.starts_with("ds01_lifecycle_events_total non-counter"),
                    "promtool found: {finding}"
                );
            }
        }
        c => panic!("promtool exit {c:?}: {report}"),
    }
}
