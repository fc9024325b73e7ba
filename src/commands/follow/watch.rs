//! File-system notifications on the followed directory (inotify), set up
//! again when the directory appears or is replaced.

use std::io;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

use notify::Watcher;

use super::signals::{reader_gone, stopped};
use super::tail::{id_of, Id};
use super::{Halt, RECHECK, TICK};

/// The directory watch, set up again if the directory appears or changes.
pub(super) struct Watch {
    pub(super) watcher: Option<notify::RecommendedWatcher>,
    dir: PathBuf,
    watched: Option<Id>,
    /// A hosts directory: its host directories too.
    recursive: bool,
    /// One message per notification.
    rx: mpsc::Receiver<()>,
    /// When the files were last looked at.
    last: Instant,
}

impl Watch {
    /// A watch on `dir` (and its subdirectories when `recursive`); without
    /// notifications (no inotify), the files are looked at every tick.
    pub(super) fn new(dir: PathBuf, recursive: bool) -> Watch {
        let (tx, rx) = mpsc::channel::<()>();
        let watcher = notify::recommended_watcher(move |r: notify::Result<notify::Event>| {
            let wanted = match &r {
                Ok(ev) => !matches!(ev.kind, notify::EventKind::Access(_)),
                Err(_) => true,
            };
            if wanted {
                let _ = tx.send(());
            }
        });
        let mut w = Watch {
            watcher: watcher.ok(),
            dir,
            watched: None,
            recursive,
            rx,
            last: Instant::now(),
        };
        w.ensure();
        w
    }

    /// Waits until the files should be looked at again: a notification, a
    /// tick without notifications, or [`RECHECK`]. Ends on SIGINT/SIGTERM
    /// and when the reader of the output goes away.
    pub(super) fn wait(&mut self) -> Result<(), Halt> {
        loop {
            if stopped() {
                return Err(Halt::Signal);
            }
            if reader_gone() {
                return Err(Halt::Write(io::Error::from(io::ErrorKind::BrokenPipe)));
            }
            let woken = match self.rx.recv_timeout(TICK) {
                Ok(()) => {
                    while self.rx.try_recv().is_ok() {}
                    true
                }
                Err(mpsc::RecvTimeoutError::Timeout) => false,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(TICK);
                    false
                }
            };
            if woken || !self.active() || self.last.elapsed() >= RECHECK {
                self.ensure();
                return Ok(());
            }
        }
    }

    /// The files were just looked at.
    pub(super) fn looked(&mut self) {
        self.last = Instant::now();
    }

    fn ensure(&mut self) {
        let Some(w) = self.watcher.as_mut() else {
            return;
        };
        let now = std::fs::metadata(&self.dir).ok().map(|m| id_of(&m));
        if now == self.watched {
            return;
        }
        if self.watched.is_some() {
            let _ = w.unwatch(&self.dir);
        }
        self.watched = None;
        if now.is_some()
            && w.watch(
                &self.dir,
                if self.recursive {
                    notify::RecursiveMode::Recursive
                } else {
                    notify::RecursiveMode::NonRecursive
                },
            )
            .is_ok()
        {
            self.watched = now;
        }
    }

    /// Whether notifications can be relied on right now.
    fn active(&self) -> bool {
        self.watcher.is_some() && self.watched.is_some()
    }
}
