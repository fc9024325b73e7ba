//! Which inputs a request reads: the `--file`s or a collector's hosts, each a
//! stream of its rotated siblings (oldest first) and its current file, and
//! what is said when one cannot be read.

use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::{
    archives_reaching, damaged, host_dirs, is_not_regular, note_trouble, open_regular,
    rotated_siblings, skipped, Flow, Input, HOSTS_DIR_ENV,
};
use crate::exit::{self, Failure};
use crate::filter::Filter;
use crate::output::escape::escape;
/// One logical stream of events: a file's archives (oldest first) then itself.
#[derive(Clone, Debug)]
pub struct Stream {
    pub current: PathBuf,
    pub inputs: Vec<Input>,
    /// The sending host, for a collector's host directory (`--hosts-dir`).
    pub host: Option<std::sync::Arc<str>>,
}

impl Stream {
    /// This stream's current file alone, without its archives.
    pub fn current_only(&self) -> Stream {
        Stream {
            current: self.current.clone(),
            inputs: vec![Input::plain(self.current.clone())],
            host: self.host.clone(),
        }
    }
}

/// The files named by `--file` (or the default), each with its siblings.
pub fn streams(files: &[PathBuf]) -> Vec<Stream> {
    let files = if files.is_empty() {
        vec![crate::writer::events_path(None)]
    } else {
        files.to_vec()
    };
    files
        .into_iter()
        .map(|current| Stream {
            inputs: vec![Input::plain(current.clone())],
            current,
            host: None,
        })
        .collect()
}

/// The hosts directory to read: `--hosts-dir`, else `$DS01_EVENTS_HOSTS_DIR`
/// when no `--file` is given (a named file wins over the environment).
pub fn hosts_dir(flag: Option<&Path>, files: &[PathBuf]) -> Option<PathBuf> {
    flag.map(Path::to_path_buf).or_else(|| {
        files
            .is_empty()
            .then(|| std::env::var_os(HOSTS_DIR_ENV))
            .flatten()
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

/// The streams of a query: the `--file`s (or the default file), or with a
/// hosts directory its hosts that `--host` selects (and the `--file`s given
/// with it), each host's events file a stream of its own.
pub fn input_streams(
    files: &[PathBuf],
    hosts_dir: Option<&Path>,
    filter: &Filter,
) -> Result<Vec<Stream>, Failure> {
    let Some(dir) = hosts_dir else {
        if filter.has_host_filter() {
            return Err(Failure::usage(
                "--host selects a collector's host directories: add --hosts-dir DIR \
                 (or set DS01_EVENTS_HOSTS_DIR), e.g. --hosts-dir /var/log/ds01/hosts",
            ));
        }
        return Ok(streams(files));
    };
    let shown = escape(&dir.display().to_string()).into_owned();
    let hosts = host_dirs(dir).map_err(|e| {
        let hint = if e.kind() == io::ErrorKind::PermissionDenied {
            "ask an admin to add you to the log's group or use sudo"
        } else {
            "check --hosts-dir (or DS01_EVENTS_HOSTS_DIR); 'setup --collector' creates it"
        };
        Failure::new(
            exit::NO_INPUT,
            format!("cannot read the hosts directory {shown}: {e}; {hint}"),
        )
    })?;
    let mut out = if files.is_empty() {
        Vec::new()
    } else {
        streams(files)
    };
    let all: Vec<&str> = hosts.iter().map(|(h, _)| h.as_str()).collect();
    for (name, path) in &hosts {
        if filter.host_matches(name) {
            out.push(Stream {
                current: path.clone(),
                inputs: vec![Input::plain(path.clone())],
                host: Some(name.as_str().into()),
            });
        }
    }
    if filter.has_host_filter() && out.iter().all(|s| s.host.is_none()) {
        return Err(Failure::usage(format!(
            "--host matches no host directory in {shown}; hosts there: {}",
            if all.is_empty() {
                "none yet".to_string()
            } else {
                escape(&all.join(", ")).into_owned()
            }
        )));
    }
    Ok(out)
}

/// Adds the rotated siblings a request needs to a stream: with `all`, the
/// whole history (every sibling, or with `since` those that may reach it, by
/// name and date); without, only those a `since` reaches. Never chosen by
/// the current file's first line: one line dated in the past must not hide
/// an archive.
pub fn with_archives(stream: &Stream, since: Option<Timestamp>, all: bool) -> Stream {
    let current = &stream.current;
    if !all && since.is_none() {
        return stream.clone();
    }
    let mut inputs = archives_reaching(rotated_siblings(current), since);
    if current.exists() || inputs.is_empty() {
        inputs.push(Input::plain(current.clone()));
    }
    Stream {
        current: current.clone(),
        inputs,
        host: stream.host.clone(),
    }
}

/// The one line for an input that cannot be read.
pub fn cannot_read(path: &Path, e: &io::Error) -> Failure {
    let hint = if e.kind() == io::ErrorKind::PermissionDenied {
        "ask an admin to add you to the log's group (ls -l shows it) or use sudo"
    } else if is_not_regular(e) {
        "the events file must be a plain file: look at it with ls -l, remove it, and the next event creates it"
    } else {
        "check the path (--file, DS01_EVENTS_FILE)"
    };
    Failure::new(
        exit::NO_INPUT,
        format!(
            "cannot read {}: {e}; {hint}",
            escape(&path.display().to_string())
        ),
    )
}

/// The inputs of `stream` to read: the current file must be readable (a
/// FIFO or device in its place is refused), an archive the reader may not
/// read too; a sibling that is not a regular file is skipped with one
/// stderr line when a read needs it. `None` when nothing is there yet.
pub fn check_readable(stream: &Stream) -> Result<Option<Stream>, Failure> {
    let mut inputs = Vec::new();
    for input in &stream.inputs {
        let current = input.path == stream.current;
        match open_regular(&input.path) {
            Ok(_) => inputs.push(input.clone()),
            // No current file yet, or an archive logrotate just removed.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            // Fixed by the reader (group, sudo): refuse rather than answer
            // from part of the history.
            Err(e) if current || e.kind() == io::ErrorKind::PermissionDenied => {
                return Err(cannot_read(&input.path, &e))
            }
            // Reported (and skipped) when a read needs it: a newest-N view
            // the current file satisfies never touches it.
            Err(_) => inputs.push(input.clone()),
        }
    }
    Ok((!inputs.is_empty()).then(|| Stream {
        current: stream.current.clone(),
        inputs,
        host: stream.host.clone(),
    }))
}

/// Runs `read` over one input. A read error in a rotated sibling (a
/// truncated `.gz`) is reported and the other inputs are read; one in the
/// current file ends the query.
pub fn tolerant(stream: &Stream, input: &Input, read: io::Result<Flow>) -> io::Result<Flow> {
    match read {
        Err(e) if input.path != stream.current => {
            let what = if is_not_regular(&e) {
                skipped(&e)
            } else {
                damaged(&e)
            };
            note_trouble(&input.path, &what);
            Ok(Flow::More)
        }
        r => r,
    }
}
