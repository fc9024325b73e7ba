//! The append: one `write(2)` of one whole line to an O_APPEND descriptor,
//! checks that never block, and a syslog fallback that never waits.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const DEFAULT_PATH: &str = "/var/log/ds01/events.jsonl";
/// How long `log` waits for the file system before giving up on the file.
pub const WRITE_DEADLINE: Duration = Duration::from_millis(1500);
/// Mode of a file or directory the writer creates, whatever the umask.
pub const FILE_MODE: u32 = 0o664;
/// setgid: new files get the logging group; sticky: members append, only
/// the owner (root, logrotate) renames or deletes.
pub const DIR_MODE: u32 = 0o3775;

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
///
/// The open and the write run in a child process: a thread stuck in the
/// kernel on a dead NFS mount or a FUSE server that never answers keeps its
/// whole process from exiting, even on SIGKILL, while a child that is stuck
/// is simply left behind (re-parented to init) and the caller gets its exit
/// status on time. The child holds none of the caller's descriptors, so a
/// caller reading our output (`$(ds01-events log ...)`) is not held either.
/// If such a child completes later, the event is in the file and in syslog:
/// duplicated, never lost.
pub fn append_with_deadline(path: &Path, line: &str) -> Result<(), AppendError> {
    use nix::unistd::{fork, ForkResult};
    let Ok((read_end, write_end)) = nix::unistd::pipe() else {
        return append(path, line);
    };
    // SAFETY: `log` is single-threaded here; the child only makes system
    // calls and allocates before `_exit`.
    match unsafe { fork() } {
        Ok(ForkResult::Child) => {
            drop(read_end);
            let report = detach_from_caller(write_end);
            let msg = match append(path, line) {
                Ok(()) => String::from("ok"),
                Err(e) => format!("{}\0{}", e.cause, e.fix),
            };
            // SAFETY: writing a buffer to a descriptor we own, then exiting
            // without running the parent's atexit handlers or destructors.
            unsafe {
                nix::libc::write(report, msg.as_ptr().cast(), msg.len());
                nix::libc::_exit(0)
            }
        }
        Ok(ForkResult::Parent { child }) => {
            drop(write_end);
            let result = await_child(read_end, path);
            // Reap it if it is done; never wait for a child that may be stuck.
            let _ = nix::sys::wait::waitpid(child, Some(nix::sys::wait::WaitPidFlag::WNOHANG));
            result
        }
        Err(_) => append(path, line),
    }
}

/// In the child: the result pipe becomes fd 3, standard input and output
/// become /dev/null and every other inherited descriptor is closed.
fn detach_from_caller(report: std::os::fd::OwnedFd) -> i32 {
    use std::os::fd::IntoRawFd;
    let fd = report.into_raw_fd();
    // SAFETY: plain descriptor calls on numbers this process owns.
    unsafe {
        let target = 3;
        if fd != target {
            nix::libc::dup2(fd, target);
            nix::libc::close(fd);
        }
        nix::libc::syscall(nix::libc::SYS_close_range, 4u32, u32::MAX, 0u32);
        let null = nix::libc::open(c"/dev/null".as_ptr(), nix::libc::O_RDWR);
        if null >= 0 {
            for std_fd in 0..3 {
                nix::libc::dup2(null, std_fd);
            }
            if null > 3 {
                nix::libc::close(null);
            }
        }
        target
    }
}

