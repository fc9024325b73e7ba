//! Property tests of the engine's readers against a plain loop over the
//! file's lines (`parse_line` then the filter, nothing else): the counting
//! pass behind summary/types --used/metrics (`engine::fold` through
//! `aggregate`), and follow's first screen (an input pinned to an open file
//! and bounded at the follower's position, read newest-N, by --since, or
//! whole). Files come from the demo generator (v1, old and flat lines,
//! malformed ones, writers' jitter).

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use ds01_events::aggregate::{aggregate, SYSTEM_USER};
use ds01_events::commands::query::build_request;
use ds01_events::config::{FilterSpec, QueryOptions};
use ds01_events::engine::{self, Flow, Input, Item, Request, Stats, Stream};
use ds01_events::event::parse_line;
use ds01_events::filter::Filter;
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

/// The request the command line builds for these filters on `path`.
fn request(path: &std::path::Path, filters: FilterSpec) -> Request {
    build_request(&QueryOptions {
        files: vec![path.to_path_buf()],
        filters,
        utc: true,
        default_limit: 50,
        ..QueryOptions::default()
    })
    .unwrap()
}

/// Filters drawn from what the demo logs hold: a user, a type or a prefix,
/// and a window `[now - since_h, now - until_h)`.
fn filters(
    now: Timestamp,
    user: usize,
    ty: usize,
    since_h: Option<i64>,
    until_h: Option<i64>,
) -> FilterSpec {
    let at = |h: i64| (now - SignedDuration::from_hours(h)).to_string();
    FilterSpec {
        user: [vec![], vec!["alice".to_string()], vec!["bob".to_string()]][user % 3].clone(),
        event_type: [
            vec![],
            vec!["gpu".to_string()],
            vec!["container.create".to_string()],
        ][ty % 3]
            .clone(),
        since: since_h.map(at),
        until: until_h.map(at),
        ..FilterSpec::default()
    }
}

/// The matching lines of `bytes`, and the count of lines that are not
/// events, by the plain loop.
fn plain_scan<'a>(bytes: &'a [u8], filter: &Filter) -> (Vec<&'a [u8]>, u64) {
    let mut matches = Vec::new();
    let mut malformed = 0;
    for line in bytes.split(|&b| b == b'\n') {
        if line.is_empty() {
            // The empty tail after the last newline is not a line; an
            // empty line inside the file is malformed.
            if line.as_ptr() as usize - bytes.as_ptr() as usize == bytes.len() {
                continue;
            }
        }
        match parse_line(line) {
            Ok(e) if filter.matches(line, &e) => matches.push(line),
            Ok(_) => {}
            Err(_) => malformed += 1,
        }
    }
    (matches, malformed)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn summary_counts_equal_a_plain_scan(
        seed in 0u64..1000,
        lines in 50usize..1500,
        user in 0usize..3,
        ty in 0usize..3,
        since_h in proptest::option::of(0i64..800),
        until_h in proptest::option::of(0i64..800),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let now = Timestamp::now();
        let path = crate::util::sample_file(dir.path(), lines, seed);
        let req = request(&path, filters(now, user, ty, since_h, until_h));
        let got = aggregate(&req, &[]).unwrap();

        let bytes = std::fs::read(&path).unwrap();
        let (matches, malformed) = plain_scan(&bytes, &req.filter);
        let mut by_type: HashMap<String, u64> = HashMap::new();
        let mut by_user: HashMap<String, u64> = HashMap::new();
        for line in &matches {
            let e = parse_line(line).unwrap();
            *by_type.entry(e.event_type.clone()).or_default() += 1;
            *by_user.entry(e.user.clone().unwrap_or_else(|| SYSTEM_USER.into())).or_default() += 1;
        }
        prop_assert_eq!(got.total, matches.len() as u64);
        prop_assert_eq!(&got.by_type, &by_type);
        prop_assert_eq!(&got.by_user, &by_user);
        // Malformed lines are counted whatever the filter, as a query counts
        // them; lines before the --since start or past the --until stop
        // (inside the part known to be in order) are not read.
        if since_h.is_none() && until_h.is_none() {
            prop_assert_eq!(got.malformed, malformed);
        }
    }

    #[test]
    fn first_screen_of_a_pinned_bounded_input_equals_a_plain_scan(
        seed in 0u64..1000,
        lines in 20usize..1500,
        cut in 0.0f64..1.0,
        limit in proptest::option::of(0usize..80),
        user in 0usize..3,
        ty in 0usize..3,
        since_h in proptest::option::of(0i64..800),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let now = Timestamp::now();
        let path = crate::util::sample_file(dir.path(), lines, seed);
        let bytes = std::fs::read(&path).unwrap();
        // Follow's position: a line start; what a writer appends after it
        // (here: another sample) must not be read.
        let mut end = (bytes.len() as f64 * cut) as usize;
        while end > 0 && bytes[end - 1] != b'\n' {
            end -= 1;
        }
        let more = crate::util::sample(200, seed + 1).bytes();
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(&more).unwrap();
        let file = Arc::new(std::fs::File::open(&path).unwrap());

        let mut req = request(&path, filters(now, user, ty, since_h, None));
        req.limit = limit;
        req.streams = vec![Stream {
            current: path.clone(),
            inputs: vec![Input::pinned(path.clone(), file, end as u64)],
            host: None,
        }];
        let mut got: Vec<Vec<u8>> = Vec::new();
        let mut stats = Stats::default();
        engine::run(&req, &mut stats, &mut |item| {
            if let Item::Match(m) = item {
                got.push(m.raw);
            }
            Flow::More
        })
        .unwrap();

        let (matches, _) = plain_scan(&bytes[..end], &req.filter);
        let want: Vec<&[u8]> = match limit {
            Some(n) => matches[matches.len().saturating_sub(n)..].to_vec(),
            None => matches,
        };
        let got: Vec<&[u8]> = got.iter().map(Vec::as_slice).collect();
        prop_assert_eq!(got, want);
    }
}
