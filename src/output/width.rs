//! Widths on the screen: a text's display width, a text cut to a width,
//! and the terminal's width.

use std::io;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
/// Display width, counted fast for ASCII.
pub(super) fn str_width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.width()
    }
}

pub(super) fn text_width(b: &[u8]) -> usize {
    std::str::from_utf8(b).map_or(b.len(), str_width)
}

/// `s` cut to `width` display columns, ending in `…` when cut.
pub fn shorten(s: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if s.width() <= width {
        return std::borrow::Cow::Borrowed(s);
    }
    if width == 0 {
        return std::borrow::Cow::Borrowed("");
    }
    let mut out = String::with_capacity(width + 3);
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    // Combining marks after the last kept character belong to it.
    out.push('…');
    std::borrow::Cow::Owned(out)
}

/// The terminal's width for the table: `COLUMNS`, else the tty's size,
/// else 80; one less through a pager (see [`super::pager::PAGED`]).
pub fn terminal_width() -> usize {
    let w = screen_width();
    if super::pager::PAGED.load(std::sync::atomic::Ordering::Relaxed) {
        w.saturating_sub(1).max(1)
    } else {
        w
    }
}

pub(super) fn screen_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return n;
    }
    terminal_size::terminal_size_of(io::stdout())
        .map(|(w, _)| w.0 as usize)
        .filter(|&w| w > 0)
        .unwrap_or(80)
}
