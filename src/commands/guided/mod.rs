//! `guided` (also `--guided`): an interactive walkthrough for admins who do
//! not know the flags yet. It asks what to look at (a user, a container, GPU
//! events, recent events, problems, the live stream, the summary), lets any
//! other filters be added (users, containers, types and sources offered from
//! those present in the log), then a time range, an output form and a limit.
//! Before running, it prints the equivalent command line, shell-quoted, and
//! then runs exactly that argv through [`crate::commands::run`], so what was
//! printed is what ran.
//!
//! Leaving: Esc (or `q`) in any menu, or Ctrl-C anywhere before the query
//! starts, leaves with exit 0 and the cursor shown ("leaves cleanly": nothing
//! failed, the admin changed their mind). Text fields ignore Esc (dialoguer
//! reads them as text); an empty answer goes back to the menu that asked.
//! Once the query runs, Ctrl-C behaves as for the same command typed by hand.
//!
//! Prompts are drawn on stdout, which must be a terminal, as must stdin:
//! otherwise one line on stderr points to the flags, exit 64.
//!
//! Layout: `plan` is the pure plan -> argv step (unit-tested), `ui` the
//! questions, `catalog` what the log holds for the pickers; this file
//! runs the walkthrough and guards Ctrl-C.

mod catalog;
mod plan;
mod ui;

use std::io::{self, IsTerminal};

use dialoguer::console::Term;
use dialoguer::theme::{ColorfulTheme, Theme};

use crate::cli::{GlobalArgs, OutputFormat};
use crate::exit::{self, Failure};
use ui::{Stop, Ui};

/// The message when there is no terminal to ask on.
pub const NO_TERMINAL: &str = "guided needs a terminal; use flags instead: ds01-events --help";

pub fn run(g: &GlobalArgs) -> Result<i32, Failure> {
    if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
        return Err(Failure::usage(NO_TERMINAL));
    }
    let term = Term::stdout();
    let color = crate::output::Style::new(OutputFormat::Table, g.color, g.utc).color;
    let theme: Box<dyn Theme> = if color {
        dialoguer::console::set_colors_enabled(true);
        dialoguer::console::set_colors_enabled_stderr(true);
        Box::new(ColorfulTheme::default())
    } else {
        dialoguer::console::set_colors_enabled(false);
        dialoguer::console::set_colors_enabled_stderr(false);
        Box::new(PlainTheme)
    };
    let guard = SigintGuard::install();
    let mut ui = Ui {
        term: term.clone(),
        theme,
        g,
        catalog: None,
    };
    let walked = ui.walk();
    drop(guard);
    let plan = match walked {
        Ok(plan) => plan,
        Err(Stop::Quit) => {
            let _ = term.show_cursor();
            return Ok(exit::OK);
        }
        Err(Stop::Io(e)) => {
            let _ = term.show_cursor();
            // Ctrl-C with the handler not yet installed, or the terminal gone.
            if e.kind() == io::ErrorKind::Interrupted {
                let _ = term.write_line("");
                return Ok(INTERRUPTED);
            }
            if e.kind() == io::ErrorKind::UnexpectedEof {
                let _ = term.write_line("");
                return Ok(exit::OK);
            }
            return Err(Failure::new(
                exit::CANT_CREATE,
                format!("guided: terminal error: {e}"),
            ));
        }
    };
    let line = plan.command_line(g);
    let _ = term.write_line(&format!(
        "\nThe same query as a command (add or change flags to refine it):\n  {}\n",
        line.shown.join(" ")
    ));
    Ok(crate::commands::run(line.argv))
}

/// dialoguer's plain theme without the colon it puts after every prompt
/// (the prompts here are questions): `> ` marks the current item.
struct PlainTheme;

impl Theme for PlainTheme {
    fn format_prompt(&self, f: &mut dyn std::fmt::Write, prompt: &str) -> std::fmt::Result {
        f.write_str(prompt)
    }

    fn format_select_prompt_selection(
        &self,
        f: &mut dyn std::fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> std::fmt::Result {
        write!(f, "{prompt} {sel}")
    }
}

// ------------------------------------------------------------- Ctrl-C

/// The exit status after Ctrl-C: 128 + SIGINT.
const INTERRUPTED: i32 = 130;

/// While the questions are asked, Ctrl-C shows the cursor again and leaves
/// with exit 130 (128 + SIGINT, as shells expect). dialoguer reads keys in raw mode and, on Ctrl-C, restores
/// the terminal and raises SIGINT; outside a prompt the terminal is in its
/// normal mode. Either way only the cursor needs restoring.
struct SigintGuard {
    old: Option<nix::sys::signal::SigAction>,
}

extern "C" fn leave_on_sigint(_: nix::libc::c_int) {
    const SHOW_CURSOR: &[u8] = b"\x1b[?25h\r\n";
    // SAFETY: write(2) and _exit(2) are async-signal-safe; the buffer is static.
    unsafe {
        nix::libc::write(1, SHOW_CURSOR.as_ptr().cast(), SHOW_CURSOR.len());
        nix::libc::_exit(INTERRUPTED);
    }
}

impl SigintGuard {
    fn install() -> SigintGuard {
        use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
        let action = SigAction::new(
            SigHandler::Handler(leave_on_sigint),
            SaFlags::empty(),
            SigSet::empty(),
        );
        // SAFETY: the handler only calls async-signal-safe functions.
        let old = unsafe { sigaction(Signal::SIGINT, &action) }.ok();
        SigintGuard { old }
    }
}

impl Drop for SigintGuard {
    fn drop(&mut self) {
        if let Some(old) = &self.old {
            // SAFETY: puts back the disposition that was there before.
            let _ = unsafe { nix::sys::signal::sigaction(nix::sys::signal::Signal::SIGINT, old) };
        }
    }
}
