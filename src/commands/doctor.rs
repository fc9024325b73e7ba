//! `doctor`: is logging going to work, and is the log healthy? Each check
//! says PASS, WARN or FAIL and, when not PASS, the command that fixes it.
//! Exit 1 when anything fails.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use jiff::{SignedDuration, Timestamp};
use serde_json::json;

use crate::cli::DoctorArgs;
use crate::engine::{self, Flow};
use crate::exit::{self, Failure};
use crate::logrotate;
use crate::output::escape::escape;
use crate::sysinfo;
use crate::writer;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Status {
    Pass,
    Warn,
    Fail,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
        }
    }
}

struct Check {
    name: &'static str,
    status: Status,
    detail: String,
    fix: String,
}

fn check(name: &'static str, status: Status, detail: String, fix: impl Into<String>) -> Check {
    Check {
        name,
        status,
        detail,
        fix: if status == Status::Pass {
            String::new()
        } else {
            fix.into()
        },
    }
}

/// The newest lines of the file, read backwards.
const SAMPLE_LINES: usize = 10_000;

/// A group's name: from the root's /etc/group under `--root`, else the system's.
fn group_name(root: Option<&Path>, gid: u32) -> String {
    root.and_then(|r| {
        sysinfo::groups_in(&logrotate::under(Some(r), Path::new("/etc/group")))
            .into_iter()
            .find(|g| g.gid == gid)
            .map(|g| g.name)
    })
    .unwrap_or_else(|| sysinfo::group_name(gid))
}

