//! The events file, its directory and its rotation.

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::{check, group_name, Check, Status, Target};
use crate::cli::DoctorArgs;
use crate::logrotate;
use crate::sysinfo;
use crate::writer;

/// The events file is a regular file (not a link, not missing).
pub(super) fn file_check(t: &Target, meta: &std::io::Result<Metadata>) -> Check {
    let (shown, setup) = (&t.shown, &t.setup);
    match meta {
        Ok(m) if m.file_type().is_symlink() => check(
            "file",
            Status::Fail,
            format!("{shown} is a symbolic link; the writer refuses it"),
            format!("sudo rm {shown} && {setup}"),
        ),
        Ok(m) if !m.file_type().is_file() => check(
            "file",
            Status::Fail,
            format!("{shown} is not a regular file"),
            format!("sudo rm -r {shown} && {setup}"),
        ),
        Ok(m) => check(
            "file",
            Status::Pass,
            format!("{shown} is a regular file ({} bytes)", m.len()),
            "",
        ),
        Err(e) => check("file", Status::Fail, format!("{shown}: {e}"), setup.clone()),
    }
}

/// The file is root:GROUP.
pub(super) fn owner_check(a: &DoctorArgs, t: &Target, m: &Metadata) -> Check {
    let group = group_name(a.root.as_deref(), m.gid());
    let owner = sysinfo::user_name(m.uid());
    let ok = m.uid() == 0 && group == a.group;
    check(
        "owner",
        if ok { Status::Pass } else { Status::Fail },
        format!("owned by {owner}:{group} (want root:{})", a.group),
        format!("sudo chown root:{} {}", a.group, t.shown),
    )
}

/// The file is mode 0664.
pub(super) fn mode_check(t: &Target, m: &Metadata) -> Check {
    let mode = m.mode() & 0o7777;
    check(
        "mode",
        if mode == 0o664 {
            Status::Pass
        } else {
            Status::Fail
        },
        format!("mode {mode:04o} (want 0664: the group's members append)"),
        format!("sudo chmod 0664 {}", t.shown),
    )
}

/// The user running doctor can append.
pub(super) fn append_check(a: &DoctorArgs, t: &Target) -> Check {
    let can_append = nix::unistd::access(&t.path, nix::unistd::AccessFlags::W_OK).is_ok();
    let user = sysinfo::user_name(nix::unistd::getuid().as_raw());
    check(
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
    )
}

/// The directory `dir` (shown as `d`) exists with the right owner and mode.
pub(super) fn directory_check(a: &DoctorArgs, t: &Target, dir: &Path, d: &str) -> Check {
    match std::fs::metadata(dir) {
        Ok(m) => directory_mode_check(d, &m, &group_name(a.root.as_deref(), m.gid()), &a.group),
        Err(e) => check(
            "directory",
            Status::Fail,
            format!("{d}: {e}"),
            t.setup.clone(),
        ),
    }
}

/// The log directory: root:GROUP 3775. Without the sticky bit any member
/// can rename, replace or delete the events file; without setgid a
/// re-created file loses the group.
fn directory_mode_check(d: &str, m: &std::fs::Metadata, group: &str, want_group: &str) -> Check {
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

/// NFS emulates O_APPEND: concurrent appends can corrupt lines.
pub(super) fn filesystem_check(dir: &Path, d: &str) -> Option<Check> {
    let st = nix::sys::statfs::statfs(dir).ok()?;
    let nfs = st.filesystem_type() == nix::sys::statfs::NFS_SUPER_MAGIC;
    Some(check(
        "filesystem",
        if nfs { Status::Warn } else { Status::Pass },
        if nfs {
            format!("{d} is on NFS: O_APPEND is emulated and concurrent appends can interleave")
        } else {
            format!("{d} is on a local file system")
        },
        "move the log to a local file system (--file / DS01_EVENTS_FILE)",
    ))
}

/// At least 1 GiB and 5% free.
pub(super) fn disk_check(dir: &Path, d: &str) -> Option<Check> {
    let st = nix::sys::statvfs::statvfs(dir).ok()?;
    let free = st.blocks_available().saturating_mul(st.fragment_size());
    let total = st.blocks().saturating_mul(st.fragment_size()).max(1);
    let low = free < (1 << 30) || free * 100 / total < 5;
    Some(check(
        "disk",
        if low { Status::Warn } else { Status::Pass },
        format!("{} MiB free ({}%)", free >> 20, free * 100 / total),
        format!("free space on the file system holding {d} (df -h {d})"),
    ))
}

/// The logrotate config setup installs is there and current.
pub(super) fn logrotate_check(a: &DoctorArgs, t: &Target) -> Check {
    let conf = logrotate::installed_path(a.root.as_deref(), &t.system_path);
    let wanted = logrotate::config(&t.system_path, &a.group);
    let setup = &t.setup;
    match std::fs::read_to_string(&conf) {
        Ok(text) if text == wanted => check(
            "logrotate",
            Status::Pass,
            format!("{} installed and current", conf.display()),
            "",
        ),
        Ok(text) if text.lines().any(|l| l.trim() == "copytruncate") => check(
            "logrotate",
            Status::Fail,
            format!("{} uses copytruncate, which loses events", conf.display()),
            setup.clone(),
        ),
        Ok(_) => check(
            "logrotate",
            Status::Warn,
            format!("{} differs from what setup installs", conf.display()),
            format!("{setup} (or compare: ds01-events setup --print-logrotate)"),
        ),
        Err(_) => check(
            "logrotate",
            Status::Warn,
            format!(
                "{} not installed: the log grows without bound",
                conf.display()
            ),
            setup.clone(),
        ),
    }
}
