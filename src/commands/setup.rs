//! `setup`: the log directory (root:GROUP 3775: setgid so new files get the
//! group, sticky so members append but only root renames or deletes), the
//! events file (root:GROUP 0664) and its logrotate config. Idempotent;
//! `--dry-run` prints each action; `--root` applies it all under another
//! directory so tests and image builds can run it for real.
//!
//! Setup runs as root in a directory the group can write, so every change
//! goes through a descriptor opened without following links
//! ([`crate::safe_fs`]): a link or hard link planted there can never turn a
//! chown or chmod onto another file.

use std::os::fd::OwnedFd;
use std::path::Path;

use crate::cli::SetupArgs;
use crate::exit::{self, Failure};
use crate::logrotate;
use crate::output::escape::escape;
use crate::safe_fs;
use crate::writer;

/// One change setup makes (or would make).
struct Plan {
    actions: Vec<String>,
    dry_run: bool,
}

impl Plan {
    /// Records an action; runs it unless this is a dry run.
    fn act(
        &mut self,
        what: String,
        run: impl FnOnce() -> std::io::Result<()>,
    ) -> Result<(), Failure> {
        let shown = escape(&what).into_owned();
        if self.dry_run {
            println!("would {shown}");
        } else {
            run().map_err(|e| cannot(&what, e))?;
            println!("{shown}");
        }
        self.actions.push(what);
        Ok(())
    }
}

fn cannot(what: &str, e: std::io::Error) -> Failure {
    Failure::new(
        exit::CANT_CREATE,
        format!("cannot {what}: {e}; check the path and run as root"),
    )
}