pub fn run(a: &DoctorArgs, file: Option<&Path>, json_out: bool) -> Result<i32, Failure> {
    // Like setup, --file names the path as the system sees it; with --root
    // the file looked at is under the root.
    let system_path = writer::events_path(file);
    let path = logrotate::under(a.root.as_deref(), &system_path);
    let setup = format!("sudo ds01-events setup --group {}", a.group);
    let mut checks = Vec::new();
    let shown = escape(&path.display().to_string()).into_owned();

    // The file itself.
    let meta = std::fs::symlink_metadata(&path);
    let regular = match &meta {
        Ok(m) if m.file_type().is_symlink() => {
            checks.push(check(
                "file",
                Status::Fail,
                format!("{shown} is a symbolic link; the writer refuses it"),
                format!("sudo rm {shown} && {setup}"),
            ));
            false
        }
        Ok(m) if !m.file_type().is_file() => {
            checks.push(check(
                "file",
                Status::Fail,
                format!("{shown} is not a regular file"),
                format!("sudo rm -r {shown} && {setup}"),
            ));
            false
        }
        Ok(m) => {
            checks.push(check(
                "file",
                Status::Pass,
                format!("{shown} is a regular file ({} bytes)", m.len()),
                "",
            ));
            true
        }
        Err(e) => {
            checks.push(check(
                "file",
                Status::Fail,
                format!("{shown}: {e}"),
                setup.clone(),
            ));
            false
        }
    };
    if let (true, Ok(m)) = (regular, &meta) {
        let group = group_name(a.root.as_deref(), m.gid());
        let owner = sysinfo::user_name(m.uid());
        let ok = m.uid() == 0 && group == a.group;
        checks.push(check(
            "owner",
            if ok { Status::Pass } else { Status::Fail },
            format!("owned by {owner}:{group} (want root:{})", a.group),
            format!("sudo chown root:{} {shown}", a.group),
        ));
        let mode = m.mode() & 0o7777;
        checks.push(check(
            "mode",
            if mode == 0o664 {
                Status::Pass
            } else {
                Status::Fail
            },
            format!("mode {mode:04o} (want 0664: the group's members append)"),
            format!("sudo chmod 0664 {shown}"),
        ));
        let can_append = nix::unistd::access(&path, nix::unistd::AccessFlags::W_OK).is_ok();
        let user = sysinfo::user_name(nix::unistd::getuid().as_raw());
        checks.push(check(
            "append",
            if can_append {
                Status::Pass
            } else {
                Status::Fail
            },
            if can_append {
                format!("{user} can append")
            } else {
                format!("{user} cannot append: events would go to syslog only")
            },
            format!("sudo usermod -aG {} {user} (then log in again)", a.group),
        ));
    }

    // The directory.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let d = escape(&dir.display().to_string()).into_owned();
        match std::fs::metadata(dir) {
            Ok(m) => checks.push(directory_check(
                &d,
                &m,
                &group_name(a.root.as_deref(), m.gid()),
                &a.group,
            )),
            Err(e) => checks.push(check(
                "directory",
                Status::Fail,
                format!("{d}: {e}"),
                setup.clone(),
            )),
        }
        // NFS emulates O_APPEND: concurrent appends can corrupt lines.
        if let Ok(st) = nix::sys::statfs::statfs(dir) {
            let nfs = st.filesystem_type() == nix::sys::statfs::NFS_SUPER_MAGIC;
            checks.push(check(
                "filesystem",
                if nfs { Status::Warn } else { Status::Pass },
                if nfs {
                    format!(
                        "{d} is on NFS: O_APPEND is emulated and concurrent appends can interleave"
                    )
                } else {
                    format!("{d} is on a local file system")
                },
                "move the log to a local file system (--file / DS01_EVENTS_FILE)",
            ));
        }
        if let Ok(st) = nix::sys::statvfs::statvfs(dir) {
            let free = st.blocks_available().saturating_mul(st.fragment_size());
            let total = st.blocks().saturating_mul(st.fragment_size()).max(1);
            let low = free < (1 << 30) || free * 100 / total < 5;
            checks.push(check(
                "disk",
                if low { Status::Warn } else { Status::Pass },
                format!("{} MiB free ({}%)", free >> 20, free * 100 / total),
                format!("free space on the file system holding {d} (df -h {d})"),
            ));
        }
    }

    // Rotation.
    let conf = logrotate::installed_path(a.root.as_deref(), &system_path);
    let wanted = logrotate::config(&system_path, &a.group);
    match std::fs::read_to_string(&conf) {
        Ok(text) if text == wanted => checks.push(check(
            "logrotate",
            Status::Pass,
            format!("{} installed and current", conf.display()),
            "",
        )),
        Ok(text) if text.lines().any(|l| l.trim() == "copytruncate") => checks.push(check(
            "logrotate",
            Status::Fail,
            format!("{} uses copytruncate, which loses events", conf.display()),
            setup.clone(),
        )),
        Ok(_) => checks.push(check(
            "logrotate",
            Status::Warn,
            format!("{} differs from what setup installs", conf.display()),
            format!("{setup} (or compare: ds01-events setup --print-logrotate)"),
        )),
        Err(_) => checks.push(check(
            "logrotate",
            Status::Warn,
            format!(
                "{} not installed: the log grows without bound",
                conf.display()
            ),
            setup.clone(),
        )),
    }

    // The newest events.
    if regular {
        if let Ok(f) = engine::open_regular(&path) {
            let end = f.metadata().map(|m| m.len()).unwrap_or(0);
            let (mut lines, mut malformed, mut future) = (0usize, 0usize, 0usize);
            let mut newest: Option<Timestamp> = None;
            let ahead = Timestamp::now() + SignedDuration::from_mins(5);
            let _ = engine::scan_backward(&f, end, |line, _, too_long| {
                lines += 1;
                if too_long || crate::event::is_malformed(line) {
                    malformed += 1;
                } else if let Some(t) = engine::line_time(line) {
                    // Future lines say nothing of how fresh the log is.
                    if t > ahead {
                        future += 1;
                    } else {
                        newest = Some(newest.map_or(t, |n| n.max(t)));
                    }
                }
                if lines >= SAMPLE_LINES {
                    Flow::Stop
                } else {
                    Flow::More
                }
            });
            match newest {
                Some(t) => {
                    let age = Timestamp::now().duration_since(t);
                    let old = age > SignedDuration::from_hours(24);
                    checks.push(check(
                        "newest event",
                        if old { Status::Warn } else { Status::Pass },
                        format!("{} ({} ago)", t.strftime("%Y-%m-%d %H:%M:%SZ"), human(age)),
                        "nothing logged for a day: check the scripts can append (ds01-events doctor as their user)",
                    ));
                }
                None => checks.push(check(
                    "newest event",
                    Status::Warn,
                    "no events yet".into(),
                    "log a test event: ds01-events log health.check",
                )),
            }
            checks.push(check(
                "malformed",
                if malformed > 0 {
                    Status::Warn
                } else {
                    Status::Pass
                },
                format!("{malformed} malformed among the newest {lines} lines"),
                format!("list them: ds01-events --file {shown} --malformed (queries skip them)"),
            ));
            checks.push(check(
                "future",
                if future > 0 {
                    Status::Warn
                } else {
                    Status::Pass
                },
                format!("{future} events dated more than 5 minutes ahead"),
                "check the clocks (timedatectl) of the machines that log",
            ));
            checks.extend(order_check(&path, &shown));
        }
    }

    checks.push(lost_check());
    if let Some(c) = seal_check(&system_path) {
        checks.push(c);
    }
    checks.extend(sender_checks(a, &system_path));
    checks.extend(collector_checks(a));

    let worst = checks
        .iter()
        .map(|c| c.status)
        .max()
        .unwrap_or(Status::Pass);
    if json_out {
        let arr: Vec<_> = checks
            .iter()
            .map(|c| json!({"check": c.name, "status": c.status.label(), "detail": c.detail, "fix": c.fix}))
            .collect();
        println!(
            "{}",
            crate::event::envelope::to_json_escaping(
                &serde_json::Value::Array(arr),
                crate::output::escape::is_unsafe
            )
        );
    } else {
        for c in &checks {
            println!("{}  {:<13} {}", c.status.label(), c.name, escape(&c.detail));
            if !c.fix.is_empty() {
                println!("      {:<13} fix: {}", "", escape(&c.fix));
            }
        }
    }
    Ok(if worst == Status::Fail {
        exit::CHECK_FAILED
    } else {
        exit::OK
    })
}

