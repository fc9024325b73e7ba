//! `.gz` archives decompressed on a thread of their own, and the next
//! archive of a history decompressed while the current one is read.
//!
//! [`gz_reader`] moves the inflating off the reading thread: a background
//! thread fills buffers and hands them over a bounded channel, so at most
//! [`AHEAD`] buffers of [`BUF`] bytes (4 MiB) wait per archive, however big
//! it is. [`Ahead`] opens a list of inputs in turn and, when one is opened,
//! opens the next archive too, so its thread inflates (up to that bound)
//! while the current file is parsed: with daily archives of a few MiB the
//! next day is ready when the parse gets to it.
//!
//! The bytes and errors are those of `flate2`'s `MultiGzDecoder` (every
//! member of a concatenated archive), in the same order: a damaged or
//! truncated archive yields its bytes up to the damage, then the error.

use std::fs::File;
use std::io::{self, Read};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use crate::engine::Input;

/// Bytes per buffer handed over.
const BUF: usize = 256 << 10;
/// Buffers that may wait, filled, per archive.
const AHEAD: usize = 16;

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
    Box::new(flate2::read::MultiGzDecoder::new(
        io::BufReader::with_capacity(1 << 16, file),
    ))
}

/// The background half: inflates `file` into buffers until the end, an
/// error, or the reader goes away.
fn inflate(file: File, tx: &SyncSender<io::Result<Vec<u8>>>, free: &Receiver<Vec<u8>>) {
    let mut dec = flate2::read::MultiGzDecoder::new(io::BufReader::with_capacity(1 << 16, file));
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

/// Opens `inputs` in turn for one pass over a history; opening one also
/// opens the archive after it, so that archive inflates in the background
/// meanwhile (at most one archive ahead, and [`AHEAD`] buffers of it).
pub struct Ahead<'a> {
    inputs: &'a [Input],
    next: Option<(usize, io::Result<Box<dyn Read + Send>>)>,
}

impl<'a> Ahead<'a> {
    pub fn new(inputs: &'a [Input]) -> Ahead<'a> {
        Ahead { inputs, next: None }
    }

    /// A reader over `inputs[i]`, as [`Input::open`] gives it.
    pub fn open(&mut self, i: usize) -> io::Result<Box<dyn Read + Send>> {
        let reader = match self.next.take() {
            Some((j, r)) if j == i => r,
            _ => self.inputs[i].open(),
        };
        if let Some(next) = self.inputs.get(i + 1).filter(|n| n.gz) {
            self.next = Some((i + 1, next.open()));
        }
        reader
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
        let a = text(200_000); // several buffers
        let b = text(3);
        let file = gz(&[&a, &b]);
        let mut got = Vec::new();
        gz_reader(file_of(&file)).read_to_end(&mut got).unwrap();
        let mut want = a.clone();
        want.extend_from_slice(&b);
        assert_eq!(got.len(), want.len());
        assert!(got == want);
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
