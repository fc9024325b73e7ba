//! The append: one `write(2)` of one whole line to an O_APPEND descriptor,
//! checks that never block, and a syslog fallback that never waits.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

pub const DEFAULT_PATH: &str = "/var/log/ds01/events.jsonl";
/// How long `log` waits for the file system before giving up on the file.
pub const WRITE_DEADLINE: Duration = Duration::from_millis(1500);
/// Mode of a file or directory the writer creates, whatever the umask.
pub const FILE_MODE: u32 = 0o664;
pub const DIR_MODE: u32 = 0o2775;

/// The events file: `--file`, else `DS01_EVENTS_FILE`, else the default.
pub fn events_path(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    match std::env::var_os("DS01_EVENTS_FILE") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(DEFAULT_PATH),
    }
}

/// Why an append failed: a cause and the way out, for one stderr line.
#[derive(Debug)]
pub struct AppendError {
    pub path: PathBuf,
    pub cause: String,
    pub fix: String,
}

impl std::fmt::Display for AppendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot append to {}: {}",
            self.path.display(),
            self.cause
        )?;
        if !self.fix.is_empty() {
            write!(f, "; {}", self.fix)?;
        }
        Ok(())
    }
}

/// Appends `line` (one whole line ending in `\n`) to `path`, giving up after
/// [`WRITE_DEADLINE`] so a hung file system cannot hold the caller.
pub fn append_with_deadline(path: &Path, line: &str) -> Result<(), AppendError> {
    let (tx, rx) = mpsc::channel();
    let p = path.to_path_buf();
    let l = line.to_string();
    let spawned = std::thread::Builder::new()
        .name("append".into())
        .spawn(move || {
            let _ = tx.send(append(&p, &l));
        });
    if spawned.is_err() {
        return append(path, line);
    }
    match rx.recv_timeout(WRITE_DEADLINE) {
        Ok(r) => r,
        Err(_) => Err(AppendError {
            path: path.to_path_buf(),
            cause: format!(
                "the file system did not answer within {} ms",
                WRITE_DEADLINE.as_millis()
            ),
            fix: "check the mount (df, dmesg) and run 'ds01-events doctor'".into(),
        }),
    }
}

/// The append itself, without the deadline.
pub fn append(path: &Path, line: &str) -> Result<(), AppendError> {
    debug_assert!(line.ends_with('\n'));
    let fail = |cause: String, fix: String| AppendError {
        path: path.to_path_buf(),
        cause,
        fix,
    };
    // Refuse what is not a regular file before opening it: opening a FIFO or
    // a device can block or have side effects.
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.file_type().is_file() => {
            return Err(fail(
                format!("it is {}, not a regular file", kind_of(&m.file_type())),
                "events go only to regular files: point --file/DS01_EVENTS_FILE at one, or run 'sudo ds01-events setup'".into(),
            ))
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(fail(e.to_string(), fix_for(path, &e))),
    }
    let mut file = open_for_append(path).map_err(|e| fail(describe(&e), fix_for(path, &e)))?;
    // The open may have raced with a swap of the path: check what we got.
    match file.metadata() {
        Ok(m) if !m.file_type().is_file() => {
            return Err(fail(
                format!("it is {}, not a regular file", kind_of(&m.file_type())),
                "events go only to regular files: point --file/DS01_EVENTS_FILE at one".into(),
            ))
        }
        _ => {}
    }
    // Refuse a write that cannot fit rather than leave half a line: a torn
    // fragment would glue itself to the next event.
    if let Some(cause) = no_room_for(&file, line.len() as u64) {
        return Err(fail(
            cause,
            "free space on the file system (df -h) or lift the file size limit, then run 'ds01-events doctor'".into(),
        ));
    }
    let bytes = line.as_bytes();
    match file.write(bytes) {
        Ok(n) if n == bytes.len() => Ok(()),
        Ok(n) => {
            // Terminate the fragment so the next line stays parseable (if
            // this fails too, the next append does it).
            let _ = file.write(b"\n");
            Err(fail(
                format!(
                    "short write: {n} of {} bytes (disk full or file size limit?)",
                    line.len()
                ),
                "free space on the file system (df -h) and run 'ds01-events doctor'".into(),
            ))
        }
        Err(e) => Err(fail(describe(&e), fix_for(path, &e))),
    }
}

/// Why `len` more bytes cannot be appended, if they cannot: the process's
/// file size limit or the free space (for unprivileged writers) would be
/// exceeded.
fn no_room_for(file: &File, len: u64) -> Option<String> {
    use nix::sys::resource::{getrlimit, Resource, RLIM_INFINITY};
    let size = file.metadata().ok()?.len();
    if let Ok((soft, _)) = getrlimit(Resource::RLIMIT_FSIZE) {
        if soft != RLIM_INFINITY && size + len > soft {
            return Some(format!(
                "the file size limit ({soft} bytes, ulimit -f) leaves no room for the event"
            ));
        }
    }
    if let Ok(st) = nix::sys::statvfs::fstatvfs(file) {
        let free = st.blocks_available().saturating_mul(st.fragment_size());
        if free < len {
            return Some("no space left on the device".into());
        }
    }
    None
}