/// The log directory: root:GROUP 3775. Without the sticky bit any member
/// can rename, replace or delete the events file; without setgid a
/// re-created file loses the group.
fn directory_check(d: &str, m: &std::fs::Metadata, group: &str, want_group: &str) -> Check {
    let mode = m.mode() & 0o7777;
    let mut missing = Vec::new();
    if mode & 0o2000 == 0 {
        missing.push("no setgid bit: a re-created file would lose the group");
    }
    if mode & 0o1000 == 0 {
        missing.push("no sticky bit: any member can rename, replace or delete the events file");
    }
    if mode & 0o020 == 0 {
        missing.push("not group-writable: members cannot create the file");
    }
    let ok = missing.is_empty() && m.uid() == 0 && group == want_group;
    check(
        "directory",
        if ok { Status::Pass } else { Status::Warn },
        format!(
            "{d} is {}:{group} mode {mode:04o}{}",
            sysinfo::user_name(m.uid()),
            if missing.is_empty() {
                String::new()
            } else {
                format!(" ({})", missing.join("; "))
            }
        ),
        format!(
            "sudo chown root:{want_group} {d} && sudo chmod {:04o} {d}",
            writer::DIR_MODE
        ),
    )
}

/// Sealing, when it is set up: the newest checkpoint's age and the lines
/// not yet sealed (from the seal directory's state; `verify` checks for
/// real).
fn seal_check(events: &Path) -> Option<Check> {
    let dir = crate::seal::SealDir::new(crate::seal::seal_dir(None));
    if !dir.seals().exists() {
        return None;
    }
    let Some((at, unsealed)) = crate::seal::sealer::status(&dir, events) else {
        return Some(check(
            "seal",
            Status::Warn,
            format!("{} exists but no seal has run yet", dir.seals().display()),
            "sudo ds01-events seal (and: sudo ds01-events setup --seal for the timer)",
        ));
    };
    let age = Timestamp::now().as_second() - at;
    let stale = age > 10 * 60;
    Some(check(
        "seal",
        if stale { Status::Warn } else { Status::Pass },
        format!(
            "newest checkpoint {} ago; {unsealed} events not yet sealed",
            human(SignedDuration::from_secs(age))
        ),
        "the timer seals every minute: check it (systemctl status ds01-events-seal.timer) or run: sudo ds01-events setup --seal",
    ))
}

