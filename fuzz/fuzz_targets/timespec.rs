//! Any text as a --since/--until phrase: `timespec::parse` must not panic,
//! in zones with DST gaps and folds, at instants near them. Run with the
//! dictionary: `cargo +nightly fuzz run timespec -- -dict=fuzz/timespec.dict`.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NOWS: &[&str] = &[
    "2026-01-30T15:00:00Z[UTC]",
    "2026-03-29T01:30:00Z[Europe/Berlin]",
    "2026-10-25T00:30:00Z[Europe/Berlin]",
    "2026-03-08T07:30:00Z[America/New_York]",
    "2024-02-29T23:59:59Z[Pacific/Kiritimati]",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(phrase) = std::str::from_utf8(rest) else {
        return;
    };
    let now: jiff::Zoned = NOWS[pick as usize % NOWS.len()].parse().unwrap();
    let _ = ds01_events::timespec::parse(phrase, &now);
});
