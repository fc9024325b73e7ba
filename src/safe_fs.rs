//! File operations that root may run in directories other users can write:
//! nothing here follows a link an unprivileged user could have planted, and
//! every change is made through a descriptor, never by path.
//!
//! A path is walked one component at a time with `O_NOFOLLOW`. A symbolic
//! link is followed only when the directory holding it is root's and
//! writable by nobody else (so an admin's `/var/log -> /data/log` works,
//! while a link planted in the group-writable log directory is refused).

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path};

use nix::fcntl::{openat, OFlag};
use nix::sys::stat::{fstat, fstatat, mkdirat, FileStat, Mode, SFlag};

/// What a file that is not a regular one is, for a message ("it is a
/// FIFO"): the writer's refusals and the reader's skipped inputs.
pub(crate) fn file_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a plain file"
    }
}

fn err(e: nix::Error) -> io::Error {
    io::Error::from_raw_os_error(e as i32)
}

fn refuse(what: String) -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, what)
}

fn is_kind(st: &FileStat, kind: SFlag) -> bool {
    SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT == kind
}

/// Whether links in this directory can only have been made by root.
fn trusted(dir: &OwnedFd) -> bool {
    fstat(dir.as_raw_fd()).is_ok_and(|st| st.st_uid == 0 && st.st_mode & 0o022 == 0)
}

/// Opens `name` below `parent` as a directory, creating it with `mode` when
/// `create` and it is missing. Refuses a link unless `parent` is trusted.
fn open_child_dir(
    parent: &OwnedFd,
    name: &OsStr,
    shown: &Path,
    create: Option<u32>,
) -> io::Result<OwnedFd> {
    let base = OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC;
    let pfd = Some(parent.as_raw_fd());
    let open = |flags: OFlag| {
        openat(pfd, name, flags, Mode::empty()).map(|fd| unsafe { OwnedFd::from_raw_fd(fd) })
    };
    match open(base | OFlag::O_NOFOLLOW) {
        Ok(fd) => Ok(fd),
        Err(nix::Error::ENOENT) if create.is_some() => {
            let mode = create.unwrap_or(0o755);
            match mkdirat(pfd, name, Mode::from_bits_truncate(mode)) {
                Ok(()) | Err(nix::Error::EEXIST) => {}
                Err(e) => return Err(err(e)),
            }
            open(base | OFlag::O_NOFOLLOW).map_err(err)
        }
        Err(e @ (nix::Error::ELOOP | nix::Error::ENOTDIR)) => {
            let st = fstatat(pfd, name, nix::fcntl::AtFlags::AT_SYMLINK_NOFOLLOW).map_err(err)?;
            if is_kind(&st, SFlag::S_IFLNK) && trusted(parent) {
                return open(base).map_err(err);
            }
            if is_kind(&st, SFlag::S_IFLNK) {
                return Err(refuse(format!(
                    "{} is a symbolic link in a directory others can write; refusing to follow it (replace it with a real directory)",
                    shown.display()
                )));
            }
            Err(err(e))
        }
        Err(e) => Err(err(e)),
    }
}

/// Opens directory `path` (absolute or relative) component by component
/// without following untrusted links. With `create`, missing components
/// are made with that mode (the caller sets the final one's mode itself).
pub fn open_dir(path: &Path, create: Option<u32>) -> io::Result<OwnedFd> {
    let start = if path.is_absolute() { "/" } else { "." };
    let mut fd: OwnedFd = File::open(start)?.into();
    let mut shown = std::path::PathBuf::from(start);
    for c in path.components() {
        match c {
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
            Component::ParentDir => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} contains '..'; give the path without it", path.display()),
                ))
            }
            Component::Normal(name) => {
                shown.push(name);
                fd = open_child_dir(&fd, name, &shown, create)?;
            }
        }
    }
    Ok(fd)
}