/// Events nobody could record: every user's counter when run as root.
fn lost_check() -> Check {
    let lost = writer::lost_counts();
    let whose = if nix::unistd::geteuid().is_root() {
        format!("by {} users", lost.users)
    } else {
        "by this user".into()
    };
    if !lost.suspicious.is_empty() {
        let files: Vec<String> = lost
            .suspicious
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return check(
            "lost",
            Status::Warn,
            format!(
                "{} events recorded nowhere {whose}; {} file(s) in {} are not a user's own counter: {}",
                lost.total,
                files.len(),
                writer::lost_dir().display(),
                files.join(", ")
            ),
            format!("inspect and remove them: sudo rm {}", files.join(" ")),
        );
    }
    check(
        "lost",
        if lost.total > 0 {
            Status::Warn
        } else {
            Status::Pass
        },
        format!(
            "{} events recorded neither in the file nor in syslog {whose}",
            lost.total
        ),
        format!(
            "fix the checks above, then reset the counters: sudo rm {}/*",
            writer::lost_dir().display()
        ),
    )
}

fn human(d: SignedDuration) -> String {
    let s = d.as_secs().max(0);
    match s {
        0..=119 => format!("{s} s"),
        120..=7199 => format!("{} min", s / 60),
        7200..=172_799 => format!("{} h", s / 3600),
        _ => format!("{} days", s / 86400),
    }
}

/// The whole file's time order (engine::disorder): lines out of order
/// beyond the writers' tolerance, lines dated in the future.
fn order_check(path: &std::path::Path, shown: &str) -> Option<Check> {
    let d = engine::disorder(path, Timestamp::now()).ok()?;
    let bad = d.out_of_order > 0 || d.future > 0;
    let mut what = format!(
        "{} of {} timed lines out of order by more than {} min, {} dated in the future",
        d.out_of_order,
        d.timed,
        engine::MAX_JITTER_SECS / 60,
        d.future
    );
    if let Some(n) = d.first_out_of_order.or(d.first_future) {
        what += &format!(" (first at line {n})");
    }
    Some(check(
        "order",
        if bad { Status::Warn } else { Status::Pass },
        what,
        format!("queries stay exact (they read such files line by line, slower); check the writers' clocks (timedatectl) and who appends by hand: ds01-events --file {shown} --all --raw"),
    ))
}

// ------------------------------------------------------ several servers

