//! Output sinks: table, JSON, CSV, raw; and the one escape function.
//! Everything that reaches a terminal goes through [`escape`].

pub mod csv;
pub mod escape;
pub mod json;
pub mod light;
pub mod pager;
pub mod table;
pub mod width;

use std::io::{self, Write};

use jiff::tz::TimeZone;

use crate::config::{ColorWhen, OutputFormat};
use crate::event::Event;

/// A matching event with the line it came from.
#[derive(Clone, Debug)]
pub struct Match {
    pub event: Event,
    pub raw: Vec<u8>,
}

/// How output looks, decided once from flags and the environment.
#[derive(Clone, Debug)]
pub struct Style {
    pub format: OutputFormat,
    pub color: bool,
    pub zone: TimeZone,
    pub utc: bool,
    /// Whether stdout is a terminal (escape raw lines, fit the width).
    pub tty: bool,
    /// Events come from a collector's host directories: the table has a
    /// HOST column.
    pub hosts: bool,
}

impl Style {
    pub fn new(format: OutputFormat, color: ColorWhen, utc: bool) -> Style {
        use std::io::IsTerminal;
        let tty = io::stdout().is_terminal();
        let color = match color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        };
        Style {
            format,
            color,
            zone: local_zone(utc),
            utc,
            tty,
            hosts: false,
        }
    }
}

/// The zone times are shown and read in: UTC with `--utc`, else TZ or the
/// system's.
pub fn local_zone(utc: bool) -> TimeZone {
    if utc {
        TimeZone::UTC
    } else {
        TimeZone::try_system().unwrap_or(TimeZone::UTC)
    }
}

/// Where matches go.
pub trait Sink {
    fn write(&mut self, m: &Match) -> io::Result<()>;
    /// Bytes a [`renderer`] made on a worker thread for this sink's format.
    fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()>;
    fn finish(&mut self) -> io::Result<()>;
}

/// A function that renders one match exactly as this style's sink would, for
/// formats whose lines stand alone (JSON, raw); `None` for the others.
pub fn renderer(style: &Style) -> Option<crate::engine::Renderer> {
    match style.format {
        OutputFormat::Json => Some(std::sync::Arc::new(
            |e: &Event, raw: &[u8], out: &mut Vec<u8>| json::render(e, raw, out),
        )),
        OutputFormat::Raw => {
            let tty = style.tty;
            Some(std::sync::Arc::new(
                move |_e: &Event, raw: &[u8], out: &mut Vec<u8>| render_raw(raw, tty, out),
            ))
        }
        OutputFormat::Table | OutputFormat::Csv | OutputFormat::CsvBare => None,
    }
}

/// The widths (table) or columns (CSV) decided from the first matches, so
/// that every later row can be rendered on its own, on any thread.
#[derive(Clone, Debug)]
pub enum Prepared {
    Table(table::Layout),
    Csv(csv::CsvLayout),
}

/// How many first matches [`prepare`] wants to see.
pub const HEAD: usize = table::BATCH;

/// The layout of a table or CSV output from its first matches (at most
/// [`HEAD`]), exactly as its sink would decide it; `None` for JSON and raw.
pub fn prepare(style: &Style, head: &[Match]) -> Option<Prepared> {
    match style.format {
        OutputFormat::Table => Some(Prepared::Table(table::layout_of(style, head))),
        OutputFormat::Csv => Some(Prepared::Csv(csv::CsvLayout::of(head, false))),
        OutputFormat::CsvBare => Some(Prepared::Csv(csv::CsvLayout::of(head, true))),
        OutputFormat::Json | OutputFormat::Raw => None,
    }
}

/// A renderer for a prepared table or CSV: rows as the sink of
/// [`prepared_sink`] writes them.
pub fn prepared_renderer(style: &Style, p: &Prepared) -> crate::engine::Renderer {
    match p {
        Prepared::Table(layout) => {
            let (layout, style) = (layout.clone(), style.clone());
            std::sync::Arc::new(move |e: &Event, _raw: &[u8], out: &mut Vec<u8>| {
                layout.render_event(e, &style, out)
            })
        }
        Prepared::Csv(layout) => {
            let layout = layout.clone();
            std::sync::Arc::new(move |e: &Event, _raw: &[u8], out: &mut Vec<u8>| {
                layout.render_event(e, out)
            })
        }
    }
}

