//! The table: TIME | TYPE | USER | CONTAINER | DETAILS, coloured by category,
//! fitted to the terminal. Rows are rendered in batches so memory stays
//! bounded however many events match.

use std::io::{self, Write};

use comfy_table::{presets, ColumnConstraint, ContentArrangement, Table, Width};
use owo_colors::OwoColorize;

use super::escape::escape;
use super::{display_time, value_text, Match, Sink, Style};
use crate::record::Event;

/// Rows per rendered batch.
const BATCH: usize = 2000;
const HEADER: [&str; 5] = ["TIME", "TYPE", "USER", "CONTAINER", "DETAILS"];

pub struct TableSink<'a> {
    style: Style,
    out: Box<dyn Write + 'a>,
    rows: Vec<Vec<String>>,
    /// Column widths of the first batch, kept for the next ones.
    widths: Option<Vec<u16>>,
}

impl<'a> TableSink<'a> {
    pub fn new(style: Style, out: Box<dyn Write + 'a>) -> Self {
        TableSink {
            style,
            out,
            rows: Vec::new(),
            widths: None,
        }
    }

    fn flush_batch(&mut self) -> io::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut t = Table::new();
        t.load_preset(presets::NOTHING);
        if self.style.tty {
            t.set_content_arrangement(ContentArrangement::Dynamic);
        }
        if self.widths.is_none() {
            let mut header = HEADER.to_vec();
            if self.style.hosts {
                header.insert(1, "HOST");
            }
            t.set_header(header.into_iter().map(|h| {
                if self.style.color {
                    h.bold().to_string()
                } else {
                    h.to_string()
                }
            }));
        }
        for r in self.rows.drain(..) {
            t.add_row(r);
        }
        if let Some(w) = &self.widths {
            let cons = w
                .iter()
                .map(|&w| ColumnConstraint::LowerBoundary(Width::Fixed(w)));
            t.set_constraints(cons);
        } else {
            self.widths = Some(t.column_max_content_widths());
        }
        for line in t.lines() {
            writeln!(self.out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// The category colour of a type; problems are red whatever the category.
pub fn paint(event_type: &str, text: &str) -> String {
    if crate::registry::is_problem(event_type) {
        return text.red().bold().to_string();
    }
    match event_type.split('.').next().unwrap_or("") {
        "container" | "detection" | "docker" => text.cyan().to_string(),
        "gpu" | "queue" => text.green().to_string(),
        "maintenance" | "monitor" | "monitoring" => text.yellow().to_string(),
        "auth" | "access" | "admin" => text.magenta().to_string(),
        _ => text.to_string(),
    }
}

/// TIME, TYPE, USER, CONTAINER, DETAILS of an event, every field escaped,
/// no colour.
pub fn cells(e: &Event, style: &Style) -> [String; 5] {
    let container = e.container();
    let container_key = ["container", "name", "container_name", "container_id"]
        .into_iter()
        .find(|k| e.details.get(*k).and_then(|v| v.as_str()) == container);
    let details: Vec<String> = e
        .details
        .iter()
        .filter(|(k, _)| Some(k.as_str()) != container_key)
        .map(|(k, v)| format!("{}={}", escape(k), escape(&value_text(v))))
        .collect();
    [
        display_time(e, &style.zone, style.utc),
        escape(&e.event_type).into_owned(),
        escape(e.user.as_deref().unwrap_or("-")).into_owned(),
        escape(container.unwrap_or("-")).into_owned(),
        details.join(" "),
    ]
}

fn row(e: &Event, style: &Style) -> Vec<String> {
    let mut r = cells(e, style);
    if style.color {
        r[1] = paint(&e.event_type, &r[1]);
    }
    let mut r = r.to_vec();
    if style.hosts {
        r.insert(1, escape(e.host.as_deref().unwrap_or("-")).into_owned());
    }
    r
}

impl Sink for TableSink<'_> {
    fn write(&mut self, m: &Match) -> io::Result<()> {
        self.rows.push(row(&m.event, &self.style));
        if self.rows.len() >= BATCH {
            self.flush_batch()?;
        }
        Ok(())
    }
    /// No renderer exists for this format (rows depend on each other).
    fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }
    fn finish(&mut self) -> io::Result<()> {
        self.flush_batch()?;
        self.out.flush()
    }
}
