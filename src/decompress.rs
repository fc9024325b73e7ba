//! `.gz` archives decompressed on a thread of their own, small ones
//! inflated whole.
//!
//! [`gz_reader`] moves the inflating off the reading thread: a background
//! thread inflates and hands the bytes over a bounded channel. An archive
//! that inflates to at most 4 MiB is inflated in one call by libdeflate
//! ([`Inflater`], about 2.5 times zlib's streaming speed) and handed over as
//! one buffer; a larger or damaged one is streamed by `flate2`, so that at
//! most [`AHEAD`] buffers of [`BUF`] bytes (4 MiB) wait, however big it is.
//! [`crate::engine::each_input`] inflates archives of up to [`WHOLE_LIMIT`]
//! whole, on its workers.
//!
//! The bytes and errors are those of `flate2`'s `MultiGzDecoder` (every
//! member of a concatenated archive), in the same order: a damaged or
//! truncated archive yields its bytes up to the damage, then the error
//! (libdeflate only ever reads clean archives: on any doubt the same bytes
//! are streamed by `flate2` from the start).

use std::fs::File;
use std::io::{self, Read, Seek};
use std::ptr::NonNull;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use libdeflate_sys as ld;

/// The largest archive, decompressed, inflated whole (one buffer of it per
/// reading thread at most): daily archives are a few MiB.
pub const WHOLE_LIMIT: usize = 32 << 20;

/// A libdeflate decompressor; one per thread (it holds state while it works).
pub struct Inflater(NonNull<ld::libdeflate_decompressor>);

// SAFETY: the decompressor is plain memory used by one call at a time
// (`&mut self`); libdeflate keeps no thread-local state.
unsafe impl Send for Inflater {}

impl Inflater {
    /// `None` when libdeflate cannot allocate its state.
    pub fn new() -> Option<Inflater> {
        // SAFETY: no arguments; a null result is handled.
        NonNull::new(unsafe { ld::libdeflate_alloc_decompressor() }).map(Inflater)
    }

    /// Inflates every member of the gzip data `gz` into `out` (cleared
    /// first): `true` when all of it inflated cleanly within `limit` bytes,
    /// `false` and `out` empty otherwise (then only a streaming decoder can
    /// say where and how it breaks).
    pub fn inflate(&mut self, gz: &[u8], out: &mut Vec<u8>, limit: usize) -> bool {
        out.clear();
        if gz.len() < 18 {
            return false;
        }
        // The last member's size (mod 2^32): a single member's, a guess
        // for each member of a concatenated archive.
        let mut tail = [0u8; 4];
        tail.copy_from_slice(&gz[gz.len() - 4..]);
        let mut room = (u32::from_le_bytes(tail) as usize).max(1 << 16);
        let mut rest = gz;
        while !rest.is_empty() {
            loop {
                let left = limit.saturating_sub(out.len());
                let avail = room.min(left);
                if avail == 0 {
                    out.clear();
                    return false;
                }
                out.reserve(avail);
                let (mut used_in, mut used_out) = (0usize, 0usize);
                // SAFETY: libdeflate reads `rest` and writes at most `avail`
                // bytes into the spare capacity reserved just above, and
                // reports how many it read and wrote.
                let r = unsafe {
                    ld::libdeflate_gzip_decompress_ex(
                        self.0.as_ptr(),
                        rest.as_ptr().cast(),
                        rest.len(),
                        out.as_mut_ptr().add(out.len()).cast(),
                        avail,
                        &mut used_in,
                        &mut used_out,
                    )
                };
                match r {
                    ld::libdeflate_result_LIBDEFLATE_SUCCESS if used_in > 0 => {
                        // SAFETY: libdeflate initialised `used_out` bytes.
                        unsafe { out.set_len(out.len() + used_out) };
                        rest = &rest[used_in..];
                        break;
                    }
                    ld::libdeflate_result_LIBDEFLATE_INSUFFICIENT_SPACE if avail < left => {
                        room = room.saturating_mul(2);
                    }
                    _ => {
                        out.clear();
                        return false;
                    }
                }
            }
        }
        true
    }
}

impl Drop for Inflater {
    fn drop(&mut self) {
        // SAFETY: allocated by libdeflate_alloc_decompressor, freed once.
        unsafe { ld::libdeflate_free_decompressor(self.0.as_ptr()) }
    }
}