/// Opens `dir` without following untrusted links, creating it (and its
/// missing parents, 0755) when it is not there; `None` in a dry run that
/// would create it. The caller then sets its owner and `mode`.
fn open_or_create_dir(plan: &mut Plan, dir: &Path, mode: u32) -> Result<Option<OwnedFd>, Failure> {
    match safe_fs::open_dir(dir, None) {
        Ok(fd) => Ok(Some(fd)),
        Err(e) if e.raw_os_error() == Some(nix::libc::ENOTDIR) => Err(Failure::usage(format!(
            "{} exists and is not a directory; move it away first",
            dir.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            plan.act(
                format!("create directory {} ({mode:04o})", dir.display()),
                || safe_fs::open_dir(dir, Some(0o755)).map(drop),
            )?;
            if plan.dry_run {
                return Ok(None);
            }
            let fd = safe_fs::open_dir(dir, None).map_err(|e| cannot("open the directory", e))?;
            Ok(Some(fd))
        }
        Err(e) => Err(cannot(&format!("open {}", dir.display()), e)),
    }
}

/// Sets owner root:`gid` and `mode` on an opened directory or file, saying
/// what it changes.
fn own(
    plan: &mut Plan,
    fd: Option<&impl std::os::fd::AsRawFd>,
    shown: &Path,
    group: &str,
    gid: u32,
    mode: u32,
) -> Result<(), Failure> {
    let now = fd.and_then(|fd| safe_fs::owner_mode(fd).ok());
    let missing = || std::io::Error::from(std::io::ErrorKind::NotFound);
    if now.is_none_or(|(u, g, _)| u != 0 || g != gid) {
        plan.act(format!("chown root:{group} {}", shown.display()), || {
            safe_fs::chown(fd.ok_or_else(missing)?, 0, gid)
        })?;
    }
    if now.is_none_or(|(_, _, m)| m != mode) {
        plan.act(format!("chmod {mode:04o} {}", shown.display()), || {
            safe_fs::chmod(fd.ok_or_else(missing)?, mode)
        })?;
    }
    Ok(())
}

pub fn run(a: &SetupArgs, file: Option<&Path>) -> Result<i32, Failure> {
    let events = writer::events_path(file);
    if a.print_logrotate {
        print!("{}", logrotate::config(&events, &a.group));
        return Ok(exit::OK);
    }
    if a.print_rsyslog {
        return print_rsyslog(a, &events);
    }
    // Bad rsyslog input is refused before anything changes.
    let servers = several_servers_plan(a, &events)?;
    let group = crate::sysinfo::groups_in(&logrotate::under(
        a.root.as_deref(),
        Path::new("/etc/group"),
    ))
    .into_iter()
    .chain(crate::sysinfo::group_by_name(&a.group))
    .find(|g| g.name == a.group)
    .ok_or_else(|| {
        Failure::usage(format!(
            "no group '{}' on this system; create it (sudo groupadd {}) or pass --group",
            escape(&a.group),
            escape(&a.group)
        ))
    })?;
    let root = a.root.as_deref();
    let conf_path = logrotate::installed_path(root, &events);
    if !a.dry_run && !nix::unistd::geteuid().is_root() {
        crate::say!(
            "ds01-events: setup needs root to create {} owned by root:{} and install {}; run: sudo ds01-events setup --group {} (or --dry-run to see the actions)",
            escape(&events.display().to_string()),
            escape(&a.group),
            escape(&conf_path.display().to_string()),
            escape(&a.group)
        );
        return Ok(exit::NO_PERM);
    }
    let file_path = logrotate::under(root, &events);
    let (Some(dir), Some(name)) = (file_path.parent(), file_path.file_name()) else {
        return Err(Failure::usage(
            "the events file needs a directory and a name",
        ));
    };
    let mut plan = Plan {
        actions: Vec::new(),
        dry_run: a.dry_run,
    };
    let gid = group.gid;

    // The directory: root:GROUP 3775.
    let dir_fd = open_or_create_dir(&mut plan, dir, writer::DIR_MODE)?;
    own(
        &mut plan,
        dir_fd.as_ref(),
        dir,
        &group.name,
        gid,
        writer::DIR_MODE,
    )?;

    // The file: a regular file with one link, root:GROUP 0664.
    let existed = std::fs::symlink_metadata(&file_path).is_ok();
    if !existed {
        // Created by the open below, with its mode, through the directory.
        plan.act(
            format!(
                "create file {} ({:04o})",
                file_path.display(),
                writer::FILE_MODE
            ),
            || Ok(()),
        )?;
    }
    let file = match &dir_fd {
        Some(d) if existed || !a.dry_run => Some(
            safe_fs::open_regular_in(d, name, &file_path, writer::FILE_MODE)
                .map_err(|e| Failure::new(exit::CANT_CREATE, format!("{e}")))?,
        ),
        _ => None,
    };
    own(
        &mut plan,
        file.as_ref(),
        &file_path,
        &group.name,
        gid,
        writer::FILE_MODE,
    )?;

    // The logrotate config of this events file, as the system sees its path.
    let wanted = logrotate::config(&events, &group.name);
    let current = std::fs::read_to_string(&conf_path).ok();
    if let Some(other) = current
        .as_deref()
        .and_then(logrotate::configured_file)
        .filter(|f| Path::new(f) != events)
    {
        if !a.force {
            return Err(Failure::usage(format!(
                "{} rotates {}, not {}; keep it and set up this file under another name, or replace it with --force",
                conf_path.display(),
                escape(&other),
                events.display()
            )));
        }
    }
    if current.as_deref() != Some(wanted.as_str()) {
        plan.act(format!("install {}", conf_path.display()), || {
            if let Some(p) = conf_path.parent() {
                safe_fs::open_dir(p, Some(0o755))?;
            }
            safe_fs::write_atomically(&conf_path, wanted.as_bytes(), 0o644)
        })?;
    }
    // The lost counters' directory: root:root 1733 (see writer::lost_dir).
    let lost = logrotate::under(root, &writer::lost_dir());
    let lost_fd = open_or_create_dir(&mut plan, &lost, writer::LOST_DIR_MODE)?;
    own(
        &mut plan,
        lost_fd.as_ref(),
        &lost,
        "root",
        0,
        writer::LOST_DIR_MODE,
    )?;

    if a.seal {
        install_seal_timer(&mut plan, root, &events)?;
    }
    if let Some(s) = &servers {
        install_several_servers(&mut plan, root, s, &group.name, gid)?;
    }

    if plan.actions.is_empty() {
        println!(
            "nothing to do: {} and {} are as they should be",
            escape(&file_path.display().to_string()),
            escape(&conf_path.display().to_string())
        );
    } else if !plan.dry_run {
        println!(
            "done; check with: ds01-events doctor --group {}",
            group.name
        );
    }
    Ok(exit::OK)
}

/// The files that run `seal` every minute: a systemd service and timer, and
/// a cron.d entry that runs only where systemd does not.
fn seal_units(exe: &str, events: &Path) -> Vec<(&'static str, String)> {
    let file = if events == Path::new(writer::DEFAULT_PATH) {
        String::new()
    } else {
        format!(
            " --file '{}'",
            events.display().to_string().replace('\'', "'\\''")
        )
    };
    vec![
        (
            "/etc/systemd/system/ds01-events-seal.service",
            format!(
                "# Installed by 'ds01-events setup --seal'.\n\
                 [Unit]\n\
                 Description=Seal the ds01 event log (tamper evidence)\n\n\
                 [Service]\n\
                 Type=oneshot\n\
                 ExecStart={exe}{file} seal\n"
            ),
        ),
        (
            "/etc/systemd/system/ds01-events-seal.timer",
            "# Installed by 'ds01-events setup --seal'.\n\
             [Unit]\n\
             Description=Seal the ds01 event log every minute\n\n\
             [Timer]\n\
             OnCalendar=*-*-* *:*:00\n\
             AccuracySec=1s\n\
             Persistent=true\n\n\
             [Install]\n\
             WantedBy=timers.target\n"
                .to_string(),
        ),
        (
            "/etc/cron.d/ds01-events-seal",
            format!(
                "# Installed by 'ds01-events setup --seal': seals every minute where systemd\n\
                 # does not run (with systemd, ds01-events-seal.timer does it).\n\
                 * * * * * root [ -d /run/systemd/system ] || {exe}{file} seal >/dev/null\n"
            ),
        ),
    ]
}

fn install_seal_timer(plan: &mut Plan, root: Option<&Path>, events: &Path) -> Result<(), Failure> {
    let exe = std::env::current_exe()
        .ok()
        .filter(|p| p.starts_with("/usr"))
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "/usr/bin/ds01-events".into());
    let mut changed = false;
    for (path, text) in seal_units(&exe, events) {
        let target = logrotate::under(root, Path::new(path));
        if std::fs::read_to_string(&target).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        changed = true;
        plan.act(format!("install {}", target.display()), || {
            if let Some(p) = target.parent() {
                safe_fs::open_dir(p, Some(0o755))?;
            }
            safe_fs::write_atomically(&target, text.as_bytes(), 0o644)
        })?;
    }
    // Start the timer on this system (not under --root, not in a dry run).
    if changed && root.is_none() && Path::new("/run/systemd/system").is_dir() {
        plan.act(
            "systemctl daemon-reload && systemctl enable --now ds01-events-seal.timer".into(),
            || {
                let ok = std::process::Command::new("systemctl")
                    .arg("daemon-reload")
                    .status()
                    .and_then(|_| {
                        std::process::Command::new("systemctl")
                            .args(["enable", "--now", "ds01-events-seal.timer"])
                            .status()
                    })?;
                if ok.success() {
                    Ok(())
                } else {
                    Err(std::io::Error::other("systemctl failed"))
                }
            },
        )?;
    }
    let seals = crate::seal::SealDir::new(logrotate::under(root, &crate::seal::seal_dir(None)));
    if !seals.seals().exists() {
        println!(
            "note: sealing is not initialised yet; run once: sudo ds01-events seal --init (it prints the verification key to keep off this machine)"
        );
    }
    Ok(())
}

// ------------------------------------------------------ several servers

/// What `--forward-to` or `--collector` installs: files and their texts.
struct Servers {
    /// (path as the system sees it, text)
    files: Vec<(&'static str, String)>,
    /// The collector's hosts directory, created root:GROUP 3775.
    hosts_dir: Option<std::path::PathBuf>,
}

/// The rsyslog side of setup, checked: `None` without `--forward-to` and
/// `--collector`.
fn several_servers_plan(a: &SetupArgs, events: &Path) -> Result<Option<Servers>, Failure> {
    if let Some(to) = &a.forward_to {
        let to = crate::rsyslog::parse_endpoint(to, "--forward-to").map_err(Failure::usage)?;
        let file = crate::rsyslog::check_path(events, "the events file").map_err(Failure::usage)?;
        return Ok(Some(Servers {
            files: vec![(
                crate::rsyslog::FORWARD_CONF,
                crate::rsyslog::forward_config(&file, &to),
            )],
            hosts_dir: None,
        }));
    }
    if !a.collector {
        return Ok(None);
    }
    let listen = a.listen.clone().unwrap_or_else(|| {
        format!(
            "{}:{}",
            crate::rsyslog::DEFAULT_LISTEN,
            crate::rsyslog::DEFAULT_PORT
        )
    });
    let listen = crate::rsyslog::parse_endpoint(&listen, "--listen").map_err(Failure::usage)?;
    let dir = a
        .file
        .hosts_dir
        .clone()
        .unwrap_or_else(|| crate::rsyslog::DEFAULT_HOSTS_DIR.into());
    let shown = crate::rsyslog::check_path(&dir, "--hosts-dir").map_err(Failure::usage)?;
    let shown = shown.trim_end_matches('/').to_string();
    Ok(Some(Servers {
        files: vec![
            (
                crate::rsyslog::COLLECTOR_CONF,
                crate::rsyslog::collector_config(&shown, &listen, &a.group),
            ),
            (
                crate::rsyslog::HOSTS_LOGROTATE,
                crate::rsyslog::hosts_logrotate(&shown, &a.group),
            ),
        ],
        hosts_dir: Some(dir),
    }))
}

/// `setup --print-rsyslog`: the sender's or the collector's rsyslog config.
fn print_rsyslog(a: &SetupArgs, events: &Path) -> Result<i32, Failure> {
    let Some(s) = several_servers_plan(a, events)? else {
        return Err(Failure::usage(
            "--print-rsyslog prints the config of --forward-to HOST[:PORT] (a sender) or --collector; give one of them",
        ));
    };
    // The rsyslog snippet alone (the collector's logrotate config is
    // installed by setup, not printed).
    let mut first = true;
    for (path, text) in &s.files {
        if !path.starts_with("/etc/rsyslog.d/") {
            continue;
        }
        if !first {
            println!();
        }
        first = false;
        print!("{text}");
    }
    Ok(exit::OK)
}

/// Installs the rsyslog configs (and the collector's hosts directory and
/// logrotate config), then restarts rsyslog when it runs and accepts them.
fn install_several_servers(
    plan: &mut Plan,
    root: Option<&Path>,
    s: &Servers,
    group: &str,
    gid: u32,
) -> Result<(), Failure> {
    if let Some(dir) = &s.hosts_dir {
        let target = logrotate::under(root, dir);
        let fd = open_or_create_dir(plan, &target, writer::DIR_MODE)?;
        own(plan, fd.as_ref(), &target, group, gid, writer::DIR_MODE)?;
    }
    let mut rsyslog_changed = false;
    for (path, text) in &s.files {
        let target = logrotate::under(root, Path::new(path));
        if std::fs::read_to_string(&target).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        rsyslog_changed |= path.starts_with("/etc/rsyslog.d/");
        plan.act(format!("install {}", target.display()), || {
            if let Some(p) = target.parent() {
                safe_fs::open_dir(p, Some(0o755))?;
            }
            safe_fs::write_atomically(&target, text.as_bytes(), 0o644)
        })?;
    }
    if rsyslog_changed && root.is_none() {
        restart_rsyslog(plan)?;
    }
    Ok(())
}

/// Whether rsyslogd runs here: systemd's unit is active, or the pid file
/// names a live process.
pub fn rsyslog_running() -> bool {
    if Path::new("/run/systemd/system").is_dir() {
        return std::process::Command::new("systemctl")
            .args(["is-active", "--quiet", "rsyslog.service"])
            .status()
            .is_ok_and(|s| s.success());
    }
    std::fs::read_to_string("/run/rsyslogd.pid")
        .ok()
        .and_then(|p| p.trim().parse::<i32>().ok())
        .is_some_and(|pid| nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok())
}

/// Checks the whole rsyslog config (`rsyslogd -N1`) and restarts rsyslog
/// (config changes need a restart; HUP only reopens files). A config rsyslog
/// refuses is reported and rsyslog is left running as it was.
fn restart_rsyslog(plan: &mut Plan) -> Result<(), Failure> {
    if !rsyslog_running() {
        println!(
            "note: rsyslog is not running; start it so the config takes effect (sudo systemctl start rsyslog; without it: apt-get install rsyslog rsyslog-relp)"
        );
        return Ok(());
    }
    if !plan.dry_run {
        let out = std::process::Command::new("rsyslogd")
            .args(["-N1", "-f", crate::rsyslog::MAIN_CONF])
            .output();
        if let Ok(out) = out {
            if !out.status.success() {
                let text = String::from_utf8_lossy(&out.stderr);
                let first = text
                    .lines()
                    .find(|l| l.contains("error"))
                    .or_else(|| text.lines().next())
                    .unwrap_or("no reason given");
                return Err(Failure::new(
                    exit::CANT_CREATE,
                    format!(
                        "rsyslogd -N1 refuses the config ({}); rsyslog was not restarted: fix it, or install rsyslog-relp if omrelp/imrelp is missing",
                        escape(first.trim())
                    ),
                ));
            }
        }
    }
    let systemd = Path::new("/run/systemd/system").is_dir();
    let what = if systemd {
        "systemctl restart rsyslog"
    } else {
        "/etc/init.d/rsyslog restart"
    };
    plan.act(what.into(), || {
        let status = if systemd {
            std::process::Command::new("systemctl")
                .args(["restart", "rsyslog.service"])
                .status()?
        } else {
            std::process::Command::new("/etc/init.d/rsyslog")
                .arg("restart")
                .status()?
        };
        if status.success() {
            Ok(())
        } else {
            Err(std::io::Error::other(
                "the restart failed (journalctl -u rsyslog says why)",
            ))
        }
    })
}
