//! `setup`: the log directory (root:GROUP 2775, setgid so new files get the
//! group), the events file (root:GROUP 0664) and the logrotate config.
//! Idempotent; `--dry-run` prints each action; `--root` applies it all under
//! another directory so tests and image builds can run it for real.

use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use crate::cli::SetupArgs;
use crate::exit::{self, Failure};
use crate::logrotate;
use crate::output::escape::escape;
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
            run().map_err(|e| {
                Failure::new(
                    exit::CANT_CREATE,
                    format!("cannot {what}: {e}; check the path and run as root"),
                )
            })?;
            println!("{shown}");
        }
        self.actions.push(what);
        Ok(())
    }
}

fn chown(path: &Path, gid: u32) -> std::io::Result<()> {
    nix::unistd::chown(
        path,
        Some(nix::unistd::Uid::from_raw(0)),
        Some(nix::unistd::Gid::from_raw(gid)),
    )
    .map_err(std::io::Error::from)
}

pub fn run(a: &SetupArgs, file: Option<&Path>) -> Result<i32, Failure> {
    let events = writer::events_path(file);
    if a.print_logrotate {
        print!("{}", logrotate::config(&events, &a.group));
        return Ok(exit::OK);
    }
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
    if !a.dry_run && !nix::unistd::geteuid().is_root() {
        crate::say!(
            "ds01-events: setup needs root to create {} owned by root:{} and install {}; run: sudo ds01-events setup --group {} (or --dry-run to see the actions)",
            escape(&events.display().to_string()),
            escape(&a.group),
            logrotate::CONFIG_PATH,
            escape(&a.group)
        );
        return Ok(exit::NO_PERM);
    }
    let root = a.root.as_deref();
    let file_path = logrotate::under(root, &events);
    let dir = file_path
        .parent()
        .ok_or_else(|| Failure::usage("the events file needs a directory"))?
        .to_path_buf();
    let mut plan = Plan {
        actions: Vec::new(),
        dry_run: a.dry_run,
    };
    let gid = group.gid;

    // The directory: root:GROUP 2775.
    match std::fs::metadata(&dir) {
        Err(_) => {
            plan.act(format!("create directory {} (2775)", dir.display()), || {
                std::fs::create_dir_all(&dir)
            })?;
        }
        Ok(m) if !m.is_dir() => {
            return Err(Failure::usage(format!(
                "{} exists and is not a directory; move it away first",
                dir.display()
            )))
        }
        Ok(_) => {}
    }
    let meta = std::fs::metadata(&dir).ok();
    if meta.as_ref().is_none_or(|m| m.uid() != 0 || m.gid() != gid) {
        plan.act(
            format!("chown root:{} {}", group.name, dir.display()),
            || chown(&dir, gid),
        )?;
    }
    if meta.as_ref().is_none_or(|m| m.mode() & 0o7777 != 0o2775) {
        plan.act(format!("chmod 2775 {}", dir.display()), || {
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2775))
        })?;
    }

    // The file: a regular file, root:GROUP 0664.
    match std::fs::symlink_metadata(&file_path) {
        Ok(m) if !m.file_type().is_file() => {
            return Err(Failure::usage(format!(
                "{} exists and is not a regular file (a link or a special file); remove it and run setup again",
                file_path.display()
            )))
        }
        Ok(_) => {}
        Err(_) => {
            plan.act(format!("create file {} (0664)", file_path.display()), || {
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&file_path)
                    .map(|_| ())
            })?;
        }
    }
    let meta = std::fs::metadata(&file_path).ok();
    if meta.as_ref().is_none_or(|m| m.uid() != 0 || m.gid() != gid) {
        plan.act(
            format!("chown root:{} {}", group.name, file_path.display()),
            || chown(&file_path, gid),
        )?;
    }
    if meta.as_ref().is_none_or(|m| m.mode() & 0o7777 != 0o664) {
        plan.act(format!("chmod 0664 {}", file_path.display()), || {
            std::fs::set_permissions(&file_path, std::fs::Permissions::from_mode(0o664))
        })?;
    }

    // The logrotate config, for the path as the system sees it.
    let conf_path = logrotate::installed_path(root);
    let wanted = logrotate::config(&events, &group.name);
    if std::fs::read_to_string(&conf_path).ok().as_deref() != Some(wanted.as_str()) {
        plan.act(format!("install {}", conf_path.display()), || {
            if let Some(p) = conf_path.parent() {
                std::fs::create_dir_all(p)?;
            }
            let tmp = conf_path.with_extension("ds01-tmp");
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(wanted.as_bytes())?;
            f.set_permissions(std::fs::Permissions::from_mode(0o644))?;
            std::fs::rename(&tmp, &conf_path)
        })?;
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
