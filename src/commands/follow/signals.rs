//! The two ways following ends besides an error: SIGINT/SIGTERM (a flag
//! every wait looks at) and the reader of stdout going away.

use std::sync::atomic::{AtomicBool, Ordering};
/// Set by SIGINT and SIGTERM.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: nix::libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

pub(super) fn install_signal_handlers() {
    use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
    let act = SigAction::new(
        SigHandler::Handler(on_signal),
        // No SA_RESTART: a blocking call returns EINTR and the loop sees
        // the flag, so SIGINT and SIGTERM end every wait.
        SaFlags::empty(),
        SigSet::empty(),
    );
    for sig in [Signal::SIGINT, Signal::SIGTERM] {
        // SAFETY: the handler only stores to an atomic (async-signal-safe).
        let _ = unsafe { sigaction(sig, &act) };
    }
}

pub(super) fn stopped() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Whether the reader of stdout went away (a pipe with no reader reports
/// POLLERR, a hung-up terminal POLLHUP), checked without writing.
pub(super) fn reader_gone() -> bool {
    use nix::libc::{poll, pollfd, POLLERR, POLLHUP};
    let mut p = pollfd {
        fd: 1,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    let n = unsafe { poll(&mut p, 1, 0) };
    n > 0 && p.revents & (POLLERR | POLLHUP) != 0
}
