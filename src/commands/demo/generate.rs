//! The generator: a realistic log of N lines over a time span, with the
//! old schemas, late lines and malformed lines mixed in.

use jiff::Timestamp;
use serde_json::json;

use super::events::{action, ev, flat_line, old_line, v1_line, Ev, S};
use super::world::{Rng, World, ANSI};
use super::{Line, Sample, Spec};

/// Uniform time in [start, end) thinned to office hours (UTC+1).
fn office_time(r: &mut Rng, start: i64, end: i64) -> i64 {
    loop {
        let t = r.range(start, end - 1);
        let hour = (t.div_euclid(S) / 3600 + 1).rem_euclid(24);
        if (8..20).contains(&hour) || r.chance(0.35) {
            return t;
        }
    }
}

/// A whole event of its own, dated `near`.
fn whole(w: &World, r: &mut Rng, near: Timestamp) -> Vec<u8> {
    let (_, e) = action(w, r).swap_remove(0);
    v1_line(near, &e)
}

fn ts(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).expect("a time within jiff's range")
}

/// A realistic log of `spec.lines` lines ending a few seconds before `spec.now`.
pub fn generate(spec: &Spec) -> Sample {
    let r = &mut Rng(spec.seed ^ 0x5EED_D501);
    let w = World::new(r, spec.users);
    let now = spec.now.as_microsecond();
    let start = now - (spec.span_days * 86400.0 * S as f64) as i64;
    let n_bad = (spec.lines as f64 * spec.malformed_fraction).round() as usize;
    let n_old = (spec.lines as f64 * spec.old_fraction).round() as usize;
    let n_flat = (spec.lines as f64 * spec.flat_fraction).round() as usize;
    let n_new = spec.lines.saturating_sub(n_bad + n_old + n_flat);

    let mut new: Vec<(i64, Ev)> = Vec::with_capacity(n_new + 8);
    while new.len() < n_new {
        let t0 = office_time(r, start, now);
        // Follow-ups that would lie in the future never happened.
        let happened: Vec<(i64, Ev)> = action(&w, r)
            .into_iter()
            .filter(|(off, _)| t0 + off < now - S)
            .map(|(off, e)| (t0 + off, e))
            .collect();
        // An action whole or not at all (half of one would leave, say, a
        // GPU allocated for ever); one-event actions fill the last places.
        if new.len() + happened.len() <= n_new {
            new.extend(happened);
        }
    }
    new.sort_by_key(|(t, _)| *t);
    // Sparse logs: move the newest event next to now.
    if let Some(&(last, _)) = new.last() {
        if last < now - 5 * S {
            let shift = now - r.range(S, 5 * S) - last;
            for (t, _) in &mut new {
                *t += shift;
            }
        }
    }
    // (write order key, line)
    let mut keyed: Vec<(i64, Line)> = Vec::with_capacity(spec.lines);
    for (t, e) in &new {
        keyed.push((
            *t,
            Line {
                bytes: v1_line(ts(*t), e),
                at: ts(*t),
                kind: "v1",
            },
        ));
    }
    for _ in 0..n_old {
        let t = office_time(r, start, (now - 60 * S).max(start + 1));
        let t = t - t.rem_euclid(S);
        keyed.push((
            t,
            Line {
                bytes: old_line(&w, r, ts(t)),
                at: ts(t),
                kind: "old",
            },
        ));
    }
    for _ in 0..n_flat {
        let t = office_time(r, start, (now - 60 * S).max(start + 1));
        let t = t - t.rem_euclid(S);
        keyed.push((
            t,
            Line {
                bytes: flat_line(r, ts(t)),
                at: ts(t),
                kind: "flat",
            },
        ));
    }
    // Concurrent writers: a few lines are appended up to a second late.
    for (k, _) in &mut keyed {
        if r.chance(0.03) {
            *k += r.range(1, S);
        }
    }
    keyed.sort_by_key(|(k, _)| *k);
    let mut lines: Vec<Line> = keyed.into_iter().map(|(_, l)| l).collect();

    // Malformed lines at random places.
    const KINDS: [&str; 6] = [
        "truncated",
        "torn",
        "empty",
        "binary",
        "ansi_escaped",
        "ansi_raw",
    ];
    for i in 0..n_bad {
        let pos = r.below(lines.len() as u64 + 1) as usize;
        let near = lines.get(pos).or(lines.last()).map_or(spec.now, |l| l.at);
        let kind = KINDS[(i + r.below(6) as usize) % 6];
        let bytes = match kind {
            "truncated" => {
                let b = whole(&w, r, near);
                let cut = r.range(1, b.len() as i64 - 2) as usize;
                b[..cut].to_vec()
            }
            "torn" => {
                let a = whole(&w, r, near);
                let cut = r.range(10, a.len() as i64 - 5) as usize;
                let mut b = a[..cut].to_vec();
                b.extend(whole(&w, r, near));
                b
            }
            "empty" => Vec::new(),
            "binary" => (0..r.range(8, 120))
                .map(|_| {
                    if r.chance(0.3) {
                        *r.pick(&[0u8, 0xFF, 0xFE, 0xC3, 0x80, 0x1B])
                    } else {
                        r.range(0x20, 0x7E) as u8
                    }
                })
                .collect(),
            _ => {
                let u = w.user(r);
                let e = ev(
                    "container.create",
                    Some(&u.name),
                    Some("docker-wrapper"),
                    json!({"container": format!("proj{}._.{}", r.pick(ANSI), u.uid),
                           "image": "ds01/pytorch:latest", "container_type": "atomic", "gpu": 0}),
                );
                let b = v1_line(near, &e);
                if kind == "ansi_raw" {
                    String::from_utf8(b)
                        .unwrap()
                        .replace("\\u001b", "\x1b")
                        .replace("\\u0007", "\x07")
                        .into_bytes()
                } else {
                    b
                }
            }
        };
        lines.insert(
            pos,
            Line {
                bytes,
                at: near,
                kind,
            },
        );
    }
    Sample { lines }
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;
    use serde_json::Value;

    use super::*;

    #[test]
    fn deterministic_and_counted() {
        let now: Timestamp = "2026-01-30T12:00:00Z".parse().unwrap();
        let mut spec = Spec::new(5000, 7, now);
        spec.malformed_fraction = 0.01;
        let a = generate(&spec);
        let b = generate(&spec);
        assert_eq!(a.bytes(), b.bytes());
        assert_eq!(a.lines.len(), 5000);
        assert_eq!(a.malformed_lines().len() + a.events(), 5000);
        let newest = a.lines.iter().map(|l| l.at).max().unwrap();
        assert!(newest <= now && newest > now - SignedDuration::from_secs(10));
        for l in a.lines.iter().filter(|l| l.is_event()) {
            let v: Value = serde_json::from_slice(&l.bytes)
                .or_else(|_| {
                    serde_json::from_str(&String::from_utf8_lossy(&l.bytes).replace("NaN", "null"))
                })
                .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&l.bytes)));
            assert!(v.is_object());
        }
        for l in a.lines.iter().filter(|l| !l.is_event()) {
            assert!(serde_json::from_slice::<Value>(&l.bytes).is_err(), "{l:?}");
        }
    }
}
