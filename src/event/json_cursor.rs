//! A cursor over one JSON line without control bytes: each step reads one
//! token and says `None` whenever the text is not plainly what serde_json
//! would read (an exponent, a long number, a surrogate escape, deep
//! nesting, or simply invalid). One hand-written check of JSON for the
//! paths that must not parse: [`surely_valid`] for the malformed count and
//! verbatim lines, and the report's one-pass field reader
//! (`report::lite`). The property tests in `event::tests` and
//! `report::lite` hold both to serde_json.

/// Containers open at most (the top-level object included); deeper lines
/// are left to serde_json (its limit is 128).
const MAX_DEPTH: usize = 64;

/// The top bit of each byte of `w` that is `c`, the others clear (exact:
/// no carry crosses a byte).
fn bytes_equal(w: u64, c: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let t = w ^ (u64::from(c) * 0x0101_0101_0101_0101);
    !(((t & LOW7) + LOW7) | t | LOW7)
}

/// Whether `text` (no control bytes) is one JSON value, spaces around it,
/// that serde_json surely reads; `false` when only serde_json can tell.
pub(crate) fn surely_valid(text: &str) -> bool {
    let mut s = JsonCursor::new(text);
    s.spaces();
    if s.skip(0).is_none() {
        return false;
    }
    s.spaces();
    s.i == text.len()
}

/// A cursor over a line without control bytes. Every method reads one
/// thing at `i` (no leading space), moves past it, and returns `None` when
/// it is not there or not plainly valid.
pub(crate) struct JsonCursor<'a> {
    text: &'a str,
    /// `text`'s bytes.
    b: &'a [u8],
    pub(crate) i: usize,
}

impl<'a> JsonCursor<'a> {
    pub(crate) fn new(text: &'a str) -> JsonCursor<'a> {
        JsonCursor {
            text,
            b: text.as_bytes(),
            i: 0,
        }
    }

    /// The text from `start` to the cursor.
    pub(crate) fn since(&self, start: usize) -> Option<&'a str> {
        self.text.get(start..self.i)
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// The only white space left: the others are control bytes.
    pub(crate) fn spaces(&mut self) {
        while self.b.get(self.i) == Some(&b' ') {
            self.i += 1;
        }
    }

    /// After an object's member: `true` past a comma (another member
    /// follows), `false` past the closing brace, `None` for anything else.
    pub(crate) fn next_member(&mut self) -> Option<bool> {
        self.spaces();
        match self.peek()? {
            b',' => {
                self.i += 1;
                self.spaces();
                Some(true)
            }
            b'}' => {
                self.i += 1;
                Some(false)
            }
            _ => None,
        }
    }

    pub(crate) fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    pub(crate) fn word(&mut self, w: &[u8]) -> Option<()> {
        self.b[self.i..].starts_with(w).then(|| self.i += w.len())
    }

    /// A string without escapes: its contents.
    fn plain(&mut self) -> Option<&'a [u8]> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.i + 1;
        let end = self.quote_or_backslash(start)?;
        if self.b[end] != b'"' {
            return None;
        }
        self.i = end + 1;
        Some(&self.b[start..end])
    }

    /// As [`JsonCursor::plain`], as text (a slice between ASCII quotes).
    pub(crate) fn plain_str(&mut self) -> Option<&'a str> {
        let start = self.i + 1;
        self.plain()?;
        self.text.get(start..self.i - 1)
    }

    /// Where the next `"` or `\` is, from `from` on: eight bytes at a
    /// time (strings are short), memchr past the first few words.
    #[inline]
    fn quote_or_backslash(&self, from: usize) -> Option<usize> {
        let mut i = from;
        for _ in 0..4 {
            let Some(word) = self.b.get(i..i + 8) else {
                let k = self.b[i..].iter().position(|&c| c == b'"' || c == b'\\')?;
                return Some(i + k);
            };
            let w = u64::from_le_bytes(word.try_into().ok()?);
            let found = bytes_equal(w, b'"') | bytes_equal(w, b'\\');
            if found != 0 {
                return Some(i + found.trailing_zeros() as usize / 8);
            }
            i += 8;
        }
        Some(i + memchr::memchr2(b'"', b'\\', &self.b[i..])?)
    }
    /// A key without escapes (an escaped one could spell a known key),
    /// its colon and the spaces after it.
    pub(crate) fn key(&mut self) -> Option<&'a [u8]> {
        let k = self.plain()?;
        self.spaces();
        self.eat(b':')?;
        self.spaces();
        Some(k)
    }

    /// Any string, escapes checked (`\u` of a surrogate: serde_json's call).
    fn string(&mut self) -> Option<()> {
        self.eat(b'"')?;
        loop {
            self.i = self.quote_or_backslash(self.i)?;
            if self.b[self.i] == b'"' {
                self.i += 1;
                return Some(());
            }
            match *self.b.get(self.i + 1)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i += 2,
                b'u' => {
                    let hex = self.b.get(self.i + 2..self.i + 6)?;
                    let surrogate = matches!(hex[0], b'd' | b'D') && !matches!(hex[1], b'0'..=b'7');
                    if !hex.iter().all(u8::is_ascii_hexdigit) || surrogate {
                        return None;
                    }
                    self.i += 6;
                }
                _ => return None,
            }
        }
    }

    /// A number serde_json reads exactly: no exponent, at most 15 bytes.
    fn number(&mut self) -> Option<()> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let int = self.i;
        let int_len = self.digits();
        if int_len == 0 || (int_len > 1 && self.b[int] == b'0') {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) || self.i - start > 15 {
            return None;
        }
        Some(())
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - start
    }

    /// Any value, checked, with `depth` containers open around it.
    pub(crate) fn skip(&mut self, depth: usize) -> Option<()> {
        // The containers opened here: bit d set for an object.
        let mut objects = 0u64;
        let mut open = 0usize;
        'value: loop {
            match self.peek()? {
                c @ (b'{' | b'[') => {
                    if depth + open >= MAX_DEPTH {
                        return None;
                    }
                    let object = c == b'{';
                    objects = (objects & !(1 << open)) | (u64::from(object) << open);
                    open += 1;
                    self.i += 1;
                    self.spaces();
                    if self.peek()? == if object { b'}' } else { b']' } {
                        self.i += 1;
                        open -= 1;
                    } else {
                        if object {
                            self.any_key()?;
                        }
                        continue 'value;
                    }
                }
                b'"' => self.string()?,
                b'-' | b'0'..=b'9' => self.number()?,
                b't' => self.word(b"true")?,
                b'f' => self.word(b"false")?,
                b'n' => self.word(b"null")?,
                _ => return None,
            }
            // After a value: close containers, or a comma and the next one.
            loop {
                if open == 0 {
                    return Some(());
                }
                self.spaces();
                let object = objects & (1 << (open - 1)) != 0;
                match self.peek()? {
                    b',' => {
                        self.i += 1;
                        self.spaces();
                        if object {
                            self.any_key()?;
                        }
                        continue 'value;
                    }
                    b'}' if object => {}
                    b']' if !object => {}
                    _ => return None,
                }
                self.i += 1;
                open -= 1;
            }
        }
    }

    /// A key inside a skipped value (escapes allowed), its colon, spaces.
    fn any_key(&mut self) -> Option<()> {
        self.string()?;
        self.spaces();
        self.eat(b':')?;
        self.spaces();
        Some(())
    }
}
