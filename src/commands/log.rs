//! `ds01-events log TYPE [key=value ...]`: build one event and append it.

use std::path::Path;

use serde_json::Value;

use crate::cli::LogArgs;
use crate::event::envelope::{self, Envelope, Word};
use crate::exit::{self, Failure};
use crate::output::escape::escape;
use crate::writer;

/// What the fields after TYPE said, legacy flag forms included.
#[derive(Debug, Default)]
struct Fields {
    user: Option<String>,
    source: Option<String>,
    file: Option<String>,
    strict: bool,
    dry_run: bool,
    details: serde_json::Map<String, Value>,
    warnings: Vec<String>,
}

/// Reads `key=value`, `key:=JSON`, and the flag forms old scripts use after
/// the type (`--user X`, `--message M`, `--key=value`).
fn read_fields(words: &[String]) -> Result<Fields, Failure> {
    let mut f = Fields::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if let Some(flag) = w.strip_prefix("--").filter(|s| !s.is_empty()) {
            match flag {
                "strict" => f.strict = true,
                "dry-run" => f.dry_run = true,
                _ => {
                    let (name, value) = match flag.split_once('=') {
                        Some((n, v)) => (n.to_string(), v.to_string()),
                        None if i < words.len() => {
                            i += 1;
                            (flag.to_string(), words[i - 1].clone())
                        }
                        None => {
                            f.warnings.push(format!("'--{flag}' has no value; ignored"));
                            continue;
                        }
                    };
                    match name.as_str() {
                        "user" => f.user = Some(value),
                        "source" => f.source = Some(value),
                        "file" => f.file = Some(value),
                        _ => {
                            f.details
                                .insert(name.replace('-', "_"), envelope::type_value(&value));
                        }
                    }
                }
            }
            continue;
        }
        match envelope::parse_word(w) {
            None => f.warnings.push(format!(
                "'{w}' is not key=value; ignored (write it as key={w} to keep it)"
            )),
            Some(Err(e)) => return Err(Failure::usage(e)),
            Some(Ok(Word::User(u))) => f.user = Some(u),
            Some(Ok(Word::Source(s))) => f.source = Some(s),
            Some(Ok(Word::Detail(k, v))) => {
                f.details.insert(k, v);
            }
        }
    }
    Ok(f)
}

fn warn(msg: &str) {
    crate::say!("ds01-events: warning: {}", escape(msg));
}

/// Runs `log`. Returns the exit code; only usage errors are `Err`.
pub fn run(args: &LogArgs, file_flag: Option<&Path>) -> Result<i32, Failure> {
    envelope::check_event_type(&args.event_type).map_err(|why| {
        Failure::usage(format!(
            "bad event type '{}': {why}; use dot-separated words such as container.create",
            escape(&args.event_type)
        ))
    })?;
    let mut fields = read_fields(&args.fields)?;
    if args.invalid_utf8 {
        fields
            .details
            .insert("invalid_utf8".into(), Value::Bool(true));
        fields.warnings.push(
            "an argument was not valid UTF-8; recorded with U+FFFD for each bad byte and \"invalid_utf8\":true"
                .into(),
        );
    }
    for w in &fields.warnings {
        warn(w);
    }
    if crate::event::registry::lookup(&args.event_type).is_none() {
        warn(&format!(
            "event type '{}' is not in the registry ('ds01-events types' lists them); logged anyway",
            args.event_type
        ));
    }
    let strict = args.strict || fields.strict;
    let dry_run = args.dry_run || fields.dry_run;
    let source = fields
        .source
        .or_else(|| args.source.clone())
        .or_else(crate::sysinfo::caller_name);
    let event = Envelope {
        timestamp: envelope::format_timestamp(jiff::Timestamp::now()),
        event_type: args.event_type.clone(),
        user: fields.user.or_else(|| args.user.clone()),
        source,
        uid: Some(nix::unistd::getuid().as_raw()),
        details: fields.details,
    };
    let line = event.to_line();
    if dry_run {
        print!("{line}");
        return Ok(exit::OK);
    }
    // A file size limit must give an error we report, not kill us.
    // SAFETY: setting a signal to SIG_IGN has no handler to be unsafe in.
    unsafe {
        let _ = nix::sys::signal::signal(
            nix::sys::signal::Signal::SIGXFSZ,
            nix::sys::signal::SigHandler::SigIgn,
        );
    }
    let file_override = fields.file.as_deref().map(Path::new);
    let path = writer::events_path(file_override.or(file_flag));
    match writer::append_with_deadline(&path, &line) {
        Ok(()) => Ok(exit::OK),
        Err(e) => {
            let fallback = if writer::send_to_syslog(&line) {
                "event sent to syslog (journalctl -t ds01-events)".to_string()
            } else {
                let counted = match writer::count_lost() {
                    Ok(()) => String::new(),
                    Err(why) => format!(" ({why})"),
                };
                format!(
                    "syslog unreachable too, event LOST{counted}: {}",
                    line.trim_end()
                )
            };
            crate::say!(
                "ds01-events: {}; {}",
                escape(&e.to_string()),
                escape(&fallback)
            );
            Ok(if strict { exit::TEMP_FAIL } else { exit::OK })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn legacy_flag_forms() {
        let f = read_fields(&w(&[
            "--user",
            "bob",
            "--message",
            "hi there",
            "gpu=1",
            "--dry-run",
        ]))
        .unwrap();
        assert_eq!(f.user.as_deref(), Some("bob"));
        assert!(f.dry_run);
        assert_eq!(f.details["message"], Value::String("hi there".into()));
        assert_eq!(f.details["gpu"], Value::from(1));
        let f = read_fields(&w(&["noequals", "--exit-code=3"])).unwrap();
        assert_eq!(f.warnings.len(), 1);
        assert_eq!(f.details["exit_code"], Value::from(3));
    }
}
