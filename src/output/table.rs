//! The table: TIME | TYPE | USER | CONTAINER | DETAILS, coloured by category.
//!
//! One row formatter for the query and `follow`: a [`Layout`] (the column
//! widths) renders the header and every row, so rows line up under the
//! header whoever prints them. A row depends only on the layout, so rows are
//! rendered on the scan's workers ([`Layout::render_event`]) exactly as the
//! sink would render them one by one.
//!
//! - Piped or redirected: whole values, one line per event; a value wider
//!   than its column pushes the rest of its row along.
//! - On a terminal: fitted to the width (`COLUMNS`, else the tty size).
//!   TIME, TYPE, USER and CONTAINER are sized from what is shown (the first
//!   [`BATCH`] rows), DETAILS takes the rest. A value that does not fit is
//!   shortened with `…`, never split; DETAILS breaks only between
//!   `key=value` pairs. Widths are display widths (wide characters count
//!   two, combining marks none).
//!
//! With `--hosts-dir` a HOST column follows TIME ([`HOST`]): the fixed
//! columns are a list, so widths, fitting and rendering follow.

use std::io::{self, Write};

use owo_colors::OwoColorize;
use unicode_width::UnicodeWidthStr;

use super::escape::escape;
use super::width::{shorten, str_width, terminal_width, text_width};
use super::{display_time, value_text, Match, Sink, Style};
use crate::event::Event;

/// Rows the widths are taken from.
pub const BATCH: usize = 2000;
/// The columns before DETAILS, in order.
pub const FIXED: [&str; 4] = ["TIME", "TYPE", "USER", "CONTAINER"];
/// The column a collector's tables add, after TIME.
pub const HOST: &str = "HOST";
/// Index of the column painted by category.
const TYPE_COL: usize = 1;
/// Spaces between columns.
const GAP: usize = 2;
/// DETAILS keeps at least this many columns (and a third of the width) on
/// a terminal.
const DETAILS_MIN: usize = 24;
/// A fixed column is not shortened below this (or its natural width).
const COLUMN_MIN: usize = 6;

/// The zone's name for the TIME header (`CET`, `UTC`).
pub fn zone_name(style: &Style) -> String {
    if style.utc {
        return "UTC".to_string();
    }
    let now = jiff::Timestamp::now().to_zoned(style.zone.clone());
    let name = now.strftime("%Z").to_string();
    if name.is_empty() {
        now.strftime("%:z").to_string()
    } else {
        escape(&name).into_owned()
    }
}

/// The header cells: fixed columns (TIME names the zone, HOST with
/// `--hosts-dir`), then DETAILS.
pub fn header_cells(style: &Style) -> Vec<String> {
    let mut h = vec![
        format!("TIME ({})", zone_name(style)),
        FIXED[1].to_string(),
        FIXED[2].to_string(),
        FIXED[3].to_string(),
    ];
    if style.hosts {
        h.insert(1, HOST.to_string());
    }
    h
}

/// The fixed columns' names, for their minimum widths.
fn column_names(hosts: bool) -> Vec<&'static str> {
    let mut names = FIXED.to_vec();
    if hosts {
        names.insert(1, HOST);
    }
    names
}

/// One event's cells, escaped, uncoloured: the fixed columns and the
/// `key=value` pairs of DETAILS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub fixed: Vec<String>,
    pub details: Vec<String>,
}