/// The light renderer of a prepared table or CSV (see [`light`]).
pub fn prepared_light(style: &Style, p: &Prepared) -> crate::engine::LightRenderer {
    match p {
        Prepared::Table(layout) => {
            let (layout, style) = (layout.clone(), style.clone());
            std::sync::Arc::new(move |line: &[u8], out: &mut Vec<u8>| {
                layout.render_line(line, &style, out)
            })
        }
        Prepared::Csv(layout) => {
            let layout = layout.clone();
            std::sync::Arc::new(move |line: &[u8], out: &mut Vec<u8>| layout.render_line(line, out))
        }
    }
}

/// The sink for a prepared table or CSV, writing to `out`.
pub fn prepared_sink<'a>(
    style: &Style,
    p: &Prepared,
    out: Box<dyn Write + 'a>,
) -> Box<dyn Sink + 'a> {
    match p {
        Prepared::Table(layout) => Box::new(table::TableSink::with_layout(
            style.clone(),
            layout.clone(),
            out,
        )),
        Prepared::Csv(layout) => Box::new(csv::CsvSink::with_layout(layout.clone(), out)),
    }
}

fn render_raw(raw: &[u8], tty: bool, out: &mut Vec<u8>) {
    if tty {
        out.extend_from_slice(escape::escape_bytes(raw).as_bytes());
    } else {
        out.extend_from_slice(raw);
    }
    out.push(b'\n');
}

/// The sink for a style, writing to `out`.
pub fn sink<'a>(style: &Style, out: Box<dyn Write + 'a>) -> Box<dyn Sink + 'a> {
    match style.format {
        OutputFormat::Table => Box::new(table::TableSink::new(style.clone(), out)),
        OutputFormat::Json => Box::new(json::JsonSink::new(out)),
        OutputFormat::Csv => Box::new(csv::CsvSink::new(out)),
        OutputFormat::CsvBare => Box::new(csv::CsvSink::bare(out)),
        OutputFormat::Raw => Box::new(RawSink {
            out,
            tty: style.tty,
        }),
    }
}

/// The lines as they are in the file (made safe only on a terminal).
pub struct RawSink<'a> {
    out: Box<dyn Write + 'a>,
    tty: bool,
}

impl Sink for RawSink<'_> {
    fn write(&mut self, m: &Match) -> io::Result<()> {
        let mut buf = Vec::with_capacity(m.raw.len() + 1);
        render_raw(&m.raw, self.tty, &mut buf);
        self.out.write_all(&buf)
    }
    fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }
    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A detail value as text: strings bare, other JSON compact.
pub fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An event's time for people: local (or UTC) wall clock to the second.
pub fn display_time(e: &Event, zone: &TimeZone, utc: bool) -> String {
    match e.time {
        Some(t) => {
            let z = t.to_zoned(zone.clone());
            if utc {
                z.strftime("%Y-%m-%d %H:%M:%SZ").to_string()
            } else {
                z.strftime("%Y-%m-%d %H:%M:%S").to_string()
            }
        }
        None => escape::escape(&e.time_text).into_owned(),
    }
}

/// Formats a count with thousands separators: 1234567 -> "1,234,567".
/// The width of the text charts' longest bar (summary, report).
pub const CHART_WIDTH: usize = 40;

/// A chart's bar for `value` out of `max` in `width` cells (`█`); a thin
/// `▏` for a value too small for a cell but not zero; cyan with `color`.
pub fn bar(value: f64, max: f64, width: usize, color: bool) -> String {
    use owo_colors::OwoColorize;
    let len = ((value / max) * width as f64).round() as usize;
    let bar = if value > 0.0 && len == 0 {
        "▏".to_string()
    } else {
        "█".repeat(len)
    };
    if color {
        bar.cyan().to_string()
    } else {
        bar
    }
}

pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