/// A sender's checks, when a forwarding config is installed: the config is
/// current, rsyslog runs, the queue's backlog on disk, the collector answers.
fn sender_checks(a: &DoctorArgs, events: &Path) -> Vec<Check> {
    use crate::rsyslog;
    let root = a.root.as_deref();
    let conf_path = logrotate::under(root, Path::new(rsyslog::FORWARD_CONF));
    let Ok(text) = std::fs::read_to_string(&conf_path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let target = rsyslog::configured_target(&text);
    let fix_with = |t: &str| {
        format!(
            "sudo ds01-events setup --group {} --forward-to {t}",
            a.group
        )
    };
    let wanted = target
        .as_ref()
        .zip(events.to_str())
        .map(|(t, e)| rsyslog::forward_config(e, t));
    let shown_conf = conf_path.display().to_string();
    out.push(match (&target, wanted) {
        (Some(t), Some(w)) if w == text => check(
            "forward",
            Status::Pass,
            format!("{shown_conf} forwards {} to {}", events.display(), t.shown()),
            "",
        ),
        (Some(t), _) => check(
            "forward",
            Status::Warn,
            format!(
                "{shown_conf} is not what setup installs for {} (edited, an older version, or another file: {})",
                events.display(),
                rsyslog::configured_file(&text).unwrap_or_else(|| "none".into())
            ),
            fix_with(&t.shown()),
        ),
        (None, _) => check(
            "forward",
            Status::Fail,
            format!("{shown_conf} names no collector (target= and port=)"),
            fix_with("HOST[:PORT]"),
        ),
    });
    if root.is_none() {
        out.push(rsyslog_check(
            "rsyslogd is not running: nothing is forwarded (the events stay in the file)",
        ));
    }
    let main = std::fs::read_to_string(logrotate::under(root, Path::new(rsyslog::MAIN_CONF)))
        .unwrap_or_default();
    let work = logrotate::under(root, &rsyslog::work_dir(&main));
    match rsyslog::queue_backlog(&work) {
        Ok((0, _)) => out.push(check(
            "queue",
            Status::Pass,
            format!("no backlog on disk in {}", work.display()),
            "",
        )),
        Ok((bytes, files)) => out.push(check(
            "queue",
            if bytes > 800 << 20 { Status::Fail } else { Status::Warn },
            format!(
                "{bytes} bytes in {files} queue file(s) in {} wait for the collector (the queue holds at most {}; then the events wait in the file)",
                work.display(),
                rsyslog::QUEUE_MAX_DISK
            ),
            "check the collector and the network (the 'collector' check); the queue drains by itself once it answers",
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => out.push(check(
            "queue",
            Status::Warn,
            format!(
                "rsyslog's work directory {} does not exist: the queue cannot spill to disk or survive a restart",
                work.display()
            ),
            format!("sudo mkdir -p {} && sudo systemctl restart rsyslog", work.display()),
        )),
        Err(e) => out.push(check(
            "queue",
            Status::Warn,
            format!("cannot read rsyslog's work directory {}: {e}", work.display()),
            "run doctor as root (sudo ds01-events doctor)",
        )),
    }
    if let Some(t) = &target {
        out.push(match connect_within(t, std::time::Duration::from_secs(1)) {
            Ok(addr) => check(
                "collector",
                Status::Pass,
                format!("{} answers a TCP connect ({addr})", t.shown()),
                "",
            ),
            Err(e) => check(
                "collector",
                Status::Fail,
                format!("{} does not answer a TCP connect within 1 s: {e}", t.shown()),
                "check the collector runs rsyslog with 'setup --collector', its firewall, and the name (the queue holds the events meanwhile)",
            ),
        });
    }
    out
}

/// rsyslogd runs and accepts the whole config (`rsyslogd -N1`, which also
/// finds a missing omrelp/imrelp module: the rsyslog-relp package).
fn rsyslog_check(not_running: &str) -> Check {
    let fix = "sudo systemctl start rsyslog (packages: apt-get install rsyslog rsyslog-relp)";
    if !crate::commands::setup::rsyslog_running() {
        return check("rsyslog", Status::Fail, not_running.into(), fix);
    }
    let validated = std::process::Command::new("rsyslogd")
        .args(["-N1", "-f", crate::rsyslog::MAIN_CONF])
        .output();
    match validated {
        Ok(o) if o.status.success() => check(
            "rsyslog",
            Status::Pass,
            "rsyslogd is running and accepts its config (rsyslogd -N1)".into(),
            "",
        ),
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stderr);
            let first = text
                .lines()
                .find(|l| l.contains("error"))
                .or_else(|| text.lines().next())
                .unwrap_or("no reason given")
                .trim()
                .to_string();
            check(
                "rsyslog",
                Status::Fail,
                format!("rsyslogd -N1 refuses the config: {first}"),
                "fix the config it names; a missing omrelp or imrelp module: apt-get install rsyslog-relp",
            )
        }
        Err(e) => check(
            "rsyslog",
            Status::Warn,
            format!("rsyslogd runs but cannot be asked to check its config: {e}"),
            fix,
        ),
    }
}

/// A TCP connect to `t` (name resolution included) within `limit`.
fn connect_within(
    t: &crate::rsyslog::Endpoint,
    limit: std::time::Duration,
) -> Result<std::net::SocketAddr, String> {
    use std::net::ToSocketAddrs;
    let (tx, rx) = std::sync::mpsc::channel();
    let (host, port) = (t.host.clone(), t.port);
    let start = std::time::Instant::now();
    // Name resolution cannot be given a deadline: a thread is left behind
    // if it hangs.
    std::thread::spawn(move || {
        let _ = tx.send(
            (host.as_str(), port)
                .to_socket_addrs()
                .map(|a| a.collect::<Vec<_>>()),
        );
    });
    let addrs = match rx.recv_timeout(limit) {
        Ok(Ok(a)) if !a.is_empty() => a,
        Ok(Ok(_)) => return Err("the name has no address".into()),
        Ok(Err(e)) => return Err(format!("cannot resolve the name: {e}")),
        Err(_) => return Err("name resolution took too long".into()),
    };
    let mut last = String::from("no address");
    for addr in addrs {
        let left = limit.saturating_sub(start.elapsed());
        if left.is_zero() {
            return Err("timed out".into());
        }
        match std::net::TcpStream::connect_timeout(&addr, left) {
            Ok(_) => return Ok(addr),
            Err(e) => last = e.to_string(),
        }
    }
    Err(last)
}

/// A collector's checks, when its config is installed or --hosts-dir is
/// given: each host's newest event and its age.
fn collector_checks(a: &DoctorArgs) -> Vec<Check> {
    use crate::rsyslog;
    let root = a.root.as_deref();
    let conf_path = logrotate::under(root, Path::new(rsyslog::COLLECTOR_CONF));
    let conf = std::fs::read_to_string(&conf_path).ok();
    let from_conf = conf.as_deref().and_then(|c| {
        let at = c.find("string=\"")? + 8;
        let end = c[at..].find("/%hostname")?;
        Some(std::path::PathBuf::from(&c[at..at + end]))
    });
    let flag = crate::engine::hosts_dir(a.file.hosts_dir.as_deref(), &a.file.file);
    let Some(dir) = flag.or(from_conf) else {
        return Vec::new();
    };
    let dir = logrotate::under(root, &dir);
    let mut out = Vec::new();
    if conf.is_some() && root.is_none() {
        out.push(rsyslog_check(
            "rsyslogd is not running: nothing is received",
        ));
    }
    if let Some(c) = &conf {
        let ok = c.contains("type=\"imrelp\"") && c.contains("%msg:2:$%");
        out.push(check(
            "collecting",
            if ok { Status::Pass } else { Status::Warn },
            format!(
                "{} {}",
                conf_path.display(),
                if ok {
                    "receives by RELP, one file per host"
                } else {
                    "is not what setup installs (edited or older)"
                }
            ),
            format!("sudo ds01-events setup --group {} --collector", a.group),
        ));
    }
    let hosts = match engine::host_dirs(&dir) {
        Ok(h) => h,
        Err(e) => {
            out.push(check(
                "hosts",
                Status::Fail,
                format!("cannot read {}: {e}", dir.display()),
                format!("sudo ds01-events setup --group {} --collector", a.group),
            ));
            return out;
        }
    };
    if hosts.is_empty() {
        out.push(check(
            "hosts",
            Status::Warn,
            format!("no host has sent events to {} yet", dir.display()),
            "on each sender: sudo ds01-events setup --forward-to THIS-COLLECTOR, then ds01-events doctor there",
        ));
        return out;
    }
    let now = Timestamp::now();
    let mut worst = Status::Pass;
    let mut parts = Vec::new();
    for (name, path) in &hosts {
        let newest = crate::commands::metrics::newest_event(path, now);
        match newest {
            Some(t) => {
                let age = now.duration_since(t);
                if age.as_secs() > 86_400 {
                    worst = worst.max(Status::Warn);
                }
                parts.push(format!("{name} {} ago", human(age)));
            }
            None => {
                worst = worst.max(Status::Warn);
                parts.push(format!("{name} no events"));
            }
        }
    }
    out.push(check(
        "hosts",
        worst,
        format!("newest event per host: {}", parts.join(", ")),
        "a host silent for over a day: run 'ds01-events doctor' on it (forward, rsyslog, queue, collector)",
    ));
    out
}