/// The category colour of a type; problems are red whatever the category.
pub fn paint(event_type: &str, text: &str) -> String {
    if crate::event::registry::is_problem(event_type) {
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

/// TIME, TYPE, USER, CONTAINER and the DETAILS pairs of an event, every
/// field escaped, no colour.
pub fn cells(e: &Event, style: &Style) -> Row {
    let container = e.container();
    let container_key = container_key(e, container);
    let details: Vec<String> = e
        .details
        .iter()
        .filter(|(k, _)| Some(k.as_str()) != container_key)
        .map(|(k, v)| {
            let mut pair = escape(k).into_owned();
            pair.push('=');
            match v {
                serde_json::Value::String(s) => pair.push_str(&escape(s)),
                other => pair.push_str(&escape(&value_text(other))),
            }
            pair
        })
        .collect();
    let mut fixed = vec![
        display_time(e, &style.zone, style.utc),
        escape(&e.event_type).into_owned(),
        escape(e.user.as_deref().unwrap_or("-")).into_owned(),
        escape(container.unwrap_or("-")).into_owned(),
    ];
    if style.hosts {
        fixed.insert(1, escape(e.host.as_deref().unwrap_or("-")).into_owned());
    }
    Row { fixed, details }
}

/// The detail key the CONTAINER column shows (left out of DETAILS).
fn container_key(e: &Event, container: Option<&str>) -> Option<&'static str> {
    container?;
    crate::event::CONTAINER_KEYS
        .into_iter()
        .find(|k| e.details.get(*k).and_then(|v| v.as_str()) == container)
}

/// [`display_time`], written without a formatter for the usual years.
fn write_time(e: &Event, style: &Style, out: &mut Vec<u8>) {
    match e.time {
        Some(t) => write_timestamp(t, style, out),
        None => out.extend_from_slice(display_time(e, &style.zone, style.utc).as_bytes()),
    }
}

/// A time as [`display_time`] shows it.
fn write_timestamp(t: jiff::Timestamp, style: &Style, out: &mut Vec<u8>) {
    {
        let d = style.zone.to_datetime(t);
        let year = d.year();
        if (1000..=9999).contains(&year) {
            let two = |out: &mut Vec<u8>, n: i8| {
                out.push(b'0' + (n / 10) as u8);
                out.push(b'0' + (n % 10) as u8);
            };
            let y = year as u16;
            out.extend_from_slice(&[
                b'0' + (y / 1000) as u8,
                b'0' + (y / 100 % 10) as u8,
                b'0' + (y / 10 % 10) as u8,
                b'0' + (y % 10) as u8,
                b'-',
            ]);
            two(out, d.month());
            out.push(b'-');
            two(out, d.day());
            out.push(b' ');
            two(out, d.hour());
            out.push(b':');
            two(out, d.minute());
            out.push(b':');
            two(out, d.second());
            if style.utc {
                out.push(b'Z');
            }
            return;
        }
    }
    let z = t.to_zoned(style.zone.clone());
    let text = if style.utc {
        z.strftime("%Y-%m-%d %H:%M:%SZ").to_string()
    } else {
        z.strftime("%Y-%m-%d %H:%M:%S").to_string()
    };
    out.extend_from_slice(text.as_bytes());
}

/// Column widths, decided once, used for the header and every row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub widths: Vec<usize>,
    /// On a terminal: the width DETAILS wraps at. `None`: whole values.
    pub details: Option<usize>,
    pub color: bool,
    header: Vec<String>,
    /// The column painted by category (TYPE: after TIME, and HOST if any).
    type_col: usize,
}

impl Layout {
    /// The widths of `rows` (and the header); fitted to `width` when given.
    pub fn new(style: &Style, rows: &[Row], width: Option<usize>) -> Layout {
        let header = header_cells(style);
        let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
        for r in rows {
            for (w, c) in widths.iter_mut().zip(&r.fixed) {
                *w = (*w).max(c.width());
            }
        }
        Layout::with_widths(style, header, widths, width)
    }

    /// Fixed widths (follow, which cannot see its rows ahead), at least the
    /// header's; fitted to `width` when given.
    pub fn fixed(style: &Style, mut widths: Vec<usize>, width: Option<usize>) -> Layout {
        let header = header_cells(style);
        widths.resize(header.len(), 12);
        for (w, h) in widths.iter_mut().zip(&header) {
            *w = (*w).max(h.width());
        }
        Layout::with_widths(style, header, widths, width)
    }

    /// The layout for `style`: fitted to the terminal when it is one.
    pub fn for_style(style: &Style, rows: &[Row]) -> Layout {
        Layout::new(style, rows, style.tty.then(terminal_width))
    }

    fn with_widths(
        style: &Style,
        header: Vec<String>,
        mut widths: Vec<usize>,
        width: Option<usize>,
    ) -> Layout {
        let names = column_names(style.hosts);
        let details = width.map(|total| {
            let gaps = GAP * widths.len();
            let details_min = DETAILS_MIN.max(total / 3);
            let budget = total.saturating_sub(gaps + details_min);
            let mins: Vec<usize> = widths
                .iter()
                .enumerate()
                .map(|(i, &w)| {
                    if i == 0 {
                        w
                    } else {
                        w.min(COLUMN_MIN.max(names.get(i).map_or(0, |n| n.len())))
                    }
                })
                .collect();
            while widths.iter().sum::<usize>() > budget {
                // Shorten the widest column that may still give.
                let Some(i) = (1..widths.len())
                    .filter(|&i| widths[i] > mins[i])
                    .max_by_key(|&i| (widths[i], std::cmp::Reverse(i)))
                else {
                    break;
                };
                widths[i] -= 1;
            }
            total
                .saturating_sub(widths.iter().sum::<usize>() + gaps)
                .max(DETAILS_MIN.min(total))
                .max(1)
        });
        Layout {
            widths,
            details,
            color: style.color,
            header,
            type_col: TYPE_COL + usize::from(style.hosts),
        }
    }

