//! The pager, as journalctl and git use one: long output on a terminal goes
//! through `$DS01_EVENTS_PAGER`, else `$PAGER`, else `less` (with
//! `LESS=FRSXMK` when `LESS` is unset: short output prints and returns,
//! colours pass, Ctrl-C quits). Never when stdout is not a terminal, never
//! with `--no-pager`; an empty value or `cat` means no pager. Quitting the
//! pager early closes the pipe: the query then ends as it does for `| head`.

use std::io::{self, IsTerminal};
use std::process::{Child, ChildStdin, Command, Stdio};

/// Whether output goes through a pager: less chops a line as wide as the
/// screen (its last column shows `>`), so the table is fitted one narrower.
pub static PAGED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// A running pager; [`Pager::wait`] once its input is closed.
pub struct Pager {
    child: Child,
    old_int: Option<nix::sys::signal::SigHandler>,
}

/// The pager command the environment asks for, `None` for none.
pub fn command() -> Option<String> {
    let chosen = match std::env::var("DS01_EVENTS_PAGER") {
        Ok(v) => v,
        Err(_) => std::env::var("PAGER").unwrap_or_else(|_| "less".to_string()),
    };
    let chosen = chosen.trim();
    (!chosen.is_empty() && chosen != "cat").then(|| chosen.to_string())
}

/// Starts the pager when stdout is a terminal and `enabled`; its input is
/// where the output goes. `None`: write to stdout (also when the pager
/// cannot be started).
pub fn start(enabled: bool) -> Option<(Pager, ChildStdin)> {
    if !enabled || !io::stdout().is_terminal() {
        return None;
    }
    let cmd = command()?;
    let mut c = Command::new("/bin/sh");
    c.arg("-c").arg(&cmd).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        c.env("LESS", "FRSXMK");
    }
    // The output is UTF-8 whatever the locale (`…` and names): less in a C
    // locale would show its bytes as <E2><80><A6>.
    if std::env::var_os("LESSCHARSET").is_none() {
        c.env("LESSCHARSET", "utf-8");
    }
    if std::env::var_os("LV").is_none() {
        c.env("LV", "-c");
    }
    let mut child = c.spawn().ok()?;
    PAGED.store(true, std::sync::atomic::Ordering::Relaxed);
    let stdin = child.stdin.take()?;
    // Ctrl-C is the pager's (less -K quits, closing the pipe): this process
    // must outlive it to leave the terminal to the shell in order.
    // SAFETY: SIG_IGN installs no handler code.
    let old_int = unsafe {
        nix::sys::signal::signal(
            nix::sys::signal::Signal::SIGINT,
            nix::sys::signal::SigHandler::SigIgn,
        )
    }
    .ok();
    Some((Pager { child, old_int }, stdin))
}

impl Pager {
    /// Waits for the pager to exit (its input must be closed first).
    pub fn wait(mut self) {
        let _ = self.child.wait();
        if let Some(h) = self.old_int.take() {
            // SAFETY: puts back the disposition found at start.
            let _ = unsafe { nix::sys::signal::signal(nix::sys::signal::Signal::SIGINT, h) };
        }
    }
}
