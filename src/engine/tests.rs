use jiff::Timestamp;

use super::*;
use crate::event::MAX_READ_LINE;
use std::io::Write;

fn chunks_of(data: &[u8]) -> Vec<Vec<u8>> {
    let mut c = Chunker::new(data);
    let mut out = Vec::new();
    while let Some(ch) = c.next_chunk().unwrap() {
        for l in lines(&ch.data) {
            out.push(l.to_vec());
        }
    }
    out
}

#[test]
fn chunker_lines() {
    assert_eq!(
        chunks_of(b"a\nb\nc"),
        vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]
    );
    assert_eq!(
        chunks_of(b"a\n\nb\n"),
        vec![b"a".to_vec(), b"".to_vec(), b"b".to_vec()]
    );
    let mut big = b"x\n".to_vec();
    big.extend(std::iter::repeat_n(b'y', 3 * MAX_READ_LINE));
    big.extend(b"\nz\n");
    assert_eq!(chunks_of(&big), vec![b"x".to_vec(), b"z".to_vec()]);
}

#[test]
fn chunk_offsets_are_stream_positions() {
    let mut data = Vec::new();
    for i in 0..100_000 {
        data.extend(format!("line {i}\n").as_bytes());
    }
    data.extend(std::iter::repeat_n(b'y', 2 * MAX_READ_LINE));
    data.extend(b"\nafter\n");
    let mut c = Chunker::new(&data[..]);
    while let Some(ch) = c.next_chunk().unwrap() {
        for l in lines(&ch.data) {
            let at = ch.offset as usize + (l.as_ptr() as usize - ch.data.as_ptr() as usize);
            assert_eq!(&data[at..at + l.len()], l);
        }
    }
}

#[test]
fn backward_matches_forward() {
    let mut f = tempfile::tempfile().unwrap();
    let mut data = Vec::new();
    for i in 0..20000 {
        writeln!(data, "line {i} {}", "p".repeat(i % 97)).unwrap();
    }
    data.extend(b"last no newline");
    f.write_all(&data).unwrap();
    let mut back = Vec::new();
    scan_backward(&f, data.len() as u64, |l, _, _| {
        back.push(l.to_vec());
        Flow::More
    })
    .unwrap();
    back.reverse();
    let fwd: Vec<Vec<u8>> = chunks_of(&data);
    assert_eq!(back, fwd);
}

#[test]
fn shifted_clamps() {
    assert_eq!(shifted(Timestamp::MAX, 600), Timestamp::MAX);
    assert_eq!(shifted(Timestamp::MIN, -600), Timestamp::MIN);
    assert_eq!(
        shifted(Timestamp::UNIX_EPOCH, 60),
        Timestamp::from_second(60).unwrap()
    );
}

#[test]
fn sibling_order() {
    let d = tempfile::tempdir().unwrap();
    for n in [
        "events.jsonl",
        "events.jsonl-20260102.gz",
        "events.jsonl-20260101.gz",
        "events.jsonl-20260103",
        "events.jsonl.1",
        "events.jsonl.2.gz",
        "events.jsonl-2026010214.backup",
        "other.jsonl-20260101",
        "events.jsonl-20260103-1767441600.gz",
        "events.jsonl-20260103-1767400000",
        "events.jsonl-20260104-1767528000.backup",
        "events.jsonl-20260104-1767528000",
        "events.jsonl-2026010x",
        "events.jsonl-20260104-x",
    ] {
        std::fs::write(d.path().join(n), "").unwrap();
    }
    let names: Vec<String> = rotated_siblings(&d.path().join("events.jsonl"))
        .iter()
        .map(|i| i.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "events.jsonl.2.gz",
            "events.jsonl.1",
            "events.jsonl-20260101.gz",
            "events.jsonl-20260102.gz",
            "events.jsonl-2026010214.backup",
            "events.jsonl-20260103",
            "events.jsonl-20260103-1767400000",
            "events.jsonl-20260103-1767441600.gz",
            "events.jsonl-20260104-1767528000",
            "events.jsonl-20260104-1767528000.backup",
        ]
    );
}