/// Reads all of the gzip file `file` when it is at most `limit` bytes and
/// its trailer says it inflates to at most `inflated` (the last member's
/// size, mod 2^32: a lower bound of the whole): `None` otherwise, or when a
/// read fails (the caller then streams it from the start).
pub fn read_small(file: &mut File, limit: usize, inflated: usize, buf: &mut Vec<u8>) -> Option<()> {
    use std::os::unix::fs::FileExt;
    buf.clear();
    let len = file.metadata().ok()?.len();
    if len > limit as u64 || len < 4 {
        return None;
    }
    let mut tail = [0u8; 4];
    file.read_exact_at(&mut tail, len - 4).ok()?;
    if u32::from_le_bytes(tail) as usize > inflated {
        return None;
    }
    buf.reserve(len as usize);
    file.take(limit as u64 + 1).read_to_end(buf).ok()?;
    (buf.len() <= limit).then_some(())
}

/// Bytes per buffer handed over.
const BUF: usize = 256 << 10;
/// Buffers that may wait, filled, per archive.
const AHEAD: usize = 16;
/// What [`gz_reader`] holds of one archive at most, inflated: the queue's
/// bound, and the largest archive it inflates whole (queries promise at
/// most 32 MiB in all, whatever the archives).
const HELD: usize = AHEAD * BUF;

/// A reader over the decompressed bytes of a gzip file (all its members),
/// inflated on a background thread. Falls back to inflating in the caller
/// when no thread can be started.
pub fn gz_reader(file: File) -> Box<dyn Read + Send> {
    let (file_tx, file_rx) = sync_channel::<File>(1);
    let (tx, rx) = sync_channel::<io::Result<Vec<u8>>>(AHEAD);
    let (free_tx, free_rx) = sync_channel::<Vec<u8>>(2);
    let spawned = std::thread::Builder::new()
        .name("gunzip".into())
        .spawn(move || {
            if let Ok(file) = file_rx.recv() {
                inflate(file, &tx, &free_rx);
            }
        });
    if spawned.is_err() {
        return inline(file);
    }
    // The thread holds the receiving end until it gets the file.
    if let Err(e) = file_tx.send(file) {
        return inline(e.0);
    }
    Box::new(Prefetched {
        rx,
        free: free_tx,
        cur: Vec::new(),
        pos: 0,
        done: false,
    })
}

fn inline(file: File) -> Box<dyn Read + Send> {
    Box::new(flate2::bufread::MultiGzDecoder::new(
        io::BufReader::with_capacity(1 << 16, file),
    ))
}

/// The background half: inflates `file` until the end, an error, or the
/// reader goes away.
fn inflate(mut file: File, tx: &SyncSender<io::Result<Vec<u8>>>, free: &Receiver<Vec<u8>>) {
    // Small and clean: one buffer, inflated in one call. (A quarter of
    // what may be held, compressed: most such archives inflate within it.)
    let mut gz = Vec::new();
    if read_small(&mut file, HELD / 4, HELD, &mut gz).is_some() {
        let mut out = Vec::new();
        if Inflater::new().is_some_and(|mut i| i.inflate(&gz, &mut out, HELD)) {
            if !out.is_empty() {
                let _ = tx.send(Ok(out));
            }
            return;
        }
        // The same bytes streamed, for the decoder's bytes and error.
        stream(io::Cursor::new(gz), tx, free);
        return;
    }
    if let Err(e) = file.rewind() {
        let _ = tx.send(Err(e));
        return;
    }
    stream(io::BufReader::with_capacity(1 << 16, file), tx, free);
}

