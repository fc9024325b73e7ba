//! Facts about the machine and the caller, read without NSS (a static binary
//! cannot load NSS modules): /proc for processes, /etc/group and /etc/passwd
//! by hand for names.

use std::path::Path;

/// Interpreters whose first non-option argument is the script being run.
const INTERPRETERS: &[&str] = &[
    "sh", "bash", "dash", "zsh", "ksh", "mksh", "busybox", "python", "python2", "python3", "perl",
    "ruby", "node", "php", "env", "sudo", "timeout", "nice", "ionice", "flock", "setsid",
];

fn is_interpreter(name: &str) -> bool {
    // python3.11, pypy3 and the like count as python.
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    INTERPRETERS.contains(&name) || INTERPRETERS.contains(&base)
}

fn basename(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// The default `source` of an event: the script that called us, read from the
/// parent process (`bash backup.sh` -> `backup.sh`), else the parent's name.
pub fn caller_name() -> Option<String> {
    let ppid = nix::unistd::getppid().as_raw();
    caller_name_of(ppid)
}

pub fn caller_name_of(pid: i32) -> Option<String> {
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let args: Vec<String> = cmdline
        .split(|&b| b == 0)
        .filter(|a| !a.is_empty())
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    if let Some(name) = script_from_args(&args) {
        return Some(name);
    }
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
    let comm = comm.trim();
    (!comm.is_empty()).then(|| comm.to_string())
}

/// `["/bin/bash", "-e", "/opt/ds01/backup.sh", "x"]` -> `backup.sh`;
/// `["/usr/local/bin/cleanup"]` -> `cleanup`.
pub fn script_from_args(args: &[String]) -> Option<String> {
    let first = args.first()?;
    let mut name = basename(first).to_string();
    let mut rest = &args[1..];
    // Walk through interpreter chains: `env python3 x.py`, `sudo bash x.sh`.
    while is_interpreter(&name) {
        let mut next = None;
        let mut i = 0;
        while i < rest.len() {
            let a = &rest[i];
            if a == "-c" || a == "-m" {
                // Inline code or a module: the interpreter is all we know.
                return Some(if a == "-m" && i + 1 < rest.len() {
                    rest[i + 1].clone()
                } else {
                    name
                });
            }
            if a.starts_with('-') || a.contains('=') {
                i += 1;
                continue;
            }
            next = Some(i);
            break;
        }
        match next {
            Some(i) => {
                name = basename(&rest[i]).to_string();
                rest = &rest[i + 1..];
            }
            None => return Some(name),
        }
    }
    (!name.is_empty()).then_some(name)
}

/// One entry of /etc/group.
#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    pub gid: u32,
}

fn read_colon_file(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split(':').map(str::to_string).collect())
        .collect()
}

pub fn groups_in(path: &Path) -> Vec<Group> {
    read_colon_file(path)
        .into_iter()
        .filter_map(|f| {
            Some(Group {
                name: f.first()?.clone(),
                gid: f.get(2)?.parse().ok()?,
            })
        })
        .collect()
}

pub fn group_by_gid(gid: u32) -> Option<Group> {
    groups_in(Path::new("/etc/group"))
        .into_iter()
        .find(|g| g.gid == gid)
}

pub fn group_by_name(name: &str) -> Option<Group> {
    groups_in(Path::new("/etc/group"))
        .into_iter()
        .find(|g| g.name == name)
}

/// A name for a gid: the group's name, else the number.
pub fn group_name(gid: u32) -> String {
    group_by_gid(gid)
        .map(|g| g.name)
        .unwrap_or_else(|| gid.to_string())
}

/// A name for a uid from /etc/passwd, else the number.
pub fn user_name(uid: u32) -> String {
    read_colon_file(Path::new("/etc/passwd"))
        .into_iter()
        .find(|f| f.get(2).and_then(|s| s.parse::<u32>().ok()) == Some(uid))
        .and_then(|f| f.into_iter().next())
        .unwrap_or_else(|| uid.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn scripts_behind_interpreters() {
        assert_eq!(
            script_from_args(&s(&["/bin/bash", "-e", "/opt/ds01/backup.sh", "x"])).as_deref(),
            Some("backup.sh")
        );
        assert_eq!(
            script_from_args(&s(&["python3.11", "-u", "tool.py"])).as_deref(),
            Some("tool.py")
        );
        assert_eq!(
            script_from_args(&s(&["/usr/bin/env", "python3", "/x/y.py"])).as_deref(),
            Some("y.py")
        );
        assert_eq!(
            script_from_args(&s(&["/usr/local/bin/cleanup"])).as_deref(),
            Some("cleanup")
        );
        assert_eq!(script_from_args(&s(&["bash"])).as_deref(), Some("bash"));
        assert_eq!(
            script_from_args(&s(&["bash", "-c", "ds01-events log x"])).as_deref(),
            Some("bash")
        );
        assert_eq!(
            script_from_args(&s(&["python3", "-m", "ds01.monitor"])).as_deref(),
            Some("ds01.monitor")
        );
    }
}
