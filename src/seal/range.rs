//! A sealed range's BLAKE3 hash and its line count, in one pass over the
//! bytes, on every core.
//!
//! The range is cut along BLAKE3's own tree (the hazmat subtree API):
//! subtrees of at most [`LEAF`] bytes are read and hashed on the rayon pool
//! and their chaining values merged back up, so the result is exactly
//! `blake3::hash` of the range. Each worker reads its subtree with `pread`
//! into a small buffer of its own ([`PIECE`], it stays in the core's cache)
//! and counts the newlines of each piece right after hashing it: the copy
//! out of the page cache runs on every core too, and the bytes cross the
//! memory bus once.
//!
//! No mmap: the events file is group-writable and may be truncated under us
//! (copytruncate, or someone in the group), which would turn a mapped read
//! into SIGBUS. A short `pread` is an error instead.

use std::cell::RefCell;
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

use blake3::hazmat::{left_subtree_len, merge_subtrees_non_root, merge_subtrees_root};
use blake3::hazmat::{ChainingValue, HasherExt, Mode};

/// Bytes a worker hashes as one task (a BLAKE3 subtree of at most this).
const LEAF: u64 = 1 << 20;
/// Bytes read at once by a worker.
const PIECE: usize = 128 << 10;

thread_local! {
    static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The BLAKE3 hash of `f[from..to]` and the newlines in it. The file
/// ending before `to` is an error (`UnexpectedEof`).
pub fn hash_and_count(f: &File, from: u64, to: u64) -> io::Result<(blake3::Hash, u64)> {
    let len = to.saturating_sub(from);
    if len <= LEAF {
        // Small (a minute's lines): one hasher, no threads.
        let mut h = blake3::Hasher::new();
        let lines = feed(f, from, len, &mut h)?;
        return Ok((h.finalize(), lines));
    }
    let left = left_subtree_len(len);
    let (l, r) = rayon::join(
        || subtree(f, from, 0, left),
        || subtree(f, from, left, len - left),
    );
    let ((lcv, ln), (rcv, rn)) = (l?, r?);
    Ok((merge_subtrees_root(&lcv, &rcv, Mode::Hash), ln + rn))
}

/// The chaining value and newline count of the subtree of `len` bytes at
/// `offset` into the range that starts at byte `base` of the file.
fn subtree(f: &File, base: u64, offset: u64, len: u64) -> io::Result<(ChainingValue, u64)> {
    if len <= LEAF {
        let mut h = blake3::Hasher::new();
        h.set_input_offset(offset);
        let lines = feed(f, base + offset, len, &mut h)?;
        return Ok((h.finalize_non_root(), lines));
    }
    let left = left_subtree_len(len);
    let (l, r) = rayon::join(
        || subtree(f, base, offset, left),
        || subtree(f, base, offset + left, len - left),
    );
    let ((lcv, ln), (rcv, rn)) = (l?, r?);
    Ok((merge_subtrees_non_root(&lcv, &rcv, Mode::Hash), ln + rn))
}

/// Reads `len` bytes at `at` into `h` a piece at a time; the newlines.
fn feed(f: &File, at: u64, len: u64, h: &mut blake3::Hasher) -> io::Result<u64> {
    BUF.with(|buf| {
        let mut buf = buf.borrow_mut();
        if buf.len() < PIECE {
            buf.resize(PIECE, 0);
        }
        let mut lines = 0u64;
        let mut pos = at;
        let end = at + len;
        while pos < end {
            let want = ((end - pos) as usize).min(PIECE);
            let piece = &mut buf[..want];
            let mut got = 0;
            while got < want {
                match f.read_at(&mut piece[got..], pos + got as u64) {
                    Ok(0) => {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "the file shrank while sealing",
                        ))
                    }
                    Ok(n) => got += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            h.update(piece);
            lines += memchr::memchr_iter(b'\n', piece).count() as u64;
            pos += want as u64;
        }
        Ok(lines)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file_of(data: &[u8]) -> File {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(data).unwrap();
        f
    }

    /// Bytes with newlines at irregular places.
    fn sample(len: usize) -> Vec<u8> {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if x % 97 == 0 {
                    b'\n'
                } else {
                    b'a' + (x % 26) as u8
                }
            })
            .collect()
    }

    #[test]
    fn equals_plain_blake3_and_counts_lines() {
        let data = sample(5 * LEAF as usize + 12_345);
        let f = file_of(&data);
        // Sizes around the leaf, chunk and piece edges, and offsets that are
        // not chunk aligned in the file (the range starts anywhere).
        let lens = [
            0usize,
            1,
            1023,
            1024,
            1025,
            PIECE - 1,
            PIECE + 1,
            LEAF as usize - 1,
            LEAF as usize,
            LEAF as usize + 1,
            2 * LEAF as usize + 1,
            3 * LEAF as usize + 4097,
            5 * LEAF as usize,
        ];
        for from in [0usize, 1, 777, 4096] {
            for &len in &lens {
                let want = &data[from..from + len];
                let (h, n) = hash_and_count(&f, from as u64, (from + len) as u64).unwrap();
                assert_eq!(h, blake3::hash(want), "from {from} len {len}");
                assert_eq!(
                    n,
                    want.iter().filter(|&&b| b == b'\n').count() as u64,
                    "from {from} len {len}"
                );
            }
        }
    }

    #[test]
    fn a_file_shorter_than_the_range_is_an_error() {
        let f = file_of(&sample(3 * LEAF as usize));
        for len in [3 * LEAF - 4, 3 * LEAF, 4 * LEAF] {
            let e = hash_and_count(&f, 5, 5 + len).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof, "len {len}");
        }
        let small = file_of(b"one\ntwo\n");
        let e = hash_and_count(&small, 2, 20).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
    }
}
