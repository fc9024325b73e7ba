//! The logrotate config `setup` installs and `doctor` checks.
//!
//! Rotation renames the file and creates a new one (`create`), never
//! `copytruncate`: copytruncate loses every event appended between its copy
//! and its truncate (measured by tests/rotation.rs and
//! scripts/rotation-loss.sh with the real logrotate), while a rename lost
//! none there, because each `log` call opens the file anew and so never
//! writes to a renamed descriptor. One narrow window remains: a writer that
//! creates the file between logrotate's rename and its `create` has its file
//! kept as `NAME-YYYYMMDDHH.backup` (queries read it as a rotated sibling);
//! a second such race in the same hour would overwrite that backup.

use std::path::{Path, PathBuf};

/// Where `setup` installs the config (under `--root` when given).
pub const CONFIG_PATH: &str = "/etc/logrotate.d/ds01-events";

/// The config for `path`, writable by `group`.
pub fn config(path: &Path, group: &str) -> String {
    format!(
        "# Installed by 'ds01-events setup'; 'ds01-events doctor' checks it.\n\
         # Rename rotation with create: no event is lost (copytruncate loses them).\n\
         {path} {{\n\
         \x20   daily\n\
         \x20   rotate 30\n\
         \x20   maxsize 100M\n\
         \x20   missingok\n\
         \x20   notifempty\n\
         \x20   compress\n\
         \x20   delaycompress\n\
         \x20   dateext\n\
         \x20   dateformat -%Y%m%d\n\
         \x20   create 0664 root {group}\n\
         \x20   su root {group}\n\
         }}\n",
        path = quoted(path)
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

/// The config's path under an optional root.
pub fn installed_path(root: Option<&Path>) -> PathBuf {
    under(root, Path::new(CONFIG_PATH))
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
    fn rename_rotation_never_copytruncate() {
        let c = config(Path::new("/var/log/ds01/events.jsonl"), "docker");
        assert!(c.contains("/var/log/ds01/events.jsonl {"));
        assert!(c.contains("create 0664 root docker"));
        assert!(!c.lines().any(|l| l.trim() == "copytruncate"));
        assert!(c.contains("dateformat -%Y%m%d"));
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
