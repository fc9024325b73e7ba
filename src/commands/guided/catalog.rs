//! The catalog: which users, types, containers and sources the log holds,
//! with counts, for the pickers.

use std::collections::BTreeMap;
use std::io;

use crate::aggregate::{self, Aggregate, NONE_LABEL, SYSTEM_USER};
use crate::cli::GlobalArgs;
use crate::commands::query::{self, QueryOptions};
use crate::config::{FilterSpec, ViewSpec};
use crate::engine::{self, Flow, Request};

/// Files up to this size are counted whole for the pickers; larger ones
/// only by their newest [`NEWEST_LINES`] events.
const WHOLE_FILE_MAX: u64 = 64 << 20;
/// Events read from the end of a large file for the pickers (a fraction of
/// a second).
const NEWEST_LINES: usize = 50_000;

// ------------------------------------------------------------- what the log holds

/// Users, types, containers and sources present in the log, with counts.
#[derive(Debug, Default)]
pub(super) struct Catalog {
    pub(super) users: BTreeMap<String, u64>,
    pub(super) types: BTreeMap<String, u64>,
    pub(super) containers: BTreeMap<String, u64>,
    pub(super) sources: BTreeMap<String, u64>,
    /// Only the newest lines of a large file were read.
    pub(super) partial: bool,
}

impl Catalog {
    pub(super) fn absorb(&mut self, a: Aggregate) {
        add_counts(&mut self.users, a.by_user, SYSTEM_USER);
        add_counts(&mut self.types, a.by_type, "");
        add_counts(&mut self.sources, a.by_source, NONE_LABEL);
        if let Some(c) = a.by_field.into_iter().next() {
            add_counts(&mut self.containers, c, NONE_LABEL);
        }
    }

    /// Where the pickers' names come from, for the prompts.
    pub(super) fn scope(&self) -> &'static str {
        if self.partial {
            "in the newest 50,000 events"
        } else {
            "in the log"
        }
    }
}

fn add_counts(
    into: &mut BTreeMap<String, u64>,
    from: std::collections::HashMap<String, u64>,
    skip: &str,
) {
    for (k, n) in from {
        if k != skip && !k.is_empty() {
            *into.entry(k).or_default() += n;
        }
    }
}

/// Counts the current files (not archives) through the engine: whole when
/// small, else their newest events, read backwards.
pub(super) fn catalog(g: &GlobalArgs) -> Catalog {
    let mut cat = Catalog::default();
    let opts = QueryOptions {
        files: g.file.clone(),
        hosts_dir: engine::hosts_dir(g.hosts_dir.as_deref(), &g.file),
        filters: FilterSpec::default(),
        view: ViewSpec {
            all: true,
            ..ViewSpec::default()
        },
        json: false,
        color: g.color,
        utc: g.utc,
        grep_insensitive: false,
        default_limit: query::DEFAULT_LIMIT,
    };
    let Ok(req) = query::build_request(&opts) else {
        return cat;
    };
    for stream in &req.streams {
        let Ok(meta) = std::fs::metadata(&stream.current) else {
            continue;
        };
        if meta.len() <= WHOLE_FILE_MAX {
            let mut one = req.clone();
            one.streams = vec![stream.current_only()];
            if let Ok(a) = aggregate::aggregate(&one, &["container".to_string()]) {
                cat.absorb(a);
            }
        } else {
            cat.partial = true;
            let _ = newest_events(&req, stream, &mut cat);
        }
    }
    cat
}

/// The newest [`NEWEST_LINES`] events of one stream's current file, read
/// backwards by the engine.
fn newest_events(req: &Request, stream: &engine::Stream, cat: &mut Catalog) -> io::Result<()> {
    let mut one = req.clone();
    one.limit = Some(NEWEST_LINES);
    one.streams = vec![stream.current_only()];
    let mut a = Aggregate::with_fields(0);
    let mut containers = std::collections::HashMap::new();
    engine::run(&one, &mut engine::Stats::default(), &mut |item| {
        if let engine::Item::Match(m) = item {
            a.add(&m.event, &[]);
            if let Some(c) = m.event.container() {
                *containers.entry(c.to_string()).or_insert(0u64) += 1;
            }
        }
        Flow::More
    })?;
    a.by_field = vec![containers];
    cat.absorb(a);
    Ok(())
}