/// In the parent: the child's verdict, or a timeout after the deadline.
fn await_child(read_end: std::os::fd::OwnedFd, path: &Path) -> Result<(), AppendError> {
    use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
    use std::io::Read;
    use std::os::fd::AsFd;
    let deadline = std::time::Instant::now() + WRITE_DEADLINE;
    let timed_out = || AppendError {
        path: path.to_path_buf(),
        cause: format!(
            "the file system did not answer within {} ms",
            WRITE_DEADLINE.as_millis()
        ),
        fix: "check the mount (df, dmesg) and run 'ds01-events doctor'".into(),
    };
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(timed_out());
        }
        let ms = PollTimeout::try_from(left.as_millis().max(1) as i32).unwrap_or(PollTimeout::MAX);
        let mut fds = [PollFd::new(read_end.as_fd(), PollFlags::POLLIN)];
        match poll(&mut fds, ms) {
            Ok(0) => return Err(timed_out()),
            Ok(_) => break,
            Err(nix::Error::EINTR) => continue,
            Err(_) => return Err(timed_out()),
        }
    }
    let mut msg = String::new();
    let _ = File::from(read_end).read_to_string(&mut msg);
    match msg.as_str() {
        "ok" => Ok(()),
        "" => Err(AppendError {
            path: path.to_path_buf(),
            cause: "the writing process ended without a result".into(),
            fix: "run 'ds01-events doctor' for details".into(),
        }),
        m => {
            let (cause, fix) = m.split_once('\0').unwrap_or((m, ""));
            Err(AppendError {
                path: path.to_path_buf(),
                cause: cause.into(),
                fix: fix.into(),
            })
        }
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
                format!("it is {}, not a regular file", crate::safe_fs::file_kind(&m.file_type())),
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
                format!(
                    "it is {}, not a regular file",
                    crate::safe_fs::file_kind(&m.file_type())
                ),
                "events go only to regular files: point --file/DS01_EVENTS_FILE at one".into(),
            ))
        }
        _ => {}
    }
    // Refuse a write that cannot fit rather than leave half a line: a torn
    // fragment would glue itself to the next event.
    if let Some(cause) = no_room_for(&file, line.len() as u64 + 1) {
        return Err(fail(
            cause,
            "free space on the file system (df -h) or lift the file size limit, then run 'ds01-events doctor'".into(),
        ));
    }
    // A fragment left by a writer that ran out of space has no newline:
    // start on a new line so this event is not glued to it.
    let glued;
    let bytes = if ends_mid_line(&file) {
        glued = [b"\n", line.as_bytes()].concat();
        &glued[..]
    } else {
        line.as_bytes()
    };
    match file.write(bytes) {
        Ok(n) if n == bytes.len() => Ok(()),
        Ok(n) => {
            // Terminate the fragment so the next line stays parseable (if
            // this fails too, the next append does it).
            let _ = file.write(b"\n");
            Err(fail(
                format!(
                    "short write: {n} of {} bytes (disk full or file size limit?)",
                    bytes.len()
                ),
                "free space on the file system (df -h) and run 'ds01-events doctor'".into(),
            ))
        }
        Err(e) => Err(fail(describe(&e), fix_for(path, &e))),
    }
}

/// Whether the file ends in a torn fragment (a last byte that is not a
/// newline and stays so). Another writer's append in progress can show a
/// size that ends mid-line for a moment (the size grows page by page), so
/// a missing newline is looked at again until the size stops changing.
fn ends_mid_line(file: &File) -> bool {
    use std::os::unix::fs::FileExt;
    let mut seen = None;
    for attempt in 0..6u32 {
        let Ok(size) = file.metadata().map(|m| m.len()) else {
            return false;
        };
        if size == 0 {
            return false;
        }
        if seen == Some(size) {
            return true;
        }
        let mut last = [0u8; 1];
        if !file.read_at(&mut last, size - 1).is_ok_and(|n| n == 1) || last[0] == b'\n' {
            return false;
        }
        seen = Some(size);
        std::thread::sleep(std::time::Duration::from_micros(100 << attempt));
    }
    true
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
    // Read access too, to see whether the file ends mid-line; a file the
    // caller may only append to is still appended to.
    let open = |create: bool| {
        let with_read = |read: bool| {
            let mut o = OpenOptions::new();
            o.read(read).append(true).custom_flags(flags);
            if create {
                o.create_new(true).mode(FILE_MODE);
            }
            o.open(path)
        };
        match with_read(true) {
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => with_read(false),
            other => other,
        }
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

/// The sealing and counting state directory (`DS01_EVENTS_STATE_DIR`, else
/// `/var/lib/ds01-events`).
pub fn state_dir() -> PathBuf {
    match std::env::var_os("DS01_EVENTS_STATE_DIR") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from("/var/lib/ds01-events"),
    }
}

/// The directory of per-user lost counters, which `setup` makes root:root
/// 1733: anyone may create a file there, nobody but root may list it, and
/// the sticky bit keeps each user's counter theirs.
pub fn lost_dir() -> PathBuf {
    state_dir().join("lost")
}

/// Mode of [`lost_dir`].
pub const LOST_DIR_MODE: u32 = 0o1733;

/// This user's lost-events counter: `DS01_EVENTS_LOST_COUNTER`, else
/// `lost/UID` in the state directory when setup made it, else
/// `$XDG_RUNTIME_DIR/ds01-events-lost` (a directory only the user can
/// write). `None` when there is nowhere safe to keep it.
///
/// Never a predictable name in a directory anyone can write, such as /tmp:
/// another user could plant a FIFO there and hang every reader.
pub fn lost_counter_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DS01_EVENTS_LOST_COUNTER").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let uid = nix::unistd::getuid().as_raw();
    let dir = lost_dir();
    if dir.is_dir() {
        return Some(dir.join(uid.to_string()));
    }
    let runtime = PathBuf::from(std::env::var_os("XDG_RUNTIME_DIR")?);
    let m = std::fs::symlink_metadata(&runtime).ok()?;
    (m.is_dir() && m.uid() == uid && m.mode() & 0o077 == 0)
        .then(|| runtime.join("ds01-events-lost"))
}

