//! `types`: the known event types; `types --used`: the types in the log.

use std::io::{self, Write};

use serde_json::json;

use super::query::{self, QueryOptions};
use crate::aggregate::{self, ranked};
use crate::event::registry::{self, Origin};
use crate::exit::{self, Failure};
use crate::output::escape::escape;
use crate::output::thousands;

fn origin_label(o: Origin) -> &'static str {
    match o {
        Origin::Declared => "declared",
        Origin::Undeclared => "undeclared",
        Origin::Legacy => "legacy",
    }
}

/// What `--used` says of a type found in the log.
fn status(name: &str) -> &'static str {
    match registry::lookup(name) {
        Some(t) if t.origin == Origin::Legacy => "legacy form",
        Some(_) => "",
        None => "NOT IN REGISTRY",
    }
}

pub fn run(o: QueryOptions, used: bool) -> Result<i32, Failure> {
    let text = if used {
        used_types(o)?
    } else if o.json {
        registry::TYPES
            .iter()
            .map(|t| {
                json!({"type": t.name, "origin": origin_label(t.origin), "keys": t.keys, "meaning": t.meaning})
                    .to_string()
                    + "\n"
            })
            .collect()
    } else {
        let mut s = String::from(
            "TYPE                                   KIND        MEANING (usual detail keys)\n",
        );
        for t in registry::TYPES {
            s += &format!(
                "{:<38} {:<11} {} ({})\n",
                t.name,
                origin_label(t.origin),
                t.meaning,
                t.keys.join(", ")
            );
        }
        s += "\nlegacy: past-tense forms found in old files; log the present form instead.\n";
        s += "undeclared: logged by scripts before ds01-events declared them.\n";
        s
    };
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        return query::output_error(e);
    }
    Ok(crate::engine::answer_code())
}

fn used_types(o: QueryOptions) -> Result<String, Failure> {
    let json_out = o.json;
    let Some(req) = query::counting_request(o)? else {
        crate::say!("ds01-events: no events recorded yet");
        return Ok(String::new());
    };
    let agg = aggregate::aggregate(&req, &[])
        .map_err(|e| Failure::new(exit::NO_INPUT, format!("error reading the events: {e}")))?;
    let rows = ranked(&agg.by_type);
    if json_out {
        return Ok(rows
            .iter()
            .map(|(t, n)| {
                let v = json!({"type": t, "count": n, "known": registry::lookup(t).is_some(),
                       "legacy": registry::lookup(t).is_some_and(|r| r.origin == Origin::Legacy)});
                crate::output::json::make_safe(&v.to_string()).into_owned() + "\n"
            })
            .collect());
    }
    let mut s = format!("{:>10}  {:<40} NOTE\n", "COUNT", "TYPE");
    for (t, n) in &rows {
        s += &format!("{:>10}  {:<40} {}\n", thousands(*n), escape(t), status(t));
    }
    let unknown = rows
        .iter()
        .filter(|(t, _)| registry::lookup(t).is_none())
        .count();
    s += &format!(
        "\n{} types in use, {} not in the registry ('ds01-events types' lists the known ones)\n",
        rows.len(),
        unknown
    );
    Ok(s)
}
