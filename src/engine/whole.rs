//! A history read one whole archive per worker: each worker takes the next
//! `.gz` of the list, inflates it in one call into a buffer it keeps
//! ([`crate::decompress::Inflater`]) and runs the work on all its lines at
//! once. The archives of a year are then read on every core with nothing
//! handed between threads but the results: no chunk copies, no pipeline
//! to fill and drain at each file. Results come back in input order.
//!
//! Plain files, archives over [`WHOLE_LIMIT`] and damaged ones are handed
//! back undone (`None`): the caller reads those as a stream (the chunked
//! [`super::parallel_scan`]), which gives their bytes and errors exactly.
//! Workers run at most [`LOOKAHEAD`] inputs ahead of the caller, so memory
//! stays bounded: a buffer of at most [`WHOLE_LIMIT`] per worker and the
//! results waiting.

use std::collections::BTreeMap;
use std::io;
use std::sync::mpsc::channel;
use std::sync::{Condvar, Mutex};

use super::{worker_count, Flow, Input};
use crate::decompress::{read_small, Inflater, WHOLE_LIMIT};

/// Inputs a worker may start ahead of the one the caller is on.
pub const LOOKAHEAD: usize = 4;

/// Who may take which input next.
struct Turns {
    next: usize,
    /// Inputs the caller has taken the result of.
    taken: usize,
    stop: bool,
}

/// Runs `work` on the whole inflated bytes of each small archive of
/// `inputs` on the worker threads, and calls `consume(i, result)` for each
/// input in order: `Some` with the work's result, or `None` for an input
/// the caller must read itself (plain, large or damaged). `consume` may
/// stop the pass; its error ends it.
pub fn each_input<T, W, C>(inputs: &[Input], work: W, mut consume: C) -> io::Result<()>
where
    T: Send,
    W: Fn(&[u8]) -> T + Sync,
    C: FnMut(usize, Option<T>) -> io::Result<Flow>,
{
    if inputs.is_empty() {
        return Ok(());
    }
    let turns = Mutex::new(Turns {
        next: 0,
        taken: 0,
        stop: false,
    });
    let moved = Condvar::new();
    let (tx, rx) = channel::<(usize, Option<T>)>();
    std::thread::scope(|scope| {
        for _ in 0..worker_count().min(inputs.len()) {
            let tx = tx.clone();
            let (turns, moved, work) = (&turns, &moved, &work);
            scope.spawn(move || {
                let mut inflater = Inflater::new();
                let (mut gz, mut data) = (Vec::new(), Vec::new());
                loop {
                    let Some(i) = take_turn(turns, moved, inputs.len()) else {
                        return;
                    };
                    let input = &inputs[i];
                    let done = match inflater.as_mut() {
                        Some(inf) if input.gz && input.end.is_none() => input
                            .open_file()
                            .ok()
                            .and_then(|mut f| read_small(&mut f, WHOLE_LIMIT, WHOLE_LIMIT, &mut gz))
                            .filter(|_| inf.inflate(&gz, &mut data, WHOLE_LIMIT))
                            .map(|()| work(&data)),
                        _ => None,
                    };
                    if tx.send((i, done)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut result = Ok(());
        for i in 0..inputs.len() {
            let got = loop {
                if let Some(r) = pending.remove(&i) {
                    break Some(r);
                }
                match rx.recv() {
                    Ok((j, r)) => {
                        pending.insert(j, r);
                    }
                    Err(_) => break None,
                }
            };
            let Some(got) = got else { break };
            if let Ok(mut t) = turns.lock() {
                t.taken = i + 1;
            }
            moved.notify_all();
            match consume(i, got) {
                Ok(Flow::More) => {}
                Ok(Flow::Stop) => break,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        // Workers waiting for a turn end; one at work ends after it.
        if let Ok(mut t) = turns.lock() {
            t.stop = true;
        }
        moved.notify_all();
        drop(rx);
        result
    })
}

/// The next input for a worker, once it is at most [`LOOKAHEAD`] ahead of
/// the caller; `None` when there is none or the pass has stopped.
fn take_turn(turns: &Mutex<Turns>, moved: &Condvar, len: usize) -> Option<usize> {
    let mut t = turns.lock().ok()?;
    loop {
        if t.stop || t.next >= len {
            return None;
        }
        if t.next < t.taken + LOOKAHEAD {
            t.next += 1;
            return Some(t.next - 1);
        }
        t = moved.wait(t).ok()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn gz_file(dir: &std::path::Path, name: &str, data: &[u8]) -> Input {
        let path = dir.join(name);
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        std::fs::write(&path, e.finish().unwrap()).unwrap();
        Input::plain(path)
    }

    #[test]
    fn results_come_in_input_order_and_the_rest_is_left_to_the_caller() {
        let dir = tempfile::tempdir().unwrap();
        let mut inputs = Vec::new();
        let mut want = Vec::new();
        for i in 0..20 {
            let data = format!("{}\n", "x".repeat(i * 1000)).repeat(i + 1);
            if i % 7 == 3 {
                // Plain, and a damaged archive: left to the caller.
                let path = dir.path().join(format!("p{i}"));
                std::fs::write(&path, &data).unwrap();
                inputs.push(Input::plain(path));
                want.push(None);
            } else if i % 7 == 5 {
                let mut input = gz_file(dir.path(), &format!("d{i}.gz"), data.as_bytes());
                let mut bytes = std::fs::read(&input.path).unwrap();
                bytes.truncate(bytes.len() - 6);
                std::fs::write(&input.path, bytes).unwrap();
                input.gz = true;
                inputs.push(input);
                want.push(None);
            } else {
                inputs.push(gz_file(dir.path(), &format!("g{i}.gz"), data.as_bytes()));
                want.push(Some(data.len()));
            }
        }
        let mut got = Vec::new();
        each_input(
            &inputs,
            |data| data.len(),
            |i, r| {
                got.push((i, r));
                Ok(Flow::More)
            },
        )
        .unwrap();
        let order: Vec<usize> = got.iter().map(|g| g.0).collect();
        assert_eq!(order, (0..20).collect::<Vec<_>>());
        assert_eq!(got.into_iter().map(|g| g.1).collect::<Vec<_>>(), want);
        // What the caller reads itself is what the stream gives.
        let mut plain = Vec::new();
        inputs[3].open().unwrap().read_to_end(&mut plain).unwrap();
        assert_eq!(plain.len(), 4 * 3001);
    }

    #[test]
    fn a_stop_or_an_error_ends_the_pass() {
        let dir = tempfile::tempdir().unwrap();
        let inputs: Vec<Input> = (0..30)
            .map(|i| gz_file(dir.path(), &format!("g{i}.gz"), b"a\nb\n"))
            .collect();
        let mut seen = 0;
        each_input(
            &inputs,
            |d| d.len(),
            |i, _| {
                seen += 1;
                Ok(if i == 4 { Flow::Stop } else { Flow::More })
            },
        )
        .unwrap();
        assert_eq!(seen, 5);
        let e = each_input(
            &inputs,
            |d| d.len(),
            |i, _| {
                if i == 2 {
                    Err(io::Error::other("boom"))
                } else {
                    Ok(Flow::More)
                }
            },
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "boom");
    }
}