    /// The header line(s).
    pub fn render_header(&self, out: &mut Vec<u8>) {
        let row = Row {
            fixed: self.header.clone(),
            details: vec!["DETAILS".to_string()],
        };
        if self.color {
            let mut plain = Vec::new();
            self.render_row(&row, None, &mut plain);
            for line in String::from_utf8_lossy(&plain).lines() {
                let _ = writeln!(out, "{}", line.bold());
            }
        } else {
            self.render_row(&row, None, out);
        }
    }

    /// One event as its line(s): what [`Layout::render_row`] makes of its
    /// [`cells`], written straight into `out` when not fitted (the fast path
    /// of a whole file piped on).
    pub fn render_event(&self, e: &Event, style: &Style, out: &mut Vec<u8>) {
        if self.details.is_some() {
            let row = cells(e, style);
            self.render_row(&row, Some(&e.event_type), out);
            return;
        }
        let container = e.container();
        let key = container_key(e, container);
        let details = e
            .details
            .iter()
            .filter(|(k, _)| Some(k.as_str()) != key)
            .map(|(k, v)| {
                let text = match v {
                    serde_json::Value::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
                    other => std::borrow::Cow::Owned(value_text(other)),
                };
                (k.as_str(), text)
            });
        self.render_parts(
            |out| write_time(e, style, out),
            &e.event_type,
            e.user.as_deref(),
            container,
            details,
            out,
        );
    }

    /// A line in its v1 form as [`Layout::render_event`] renders its parsed
    /// event; `false` (nothing written) when it cannot say.
    pub fn render_line(&self, line: &[u8], style: &Style, out: &mut Vec<u8>) -> bool {
        if self.details.is_some() {
            return false;
        }
        let Some(l) = super::light::read(line) else {
            return false;
        };
        let container = l.container();
        let key = l.container_key(container);
        let details = l
            .details
            .iter()
            .filter(|(k, _, _)| Some(*k) != key)
            .map(|(k, v, _)| (*k, std::borrow::Cow::Borrowed(v.as_ref())));
        self.render_parts(
            |out| write_timestamp(l.time, style, out),
            l.event_type,
            l.user,
            container,
            details,
            out,
        );
        true
    }

    /// The unfitted row from its parts: cells padded to the widths (a wider
    /// one pushes the rest along), DETAILS on one line.
    fn render_parts<'d>(
        &self,
        time: impl FnOnce(&mut Vec<u8>),
        event_type: &str,
        user: Option<&str>,
        container: Option<&str>,
        details: impl Iterator<Item = (&'d str, std::borrow::Cow<'d, str>)>,
        out: &mut Vec<u8>,
    ) {
        let start = out.len();
        let at = out.len();
        time(out);
        let w = text_width(&out[at..]);
        out.extend(std::iter::repeat_n(
            b' ',
            self.widths[0].saturating_sub(w) + GAP,
        ));
        let ty = escape(event_type);
        if self.color {
            out.extend_from_slice(paint(event_type, &ty).as_bytes());
        } else {
            out.extend_from_slice(ty.as_bytes());
        }
        let pad = self.widths[1].saturating_sub(str_width(&ty)) + GAP;
        out.extend(std::iter::repeat_n(b' ', pad));
        for (i, v) in [(2, user), (3, container)] {
            let v = escape(v.unwrap_or("-"));
            out.extend_from_slice(v.as_bytes());
            let pad = self.widths[i].saturating_sub(str_width(&v)) + GAP;
            out.extend(std::iter::repeat_n(b' ', pad));
        }
        for (n, (k, v)) in details.enumerate() {
            if n > 0 {
                out.push(b' ');
            }
            out.extend_from_slice(escape(k).as_bytes());
            out.push(b'=');
            out.extend_from_slice(escape(&v).as_bytes());
        }
        trim_end(out, start);
        out.push(b'\n');
    }

    /// One row as its line(s); `event_type` colours TYPE when colour is on.
    pub fn render_row(&self, row: &Row, event_type: Option<&str>, out: &mut Vec<u8>) {
        let start = out.len();
        for (i, cell) in row.fixed.iter().enumerate() {
            let w = self.widths[i];
            let text = match self.details {
                Some(_) => shorten(cell, w),
                None => std::borrow::Cow::Borrowed(cell.as_str()),
            };
            match event_type {
                Some(t) if i == self.type_col && self.color => {
                    out.extend_from_slice(paint(t, &text).as_bytes())
                }
                _ => out.extend_from_slice(text.as_bytes()),
            }
            let pad = w.saturating_sub(text.width()) + GAP;
            out.extend(std::iter::repeat_n(b' ', pad));
        }
        let indent: usize = self.widths.iter().sum::<usize>() + GAP * self.widths.len();
        match self.details {
            None => {
                for (k, pair) in row.details.iter().enumerate() {
                    if k > 0 {
                        out.push(b' ');
                    }
                    out.extend_from_slice(pair.as_bytes());
                }
            }
            Some(d) => {
                let mut used = 0usize;
                for pair in &row.details {
                    let pair = shorten(pair, d);
                    let w = pair.width();
                    if used > 0 && used + 1 + w > d {
                        trim_end(out, start);
                        out.push(b'\n');
                        out.extend(std::iter::repeat_n(b' ', indent));
                        used = 0;
                    } else if used > 0 {
                        out.push(b' ');
                        used += 1;
                    }
                    out.extend_from_slice(pair.as_bytes());
                    used += w;
                }
            }
        }
        trim_end(out, start);
        out.push(b'\n');
    }
}

