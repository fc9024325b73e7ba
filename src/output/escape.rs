//! The one place that makes text safe for a terminal (fd's sanitizer is the
//! model): C0 and C1 controls, DEL, bidi overrides, zero-width and tag
//! characters are shown as visible escapes, never passed through.

use std::borrow::Cow;

/// Whether a character must not reach a terminal (or a JSON reader's
/// terminal) as is: the one set every output uses. C0 and C1 controls and
/// DEL; bidi embeddings, overrides, isolates and marks (U+202A-202E,
/// U+2066-2069, U+061C, U+200E, U+200F); zero-width and invisible
/// characters (U+200B-200D, U+2060-2064, U+FEFF, U+00AD, U+180E, the Hangul
/// fillers U+115F, U+1160, U+3164, U+FFA0, Khmer U+17B4, U+17B5, the
/// deprecated format characters U+206A-206F); line and paragraph separators;
/// interlinear annotations U+FFF9-FFFB; tag characters U+E0000-E007F.
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{ad}'                 // soft hyphen
        | '\u{61c}'                // Arabic letter mark
        | '\u{115f}' | '\u{1160}'  // Hangul choseong/jungseong fillers
        | '\u{17b4}' | '\u{17b5}'  // Khmer inherent vowels
        | '\u{180e}'               // Mongolian vowel separator
        | '\u{200b}'..='\u{200f}'   // zero-width spaces, LRM, RLM
        | '\u{2028}' | '\u{2029}'   // line and paragraph separators
        | '\u{202a}'..='\u{202e}'   // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'   // word joiner, invisible operators
        | '\u{2066}'..='\u{206f}'   // bidi isolates, deprecated format characters
        | '\u{3164}'               // Hangul filler
        | '\u{feff}'               // zero-width no-break space
        | '\u{ffa0}'               // halfwidth Hangul filler
        | '\u{fff9}'..='\u{fffb}'   // interlinear annotation
        | '\u{e0000}'..='\u{e007f}' // tag characters
    )
}

/// Same as [`is_unsafe_char`].
pub fn is_unsafe(c: char) -> bool {
    is_unsafe_char(c)
}

/// The text with every unsafe character replaced by a visible escape
/// (`\e`, `\n`, `\t`, `\r`, `\x07`, `\u{202e}`). Borrowed when nothing changes.
pub fn escape(s: &str) -> Cow<'_, str> {
    // Printable ASCII is safe: the common case, checked a byte at a time.
    if s.bytes().all(|b| (b' '..0x7f).contains(&b)) || !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_unsafe(c) {
            out.push(c);
            continue;
        }
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// Raw bytes made safe: invalid UTF-8 shown as `\xNN`, the rest as [`escape`].
pub fn escape_bytes(b: &[u8]) -> String {
    let mut out = String::new();
    for chunk in b.utf8_chunks() {
        out.push_str(&escape(chunk.valid()));
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_terminal_attacks() {
        for evil in [
            "\x1b[2J\x1b[H",
            "\x1b]52;c;ZXZpbA==\x07",
            "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
            "ok\rFAKE",
            "\u{9b}31m",
            "abc\u{202e}cba",
            "a\u{200b}b",
            "tag\u{e0041}",
            "del\x7f",
            "alm\u{61c}",
            "shy\u{ad}",
            "mvs\u{180e}",
            "filler\u{3164}",
            "ann\u{fff9}x\u{fffa}y\u{fffb}",
            "c1\u{85}\u{9b}",
            "lrm\u{200e}rlm\u{200f}",
            "wj\u{2060}bom\u{feff}",
            "iso\u{2066}\u{2069}",
        ] {
            let e = escape(evil);
            assert!(!e.chars().any(is_unsafe), "{e:?}");
        }
        assert_eq!(escape("\x1b[31mred"), "\\e[31mred");
        assert_eq!(escape("a\rb"), "a\\rb");
        assert_eq!(escape("plain müller"), "plain müller");
        assert_eq!(escape_bytes(b"a\xffb\x1b"), "a\\xffb\\e");
    }
}