/// Streams the inflated bytes of `compressed` in buffers of [`BUF`].
fn stream(
    compressed: impl io::BufRead,
    tx: &SyncSender<io::Result<Vec<u8>>>,
    free: &Receiver<Vec<u8>>,
) {
    let mut dec = flate2::bufread::MultiGzDecoder::new(compressed);
    loop {
        let mut buf = free.try_recv().unwrap_or_default();
        buf.resize(BUF, 0);
        let mut got = 0;
        let mut failed = None;
        let mut end = false;
        while got < BUF {
            match dec.read(&mut buf[got..]) {
                Ok(0) => {
                    end = true;
                    break;
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        buf.truncate(got);
        if got > 0 && tx.send(Ok(buf)).is_err() {
            return;
        }
        if let Some(e) = failed {
            let _ = tx.send(Err(e));
            return;
        }
        if end {
            return;
        }
    }
}

/// The reading half: hands out the buffers in order, then the end or the
/// error.
struct Prefetched {
    rx: Receiver<io::Result<Vec<u8>>>,
    free: SyncSender<Vec<u8>>,
    cur: Vec<u8>,
    pos: usize,
    done: bool,
}

impl Read for Prefetched {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.pos < self.cur.len() {
                let n = out.len().min(self.cur.len() - self.pos);
                out[..n].copy_from_slice(&self.cur[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if self.done || out.is_empty() {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Ok(next)) => {
                    let used = std::mem::replace(&mut self.cur, next);
                    self.pos = 0;
                    // Back to the thread for reuse (dropped if it has enough).
                    let _ = self.free.try_send(used);
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Err(_) => {
                    self.done = true;
                    return Ok(0);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Seek, Write};

    fn gz(parts: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for p in parts {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(p).unwrap();
            out.extend(e.finish().unwrap());
        }
        out
    }

    fn file_of(data: &[u8]) -> File {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(data).unwrap();
        f.rewind().unwrap();
        f
    }

    fn text(n: usize) -> Vec<u8> {
        (0..n)
            .flat_map(|i| format!("{{\"n\":{i},\"pad\":\"{}\"}}\n", i * 7919 % 1000).into_bytes())
            .collect()
    }

    #[test]
    fn same_bytes_as_the_decoder_across_members_and_buffers() {
        // Streamed (over what is held: several buffers), and inflated whole.
        for n in [400_000, 20_000] {
            let a = text(n);
            let b = text(3);
            let file = gz(&[&a, &b]);
            let mut got = Vec::new();
            gz_reader(file_of(&file)).read_to_end(&mut got).unwrap();
            let mut want = a.clone();
            want.extend_from_slice(&b);
            assert_eq!(want.len() > HELD, n == 400_000, "either side of HELD");
            assert_eq!(got.len(), want.len());
            assert!(got == want);
        }
    }

    #[test]
    fn a_truncated_archive_gives_its_bytes_then_the_decoders_error() {
        let a = text(100_000);
        let file = gz(&[&a]);
        let cut = &file[..file.len() * 2 / 3];
        let mut want = Vec::new();
        let want_err = flate2::read::MultiGzDecoder::new(cut)
            .read_to_end(&mut want)
            .unwrap_err();
        let mut r = gz_reader(file_of(cut));
        let mut got = Vec::new();
        let mut buf = [0u8; 10_000];
        let err = loop {
            match r.read(&mut buf) {
                Ok(0) => panic!("no error at the end of a truncated archive"),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) => break e,
            }
        };
        assert_eq!(err.kind(), want_err.kind());
        assert_eq!(err.to_string(), want_err.to_string());
        assert!(
            !got.is_empty() && got == want,
            "{} vs {}",
            got.len(),
            want.len()
        );
    }

    #[test]
    fn the_inflater_reads_every_member_or_declines() {
        let (big, small) = (text(100_000), text(2));
        // The last member's size is a poor guess for the first: room grows.
        let file = gz(&[&big, &small]);
        let mut inf = Inflater::new().unwrap();
        let mut out = Vec::new();
        assert!(inf.inflate(&file, &mut out, WHOLE_LIMIT));
        assert!(out == [big.clone(), small].concat());
        // Over the limit, trailing junk, a truncation: declined, nothing kept.
        assert!(!inf.inflate(&file, &mut out, big.len()));
        assert!(out.is_empty());
        let mut junk = file.clone();
        junk.extend_from_slice(b"junk");
        assert!(!inf.inflate(&junk, &mut out, WHOLE_LIMIT));
        assert!(!inf.inflate(&file[..file.len() - 1], &mut out, WHOLE_LIMIT));
        assert!(!inf.inflate(b"", &mut out, WHOLE_LIMIT));
    }

    #[test]
    fn not_gzip_is_the_decoders_error() {
        let plain = b"plain text\n";
        let want = flate2::read::MultiGzDecoder::new(&plain[..])
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        let e = gz_reader(file_of(plain))
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert_eq!((e.kind(), e.to_string()), (want.kind(), want.to_string()));
    }
}