/// Drops trailing spaces written since `start`.
fn trim_end(out: &mut Vec<u8>, start: usize) {
    while out.len() > start && out.last() == Some(&b' ') {
        out.pop();
    }
}

/// The table sink: rows are held until the widths are known (the first
/// [`BATCH`], or a layout given up front), then written as they come.
pub struct TableSink<'a> {
    style: Style,
    out: Box<dyn Write + 'a>,
    pending: Vec<(Row, String)>,
    layout: Option<Layout>,
    header_done: bool,
    buf: Vec<u8>,
}

impl<'a> TableSink<'a> {
    pub fn new(style: Style, out: Box<dyn Write + 'a>) -> Self {
        TableSink {
            style,
            out,
            pending: Vec::new(),
            layout: None,
            header_done: false,
            buf: Vec::with_capacity(1 << 16),
        }
    }

    /// With the widths already decided (rows rendered elsewhere too).
    pub fn with_layout(style: Style, layout: Layout, out: Box<dyn Write + 'a>) -> Self {
        TableSink {
            layout: Some(layout),
            ..TableSink::new(style, out)
        }
    }

    fn header(&mut self) {
        if let (false, Some(l)) = (self.header_done, &self.layout) {
            self.header_done = true;
            l.render_header(&mut self.buf);
        }
    }

    fn flush_pending(&mut self) -> io::Result<()> {
        if self.layout.is_none() {
            let rows: Vec<Row> = self.pending.iter().map(|(r, _)| r.clone()).collect();
            self.layout = Some(Layout::for_style(&self.style, &rows));
        }
        self.header();
        let layout = self.layout.as_ref().expect("layout set above");
        for (row, ty) in self.pending.drain(..) {
            layout.render_row(&row, Some(&ty), &mut self.buf);
        }
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

/// The widths a table of `head` (the first matches) takes in `style`.
pub fn layout_of(style: &Style, head: &[Match]) -> Layout {
    let rows: Vec<Row> = head.iter().map(|m| cells(&m.event, style)).collect();
    Layout::for_style(style, &rows)
}

impl Sink for TableSink<'_> {
    fn write(&mut self, m: &Match) -> io::Result<()> {
        self.header();
        match &self.layout {
            Some(layout) => {
                layout.render_event(&m.event, &self.style, &mut self.buf);
                if self.buf.len() >= 1 << 16 {
                    self.out.write_all(&self.buf)?;
                    self.buf.clear();
                }
                Ok(())
            }
            None => {
                self.pending
                    .push((cells(&m.event, &self.style), m.event.event_type.clone()));
                if self.pending.len() >= BATCH {
                    self.flush_pending()?;
                }
                Ok(())
            }
        }
    }
    /// Rows a [`Layout`] rendered on a worker (the header goes first).
    fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.header();
        if !self.buf.is_empty() {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.out.write_all(bytes)
    }
    fn finish(&mut self) -> io::Result<()> {
        // No rows, no table (the caller says "no events match").
        if !self.pending.is_empty() {
            self.flush_pending()?;
        }
        if !self.buf.is_empty() {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_counts_display_width() {
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("日本語です", 5), "日本…");
        assert_eq!(shorten("e\u{301}tude", 5), "e\u{301}tude");
        assert_eq!(shorten("ab", 0), "");
    }
}
