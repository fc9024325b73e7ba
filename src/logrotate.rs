//! The logrotate config `setup` installs and `doctor` checks.
//!
//! Rotation renames the file and creates a new one (`create`), never
//! `copytruncate`: copytruncate loses every event appended between its copy
//! and its truncate (measured by tests/integration/rotation.rs and
//! scripts/rotation-loss.sh with the real logrotate), while a rename lost
//! none there, because each `log` call opens the file anew and so never
//! writes to a renamed descriptor. One narrow window remains: a writer that
//! creates the file between logrotate's rename and its `create` has its file
//! kept as `NAME-YYYYMMDDHH.backup` (queries read it as a rotated sibling);
//! a second such race in the same hour would overwrite that backup.
//!
//! Rotated names carry the day and the second (`NAME-YYYYMMDD-EPOCH`), so
//! `maxsize` can rotate any number of times a day; with `-YYYYMMDD` alone
//! logrotate refused a second rotation on the same day.
//!
//! Each events file gets its own config (`/etc/logrotate.d/ds01-events` for
//! the default file, `ds01-events-PATH` for others), so setting up a second
//! file never leaves the first unrotated.

use std::path::{Path, PathBuf};

/// The directory logrotate reads configs from.
pub const CONFIG_DIR: &str = "/etc/logrotate.d";

/// The config for `path`, writable by `group`.
pub fn config(path: &Path, group: &str) -> String {
    format!(
        "# Installed by 'ds01-events setup'; 'ds01-events doctor' checks it.\n\
         # Rename rotation with create: no event is lost (copytruncate loses them).\n\
         {path} {{\n\
         {policy}\
         }}\n",
        path = quoted(path),
        policy = rotation_policy(group),
    )
}

/// The rotation every events file gets (the local one and the collector's
/// per-host ones): daily rename rotation with `create`, 30 kept, dated names
/// the reader finds, written by `group`. One directive a line, indented.
pub fn rotation_policy(group: &str) -> String {
    format!(
        "\
         \x20   daily\n\
         \x20   rotate 30\n\
         \x20   maxsize 100M\n\
         \x20   missingok\n\
         \x20   notifempty\n\
         \x20   compress\n\
         \x20   delaycompress\n\
         \x20   dateext\n\
         \x20   dateformat -%Y%m%d-%s\n\
         \x20   create 0664 root {group}\n\
         \x20   su root {group}\n\
"
    )
}

/// The path as logrotate reads it: quoted when it holds white space or glob
/// characters, which logrotate would split or expand.
fn quoted(path: &Path) -> String {
    let p = path.display().to_string();
    if p.contains(|c: char| c.is_whitespace() || "*?[]{}\"'".contains(c)) {
        format!("\"{}\"", p.replace('"', "\\\""))
    } else {
        p
    }
}

/// The config's path for `events` under an optional root: one config per
/// events file.
pub fn installed_path(root: Option<&Path>, events: &Path) -> PathBuf {
    under(root, &Path::new(CONFIG_DIR).join(config_name(events)))
}

/// `ds01-events` for the default file, else `ds01-events-` and the path
/// with `/` as `_` and anything but letters, digits, `.` and `-` as `_XX`
/// (so two paths never share a name, and logrotate reads every such name).
pub fn config_name(events: &Path) -> String {
    if events == Path::new(crate::writer::DEFAULT_PATH) {
        return "ds01-events".into();
    }
    let mut name = String::from("ds01-events-");
    let p = events.to_string_lossy();
    for b in p.trim_start_matches('/').bytes() {
        match b {
            b'/' => name.push('_'),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' => name.push(b as char),
            _ => name.push_str(&format!("_{b:02X}")),
        }
    }
    name
}

/// The events file a config rotates: its first non-comment line's path.
pub fn configured_file(config: &str) -> Option<String> {
    let line = config
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    let p = line.strip_suffix('{')?.trim();
    Some(
        match p.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
            Some(q) => q.replace("\\\"", "\""),
            None => p.to_string(),
        },
    )
}

/// `path` re-rooted under `root` (`/etc/x` under `/tmp/r` is `/tmp/r/etc/x`).
pub fn under(root: Option<&Path>, path: &Path) -> PathBuf {
    match root {
        Some(r) => r.join(path.strip_prefix("/").unwrap_or(path)),
        None => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_text() {
        let policy = "    daily\n    rotate 30\n    maxsize 100M\n    missingok\n    notifempty\n    compress\n    delaycompress\n    dateext\n    dateformat -%Y%m%d-%s\n    create 0664 root ds01\n    su root ds01\n";
        assert_eq!(
            config(Path::new("/var/log/ds01/events.jsonl"), "ds01"),
            format!("# Installed by 'ds01-events setup'; 'ds01-events doctor' checks it.\n# Rename rotation with create: no event is lost (copytruncate loses them).\n/var/log/ds01/events.jsonl {{\n{policy}}}\n")
        );
        assert_eq!(
            crate::rsyslog::hosts_logrotate("/var/log/ds01/hosts", "ds01"),
            format!("# Installed by 'ds01-events setup --collector'; 'ds01-events doctor' checks it.\n# Rename rotation, the local file's naming; rsyslog reopens on HUP.\n/var/log/ds01/hosts/*/events.jsonl {{\n{policy}    sharedscripts\n    postrotate\n        if [ -d /run/systemd/system ]; then systemctl kill -s HUP rsyslog.service; elif [ -s /run/rsyslogd.pid ]; then kill -HUP \"$(cat /run/rsyslogd.pid)\"; fi 2>/dev/null || true\n    endscript\n}}\n")
        );
    }

    #[test]
    fn rename_rotation_never_copytruncate() {
        let c = config(Path::new("/var/log/ds01/events.jsonl"), "docker");
        assert!(c.contains("/var/log/ds01/events.jsonl {"));
        assert!(c.contains("create 0664 root docker"));
        assert!(!c.lines().any(|l| l.trim() == "copytruncate"));
        assert!(c.contains("dateformat -%Y%m%d-%s"));
    }

    #[test]
    fn one_config_per_events_file() {
        assert_eq!(
            installed_path(None, Path::new("/var/log/ds01/events.jsonl")),
            PathBuf::from("/etc/logrotate.d/ds01-events")
        );
        assert_eq!(
            config_name(Path::new("/srv/my logs/ev_1.jsonl")),
            "ds01-events-srv_my_20logs_ev_5F1.jsonl"
        );
        assert_ne!(
            config_name(Path::new("/srv/a_b")),
            config_name(Path::new("/srv/a/b"))
        );
        for p in ["/var/log/ds01/events.jsonl", "/srv/my logs/ev\"*.jsonl"] {
            let c = config(Path::new(p), "docker");
            assert_eq!(configured_file(&c).as_deref(), Some(p), "{c}");
        }
    }

    #[test]
    fn odd_paths_are_quoted() {
        let c = config(Path::new("/srv/my logs/ev*.jsonl"), "docker");
        assert!(c.contains("\"/srv/my logs/ev*.jsonl\" {"), "{c}");
    }

    #[test]
    fn rerooting() {
        assert_eq!(
            under(Some(Path::new("/tmp/r")), Path::new("/etc/x")),
            PathBuf::from("/tmp/r/etc/x")
        );
        assert_eq!(under(None, Path::new("/etc/x")), PathBuf::from("/etc/x"));
    }
}
