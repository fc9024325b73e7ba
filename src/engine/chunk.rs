//! Forward reads in bounded memory: a reader cut into chunks of whole lines,
//! the lines of a chunk, and the parallel scan that hands chunks to workers
//! and their results back in file order.

use std::io::{self, Read};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};

use crate::event::MAX_READ_LINE;

/// Bytes handed to a worker at once.
pub const CHUNK: usize = 1 << 18;
/// One chunk of whole lines.
pub struct Chunk {
    pub data: Vec<u8>,
    /// Index of this chunk in the stream (for ordering results).
    pub seq: u64,
    /// Lines skipped as too long just before this chunk.
    pub overlong: u64,
    /// Stream position (bytes from where the reader started) of `data[0]`.
    pub offset: u64,
    /// Stream position of the first of the `overlong` lines.
    pub overlong_offset: Option<u64>,
}

/// Splits a byte stream into chunks of whole lines, never holding more than
/// [`MAX_READ_LINE`] of one line: longer lines are skipped and counted.
pub struct Chunker<R> {
    reader: R,
    carry: Vec<u8>,
    seq: u64,
    skipping: bool,
    overlong: u64,
    done: bool,
    /// Stream position of the first byte not yet emitted or skipped.
    pos: u64,
    overlong_offset: Option<u64>,
}

impl<R: Read> Chunker<R> {
    pub fn new(reader: R) -> Self {
        Chunker {
            reader,
            carry: Vec::new(),
            seq: 0,
            skipping: false,
            overlong: 0,
            done: false,
            pos: 0,
            overlong_offset: None,
        }
    }

    /// The next chunk, or `None` at the end. A final line without a newline
    /// is handed over as a line of its own.
    pub fn next_chunk(&mut self) -> io::Result<Option<Chunk>> {
        while !self.done {
            let mut buf = std::mem::take(&mut self.carry);
            let start = buf.len();
            buf.resize(start + CHUNK, 0);
            let n = loop {
                match self.reader.read(&mut buf[start..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    r => break r?,
                }
            };
            buf.truncate(start + n);
            if n == 0 {
                self.done = true;
                if self.skipping || buf.is_empty() {
                    self.skipping = false;
                    break;
                }
                return Ok(Some(self.emit(buf)));
            }
            if self.skipping {
                match memchr::memchr(b'\n', &buf[start..]) {
                    Some(p) => {
                        self.skipping = false;
                        self.pos += (start + p + 1) as u64;
                        buf.drain(..start + p + 1);
                    }
                    None => {
                        self.pos += buf.len() as u64;
                        continue;
                    }
                }
            }
            match memchr::memrchr(b'\n', &buf) {
                Some(p) => {
                    self.carry = buf.split_off(p + 1);
                    let chunk = self.emit(buf);
                    if self.carry.len() > MAX_READ_LINE {
                        self.overlong_offset.get_or_insert(self.pos);
                        self.pos += self.carry.len() as u64;
                        self.carry.clear();
                        self.skipping = true;
                        self.overlong += 1;
                    }
                    return Ok(Some(chunk));
                }
                None if buf.len() > MAX_READ_LINE => {
                    self.overlong_offset.get_or_insert(self.pos);
                    self.pos += buf.len() as u64;
                    self.skipping = true;
                    self.overlong += 1;
                }
                None => self.carry = buf,
            }
        }
        if self.overlong > 0 {
            return Ok(Some(self.emit(Vec::new())));
        }
        Ok(None)
    }

    fn emit(&mut self, data: Vec<u8>) -> Chunk {
        let c = Chunk {
            offset: self.pos,
            seq: self.seq,
            overlong: std::mem::take(&mut self.overlong),
            overlong_offset: self.overlong_offset.take(),
            data,
        };
        self.pos += c.data.len() as u64;
        self.seq += 1;
        c
    }
}

/// The lines of a chunk (without newlines).
pub fn lines(data: &[u8]) -> Lines<'_> {
    Lines {
        rest: (!data.is_empty()).then(|| data.strip_suffix(b"\n").unwrap_or(data)),
    }
}

/// Lines found with memchr (a vector search), not byte by byte.
pub struct Lines<'a> {
    rest: Option<&'a [u8]>,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        let rest = self.rest?;
        match memchr::memchr(b'\n', rest) {
            Some(p) => {
                self.rest = Some(&rest[p + 1..]);
                Some(&rest[..p])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// Scans running side by side (merged streams): each gets its share.
static SCANS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);

/// How many worker threads a scan uses.
pub fn worker_count() -> usize {
    let scans = SCANS.load(std::sync::atomic::Ordering::Relaxed).max(1);
    (std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4)
        / scans)
        .max(1)
}

/// While the guard lives, `n` scans share the cores (and memory in flight).
pub fn share_workers(n: usize) -> impl Drop {
    struct Guard(usize);
    impl Drop for Guard {
        fn drop(&mut self) {
            SCANS.store(self.0, std::sync::atomic::Ordering::Relaxed);
        }
    }
    Guard(SCANS.swap(n.max(1), std::sync::atomic::Ordering::Relaxed))
}

/// Whether the consumer wants more.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Flow {
    More,
    Stop,
}

/// Reads `reader` in chunks, maps each chunk with `work` on several threads,
/// and hands the results to `consume` in stream order. Memory stays bounded
/// by a few chunks in flight.
pub fn parallel_scan<R, T, W, C>(reader: R, work: W, mut consume: C) -> io::Result<()>
where
    R: Read + Send,
    T: Send,
    W: Fn(&Chunk) -> T + Sync,
    C: FnMut(T) -> Flow,
{
    let workers = worker_count();
    let mut chunker = Chunker::new(reader);
    if workers == 1 {
        while let Some(c) = chunker.next_chunk()? {
            if consume(work(&c)) == Flow::Stop {
                break;
            }
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        let (chunk_tx, chunk_rx) = sync_channel::<Chunk>(workers);
        let (result_tx, result_rx) = sync_channel::<(u64, T)>(workers * 2);
        let chunk_rx: Arc<Mutex<Receiver<Chunk>>> = Arc::new(Mutex::new(chunk_rx));
        let reader_thread = scope.spawn(move || -> io::Result<()> {
            while let Some(c) = chunker.next_chunk()? {
                if chunk_tx.send(c).is_err() {
                    break;
                }
            }
            Ok(())
        });
        for _ in 0..workers {
            let rx = Arc::clone(&chunk_rx);
            let tx = result_tx.clone();
            let work = &work;
            scope.spawn(move || loop {
                let next = rx.lock().map(|r| r.recv());
                let Ok(Ok(chunk)) = next else { break };
                if tx.send((chunk.seq, work(&chunk))).is_err() {
                    break;
                }
            });
        }
        drop(result_tx);
        let mut pending = std::collections::BTreeMap::new();
        let mut next = 0u64;
        let mut stopped = false;
        for (seq, result) in result_rx.iter() {
            if stopped {
                continue;
            }
            pending.insert(seq, result);
            while let Some(r) = pending.remove(&next) {
                next += 1;
                if consume(r) == Flow::Stop {
                    stopped = true;
                    pending.clear();
                    break;
                }
            }
            if stopped {
                // Unblock the reader and workers: drop what is queued.
                if let Ok(rx) = chunk_rx.lock() {
                    while rx.try_recv().is_ok() {}
                }
            }
        }
        drop(chunk_rx);
        reader_thread.join().unwrap_or(Ok(()))
    })
}