fn open_for_append(path: &Path) -> io::Result<File> {
    let flags = nix::libc::O_NOFOLLOW | nix::libc::O_NONBLOCK | nix::libc::O_CLOEXEC;
    let open = |create: bool| {
        let mut o = OpenOptions::new();
        o.append(true).custom_flags(flags);
        if create {
            o.create_new(true).mode(FILE_MODE);
        }
        o.open(path)
    };
    match open(false) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        other => return other,
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            create_dirs(dir)?;
        }
    }
    match open(true) {
        Ok(f) => {
            // The umask may have taken group write away: give it back.
            let _ = f.set_permissions(std::fs::Permissions::from_mode(FILE_MODE));
            Ok(f)
        }
        // Another writer created it between our two opens.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => open(false),
        Err(e) => Err(e),
    }
}

/// Creates the missing directories up to `dir`, each 2775 whatever the
/// umask (setgid, so files inherit the logging group).
fn create_dirs(dir: &Path) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut d = Some(dir);
    while let Some(p) = d.filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        missing.push(p.to_path_buf());
        d = p.parent();
    }
    for p in missing.into_iter().rev() {
        match std::fs::DirBuilder::new().mode(DIR_MODE).create(&p) {
            Ok(()) => std::fs::set_permissions(&p, std::fs::Permissions::from_mode(DIR_MODE))?,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn kind_of(t: &std::fs::FileType) -> &'static str {
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

fn describe(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(nix::libc::ELOOP) => "it is a symbolic link, which the writer refuses".into(),
        Some(nix::libc::EACCES) | Some(nix::libc::EPERM) => "permission denied".into(),
        Some(nix::libc::ENOSPC) => "no space left on the device".into(),
        Some(nix::libc::EROFS) => "the file system is read-only".into(),
        Some(nix::libc::ENXIO) => "it is a FIFO or device with no reader".into(),
        _ => e.to_string(),
    }
}

/// The way out for an error, naming the group to join when that is the fix.
fn fix_for(path: &Path, e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(nix::libc::EACCES) | Some(nix::libc::EPERM) => {
            let target = if path.exists() {
                Some(path)
            } else {
                path.parent()
            };
            if let Some(meta) = target.and_then(|t| std::fs::metadata(t).ok()) {
                let group = crate::sysinfo::group_name(meta.gid());
                let owner = crate::sysinfo::user_name(meta.uid());
                if meta.mode() & 0o020 == 0 {
                    return format!(
                        "{} is {owner}:{group} mode {:04o}, not group-writable; run 'sudo ds01-events setup' (file root:GROUP 0664, directory 2775)",
                        target.unwrap_or(path).display(),
                        meta.mode() & 0o7777
                    );
                }
                format!(
                    "{} is {owner}:{group} mode {:04o}; join group '{group}' (sudo usermod -aG {group} $USER, then log in again) or run 'sudo ds01-events setup'",
                    target.unwrap_or(path).display(),
                    meta.mode() & 0o7777
                )
            } else {
                "run 'sudo ds01-events setup' to create it writable for the logging group".into()
            }
        }
        Some(nix::libc::ELOOP) => {
            "replace the link with a regular file ('sudo ds01-events setup') or point --file at the real file".into()
        }
        Some(nix::libc::ENOSPC) => "free space on the file system (df -h)".into(),
        Some(nix::libc::ENOENT) => format!(
            "create the directory: 'sudo ds01-events setup' (or mkdir -p {})",
            path.parent().map(|p| p.display().to_string()).unwrap_or_default()
        ),
        _ => "run 'ds01-events doctor' for details".into(),
    }
}

/// Hands a line that could not be appended to syslog (ident `ds01-events`),
/// without waiting: a datagram sent non-blocking, dropped if the socket would
/// block. Returns whether the datagram was accepted.
pub fn send_to_syslog(line: &str) -> bool {
    let socket_path =
        std::env::var_os("DS01_EVENTS_SYSLOG_SOCKET").unwrap_or_else(|| OsString::from("/dev/log"));
    let Ok(sock) = UnixDatagram::unbound() else {
        return false;
    };
    if sock.set_nonblocking(true).is_err() {
        return false;
    }
    // user.notice; RFC 3164 with the timestamp left to the daemon.
    let msg = format!(
        "<13>ds01-events[{}]: {}",
        std::process::id(),
        line.trim_end_matches('\n')
    );
    sock.send_to(msg.as_bytes(), &socket_path).is_ok()
}

/// Where the count of events recorded nowhere is kept: beside the events
/// file's directory when writable, else the user's runtime dir.
pub fn lost_counter_path() -> PathBuf {
    if let Some(p) = std::env::var_os("DS01_EVENTS_LOST_COUNTER") {
        return PathBuf::from(p);
    }
    let uid = nix::unistd::getuid().as_raw();
    PathBuf::from(format!("/tmp/ds01-events-lost.{uid}"))
}

/// Adds one to the lost-events counter (best effort, never blocks for long).
pub fn count_lost() {
    let p = lost_counter_path();
    let n = read_lost_count(&p).unwrap_or(0) + 1;
    let _ = std::fs::write(&p, format!("{n}\n"));
}

pub fn read_lost_count(p: &Path) -> Option<u64> {
    std::fs::read_to_string(p).ok()?.trim().parse().ok()
}