/// Flags for opening a counter: never a link, never a wait on a FIFO.
const COUNTER_FLAGS: i32 =
    nix::libc::O_NOFOLLOW | nix::libc::O_NONBLOCK | nix::libc::O_NOCTTY | nix::libc::O_CLOEXEC;

/// Whether an opened counter is a regular file of this user's.
fn counter_is_ours(f: &File) -> io::Result<()> {
    let m = f.metadata()?;
    if !m.file_type().is_file() {
        return Err(io::Error::other(format!(
            "it is {}, not a regular file",
            crate::safe_fs::file_kind(&m.file_type())
        )));
    }
    if m.uid() != nix::unistd::geteuid().as_raw() {
        return Err(io::Error::other(format!(
            "it belongs to uid {}, not to this user",
            m.uid()
        )));
    }
    Ok(())
}

/// Adds one to the lost-events counter: one appended byte, so concurrent
/// writers never lose a count (the count is the file's size). Returns why
/// it could not be counted.
pub fn count_lost() -> Result<(), String> {
    let p = lost_counter_path().ok_or(
        "no safe place for the lost counter (run 'sudo ds01-events setup', or set XDG_RUNTIME_DIR)",
    )?;
    let counted = (|| {
        let mut f = OpenOptions::new()
            .append(true)
            .create(true)
            .mode(0o600)
            .custom_flags(COUNTER_FLAGS)
            .open(&p)?;
        counter_is_ours(&f)?;
        f.write_all(b"L")
    })();
    counted.map_err(|e| format!("cannot count it in {}: {e}", p.display()))
}

/// The count kept in one counter file (its size), if it is a regular file
/// of this user's.
pub fn read_lost_count(p: &Path) -> Option<u64> {
    let f = OpenOptions::new()
        .read(true)
        .custom_flags(COUNTER_FLAGS)
        .open(p)
        .ok()?;
    counter_is_ours(&f).ok()?;
    Some(f.metadata().ok()?.len())
}

/// Lost events as `doctor` and `metrics` report them: every user's counter
/// when run as root (only counters owned by the uid they are named for
/// count; others are returned as suspicious), else this user's own.
pub fn lost_counts() -> LostCounts {
    let mut counts = LostCounts::default();
    if nix::unistd::geteuid().is_root() && std::env::var_os("DS01_EVENTS_LOST_COUNTER").is_none() {
        if let Ok(entries) = std::fs::read_dir(lost_dir()) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let Ok(m) = e.path().symlink_metadata() else {
                    continue;
                };
                match name.parse::<u32>() {
                    Ok(uid) if m.file_type().is_file() && m.uid() == uid => {
                        counts.total += m.len();
                        counts.users += u64::from(m.len() > 0);
                    }
                    _ => counts.suspicious.push(e.path()),
                }
            }
            return counts;
        }
    }
    if let Some(n) = lost_counter_path().and_then(|p| read_lost_count(&p)) {
        counts.total = n;
        counts.users = u64::from(n > 0);
    }
    counts
}

/// What [`lost_counts`] found.
#[derive(Debug, Default)]
pub struct LostCounts {
    /// Events recorded nowhere.
    pub total: u64,
    /// Users with at least one.
    pub users: u64,
    /// Files in the counter directory that are not a user's own counter.
    pub suspicious: Vec<PathBuf>,
}