/// Opens the regular file `name` in `dir` without following a link,
/// without blocking on a FIFO or device, creating it with `mode` when
/// missing. Refuses anything but a regular file with one link: a hard link
/// would let a chown or chmod reach another file.
pub fn open_regular_in(dir: &OwnedFd, name: &OsStr, shown: &Path, mode: u32) -> io::Result<File> {
    let flags = OFlag::O_RDONLY
        | OFlag::O_NOFOLLOW
        | OFlag::O_NONBLOCK
        | OFlag::O_NOCTTY
        | OFlag::O_CLOEXEC;
    let dfd = Some(dir.as_raw_fd());
    // Look before opening: opening some devices has side effects.
    match fstatat(dfd, name, nix::fcntl::AtFlags::AT_SYMLINK_NOFOLLOW) {
        Ok(st) if !is_kind(&st, SFlag::S_IFREG) => {
            return Err(refuse(format!(
                "{} exists and is not a regular file (a link or a special file); remove it and run setup again",
                shown.display()
            )))
        }
        _ => {}
    }
    let fd = match openat(dfd, name, flags, Mode::empty()) {
        Ok(fd) => fd,
        Err(nix::Error::ENOENT) => openat(
            dfd,
            name,
            OFlag::O_WRONLY | OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
            Mode::from_bits_truncate(mode),
        )
        .map_err(err)?,
        Err(nix::Error::ELOOP) => {
            return Err(refuse(format!(
                "{} is a symbolic link; remove it and run setup again",
                shown.display()
            )))
        }
        Err(e) => return Err(err(e)),
    };
    let file = unsafe { File::from_raw_fd(fd) };
    let m = file.metadata()?;
    if !m.file_type().is_file() {
        return Err(refuse(format!(
            "{} is not a regular file; remove it and run setup again",
            shown.display()
        )));
    }
    if m.nlink() > 1 {
        return Err(refuse(format!(
            "{} has {} hard links; a chown would reach the other names too: remove it and run setup again",
            shown.display(),
            m.nlink()
        )));
    }
    Ok(file)
}

/// Changes the owner through the descriptor.
pub fn chown(fd: &impl AsRawFd, uid: u32, gid: u32) -> io::Result<()> {
    nix::unistd::fchown(
        fd.as_raw_fd(),
        Some(nix::unistd::Uid::from_raw(uid)),
        Some(nix::unistd::Gid::from_raw(gid)),
    )
    .map_err(err)
}

/// Changes the mode through the descriptor.
pub fn chmod(fd: &impl AsRawFd, mode: u32) -> io::Result<()> {
    nix::sys::stat::fchmod(fd.as_raw_fd(), Mode::from_bits_truncate(mode)).map_err(err)
}

/// Writes `bytes` to `target` as a whole: an exclusive temporary file with a
/// random name beside it (never a planted link), mode set on the
/// descriptor, then renamed over `target` (a link there is replaced, not
/// followed).
pub fn write_atomically(target: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(mode))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Owner uid, gid and mode of an open descriptor.
pub fn owner_mode(fd: &impl AsRawFd) -> io::Result<(u32, u32, u32)> {
    let st = fstat(fd.as_raw_fd()).map_err(err)?;
    Ok((st.st_uid, st.st_gid, st.st_mode & 0o7777))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_links_in_writable_dirs() {
        let d = tempfile::tempdir().unwrap();
        let real = d.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::set_permissions(
            d.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o777),
        )
        .unwrap();
        std::os::unix::fs::symlink(&real, d.path().join("link")).unwrap();
        let e = open_dir(&d.path().join("link"), None).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert!(open_dir(&real, None).is_ok());
    }

    #[test]
    fn refuses_hard_links_and_specials() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a"), "x").unwrap();
        std::fs::hard_link(d.path().join("a"), d.path().join("b")).unwrap();
        nix::unistd::mkfifo(&d.path().join("fifo"), Mode::from_bits_truncate(0o644)).unwrap();
        let dir = open_dir(d.path(), None).unwrap();
        let e = open_regular_in(&dir, OsStr::new("a"), Path::new("a"), 0o664).unwrap_err();
        assert!(e.to_string().contains("hard links"), "{e}");
        let e = open_regular_in(&dir, OsStr::new("fifo"), Path::new("fifo"), 0o664).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        let f = open_regular_in(&dir, OsStr::new("new"), Path::new("new"), 0o600).unwrap();
        assert!(f.metadata().unwrap().is_file());
    }

    #[test]
    fn atomic_write_replaces_a_planted_link_instead_of_following_it() {
        let d = tempfile::tempdir().unwrap();
        let victim = d.path().join("victim");
        std::fs::write(&victim, "secret").unwrap();
        let target = d.path().join("out.prom");
        std::os::unix::fs::symlink(&victim, &target).unwrap();
        write_atomically(&target, b"metrics\n", 0o644).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "secret");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "metrics\n");
        assert!(!std::fs::symlink_metadata(&target)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    #[test]
    fn file_kinds_are_named() {
        let kind = |p: &str| file_kind(&std::fs::symlink_metadata(p).unwrap().file_type());
        assert_eq!(kind("/"), "a directory");
        assert_eq!(kind("/dev/null"), "a character device");
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("l");
        std::os::unix::fs::symlink("/", &link).unwrap();
        assert_eq!(kind(link.to_str().unwrap()), "a symbolic link");
        let fifo = dir.path().join("f");
        nix::unistd::mkfifo(&fifo, Mode::S_IRWXU).unwrap();
        assert_eq!(kind(fifo.to_str().unwrap()), "a FIFO");
    }
}
