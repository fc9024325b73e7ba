//! `ds01-events shell-init bash|python`: the texts scripts load to log events.
//!
//! * bash: a `log_event` function (`source <(ds01-events shell-init bash)`)
//!   accepting both legacy call forms, always returning 0.
//! * python: the `ds01_events` module (`from ds01_events import log_event`),
//!   standard library only, keeping detail values' Python types.
//!
//! Both run this binary (`$DS01_EVENTS_BIN`, else `ds01-events` on PATH) with
//! `log`, so there is one writer.

/// Which front end to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellInitKind {
    /// A `log_event` function for Bash scripts.
    Bash,
    /// The `ds01_events` Python module.
    Python,
}

/// The Bash function library.
pub const BASH: &str = include_str!("shell/ds01_events.bash");
/// The Python module.
pub const PYTHON: &str = include_str!("shell/ds01_events.py");

/// The text `shell-init` prints for `kind`.
pub fn script(kind: ShellInitKind) -> &'static str {
    match kind {
        ShellInitKind::Bash => BASH,
        ShellInitKind::Python => PYTHON,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_present() {
        assert!(script(ShellInitKind::Bash).contains("log_event()"));
        assert!(script(ShellInitKind::Python).contains("def log_event("));
        assert!(script(ShellInitKind::Python).starts_with("\"\"\""));
    }
}
