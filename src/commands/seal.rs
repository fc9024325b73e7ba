//! `seal` and `verify`: thin glue between the CLI and [`crate::seal`].

use std::io::IsTerminal;
use std::path::Path;

use crate::cli::{SealArgs, VerifyArgs};
use crate::exit::{self, Failure};
use crate::output::escape::escape;
use crate::seal::key::SealKey;
use crate::seal::verify::{self, Kind};
use crate::seal::{seal_dir, sealer, SealDir};
use crate::writer;

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

pub fn run_seal(a: &SealArgs, file: Option<&Path>) -> Result<i32, Failure> {
    let events = writer::events_path(file);
    let dir = SealDir::new(seal_dir(a.seal_dir.as_deref()));
    let fail = |m: String| Failure::new(exit::CANT_CREATE, m);
    if a.init {
        let interval = a
            .interval
            .as_deref()
            .unwrap_or("15min")
            .parse::<jiff::SignedDuration>()
            .ok()
            .filter(|d| d.as_secs() >= 1)
            .ok_or_else(|| {
                Failure::usage(format!(
                    "--interval '{}' is not a duration; write it as 15min, 1h or 900s",
                    escape(a.interval.as_deref().unwrap_or_default())
                ))
            })?;
        let k = sealer::init(&dir, interval.as_secs() as u64, now(), a.force).map_err(fail)?;
        let vk = k.verification_key();
        crate::say!(
            "ds01-events: sealing set up in {} (a new key every {}); the verification key follows on stdout: keep it off this machine (paper, a password manager), and check with: ds01-events verify --key KEY",
            escape(&dir.dir.display().to_string()),
            crate::output::escape::escape(&format!("{interval:#}"))
        );
        println!("{vk}");
        if std::io::stdout().is_terminal() {
            if let Ok(code) = qrcode::QrCode::new(vk.as_bytes()) {
                println!(
                    "{}",
                    code.render::<qrcode::render::unicode::Dense1x2>()
                        .quiet_zone(true)
                        .build()
                );
            }
        }
        let out = sealer::seal(&dir, &events, now()).map_err(fail)?;
        report_seal(&out, true);
        return Ok(exit::OK);
    }
    let out = sealer::seal(&dir, &events, now()).map_err(fail)?;
    report_seal(&out, std::io::stdout().is_terminal());
    Ok(exit::OK)
}

fn report_seal(out: &sealer::Outcome, verbose: bool) {
    if out.repaired_torn {
        crate::say!(
            "ds01-events: seals.jsonl ended in a torn checkpoint (an interrupted seal); cut it off and sealed again"
        );
    }
    if verbose {
        let lines: u64 = out.checkpoints.iter().map(|c| c.lines).sum();
        let last = out.checkpoints.last().map_or(0, |c| c.seq);
        crate::say!(
            "ds01-events: sealed {lines} new lines in {} checkpoint(s), up to checkpoint {last} (epoch {})",
            out.checkpoints.len(),
            out.epoch
        );
    }
}

pub fn run_verify(a: &VerifyArgs, file: Option<&Path>, json: bool) -> Result<i32, Failure> {
    let events = writer::events_path(file);
    let dir = SealDir::new(seal_dir(a.seal_dir.as_deref()));
    let key_text = match (&a.key, &a.key_file) {
        (Some(k), _) => Some(k.clone()),
        (None, Some(p)) => Some(std::fs::read_to_string(p).map_err(|e| {
            Failure::new(
                exit::NO_INPUT,
                format!("cannot read the key file {}: {e}", p.display()),
            )
        })?),
        (None, None) => None,
    };
    let key = key_text
        .map(|t| SealKey::from_verification_key(&t).map_err(Failure::usage))
        .transpose()?;
    let r = verify::verify(&dir, &events, key.as_ref());
    if json {
        let text = crate::event::envelope::to_json_escaping(
            &serde_json::to_value(&r).unwrap_or_default(),
            crate::output::escape::is_unsafe,
        );
        println!("{text}");
    } else {
        println!(
            "checked {} checkpoints and {} files: {} sealed lines{}",
            r.checkpoints,
            r.files,
            r.sealed_lines,
            if r.key_checked {
                ", every MAC with the key of its epoch"
            } else {
                " (hash chain only; --key also checks the MACs and epochs)"
            }
        );
        for f in &r.findings {
            let label = match f.kind {
                Kind::Tampered => "TAMPERED",
                Kind::Unreadable => "UNREADABLE",
                Kind::Note => "note",
            };
            println!("{label:<10} {}", escape(&f.message));
        }
        if r.unsealed > 0 {
            println!(
                "note       {} events not yet sealed (appended after the last checkpoint)",
                r.unsealed
            );
        }
        println!(
            "{}",
            if r.has(Kind::Tampered) {
                "tampering found"
            } else if r.has(Kind::Unreadable) {
                "incomplete: some files could not be read"
            } else {
                "intact: the sealed history matches its checkpoints"
            }
        );
    }
    Ok(if r.has(Kind::Tampered) {
        exit::DATA_ERR
    } else if r.has(Kind::Unreadable) {
        exit::NO_INPUT
    } else {
        exit::OK
    })
}
