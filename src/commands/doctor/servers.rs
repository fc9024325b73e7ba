//! Several servers: a sender's forwarding, a collector's hosts.

use std::path::Path;

use jiff::Timestamp;

use super::{check, human, Check, Status};
use crate::cli::DoctorArgs;
use crate::engine;
use crate::logrotate;

/// A sender's checks, when a forwarding config is installed: the config is
/// current, rsyslog runs, the queue's backlog on disk, the collector answers.
pub(super) fn sender_checks(a: &DoctorArgs, events: &Path) -> Vec<Check> {
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
pub(super) fn collector_checks(a: &DoctorArgs) -> Vec<Check> {
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
