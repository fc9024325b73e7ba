//! `doctor`: is logging going to work, and is the log healthy? Each check
//! says PASS, WARN or FAIL and, when not PASS, the command that fixes it.
//! Exit 1 when anything fails.
//!
//! One function per check, each returning a `Check`; [`run`] lists them
//! in order and prints them. `file`: the events file, its directory and
//! rotation; `log`: what the log holds (the sample of its newest lines,
//! its order, lost events, sealing); `servers`: forwarding and
//! collecting across several servers.

mod file;
mod log;
mod servers;

use std::path::{Path, PathBuf};

use jiff::SignedDuration;
use serde_json::json;

use crate::cli::DoctorArgs;
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

/// One check's result: its name, status, what was found, and the command
/// that fixes it (empty when it passed).
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

/// The events file looked at.
struct Target {
    /// The path as the system sees it (what setup installs configs for).
    system_path: PathBuf,
    /// The path read: under `--root` when given.
    path: PathBuf,
    /// `path`, escaped for the terminal.
    shown: String,
    /// The setup command that fixes most things.
    setup: String,
}

impl Target {
    fn new(a: &DoctorArgs, file: Option<&Path>) -> Target {
        // Like setup, --file names the path as the system sees it; with --root
        // the file looked at is under the root.
        let system_path = writer::events_path(file);
        let path = logrotate::under(a.root.as_deref(), &system_path);
        Target {
            shown: escape(&path.display().to_string()).into_owned(),
            setup: format!("sudo ds01-events setup --group {}", a.group),
            system_path,
            path,
        }
    }
}

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
    let checks = checks(a, file);
    print(&checks, json_out);
    let worst = checks
        .iter()
        .map(|c| c.status)
        .max()
        .unwrap_or(Status::Pass);
    Ok(if worst == Status::Fail {
        exit::CHECK_FAILED
    } else {
        exit::OK
    })
}

/// Every check that applies, in the order they are printed.
fn checks(a: &DoctorArgs, file: Option<&Path>) -> Vec<Check> {
    let t = Target::new(a, file);
    let mut checks = Vec::new();

    // The file itself.
    let meta = std::fs::symlink_metadata(&t.path);
    checks.push(file::file_check(&t, &meta));
    let regular = matches!(&meta, Ok(m) if m.file_type().is_file());
    if let (true, Ok(m)) = (regular, &meta) {
        checks.push(file::owner_check(a, &t, m));
        checks.push(file::mode_check(&t, m));
        checks.push(file::append_check(a, &t));
    }

    // The directory.
    if let Some(dir) = t.path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let d = escape(&dir.display().to_string()).into_owned();
        checks.push(file::directory_check(a, &t, dir, &d));
        checks.extend(file::filesystem_check(dir, &d));
        checks.extend(file::disk_check(dir, &d));
    }

    // Rotation.
    checks.push(file::logrotate_check(a, &t));

    // The newest events.
    if regular {
        if let Some(s) = log::sample(&t.path) {
            checks.push(log::newest_check(&s));
            checks.push(log::malformed_check(&s, &t.shown));
            checks.push(log::future_check(&s));
            checks.extend(log::order_check(&t.path, &t.shown));
        }
    }

    checks.push(log::lost_check());
    checks.extend(log::seal_check(&t.system_path));
    checks.extend(servers::sender_checks(a, &t.system_path));
    checks.extend(servers::collector_checks(a));
    checks
}

/// The checks as a JSON array, or one line each (and a fix line when not
/// PASS).
fn print(checks: &[Check], json_out: bool) {
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
        for c in checks {
            println!("{}  {:<13} {}", c.status.label(), c.name, escape(&c.detail));
            if !c.fix.is_empty() {
                println!("      {:<13} fix: {}", "", escape(&c.fix));
            }
        }
    }
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
