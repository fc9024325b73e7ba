//! Follow's output: one event at a time, flushed after each, in the
//! query's own formats (the table with fixed widths, CSV with fixed
//! columns, since follow cannot see its rows ahead).

use std::io::{self, Write};

use crate::config::OutputFormat;
use crate::engine::Renderer;
use crate::output::{self, Match, Style};
// ------------------------------------------------------------------ output

/// Follow cannot see its rows ahead: TIME, TYPE, USER, CONTAINER get these
/// widths (at least the header's), fitted to the terminal like a query's.
const TABLE_WIDTHS: [usize; 4] = [19, 24, 12, 24];

/// Writes events one by one, flushed after each: nothing waits in a buffer.
/// The table and CSV rows come from the query's own row formatter and CSV
/// writer, so they match a query's and line up under the header.
pub(super) struct Live<'a> {
    style: Style,
    render: Option<Renderer>,
    table: Option<crate::output::table::Layout>,
    csv: Option<crate::output::csv::CsvLayout>,
    /// Shared by the followers of a hosts directory (one per host).
    out: std::rc::Rc<std::cell::RefCell<Box<dyn Write + 'a>>>,
    header_done: std::rc::Rc<std::cell::Cell<bool>>,
    buf: Vec<u8>,
}

impl<'a> Live<'a> {
    pub(super) fn new(style: Style, out: Box<dyn Write + 'a>) -> Self {
        let table = (style.format == OutputFormat::Table).then(|| {
            let mut widths = TABLE_WIDTHS.to_vec();
            // `--utc` times end in `Z`.
            widths[0] += usize::from(style.utc);
            crate::output::table::Layout::fixed(
                &style,
                widths,
                style.tty.then(crate::output::width::terminal_width),
            )
        });
        let csv = match style.format {
            OutputFormat::Csv => Some(crate::output::csv::CsvLayout::of(&[], false)),
            OutputFormat::CsvBare => Some(crate::output::csv::CsvLayout::of(&[], true)),
            _ => None,
        };
        Live {
            render: output::renderer(&style),
            table,
            csv,
            style,
            out: std::rc::Rc::new(std::cell::RefCell::new(out)),
            header_done: std::rc::Rc::new(std::cell::Cell::new(false)),
            buf: Vec::with_capacity(1024),
        }
    }

    /// Another writer to the same output, with the same header.
    pub(super) fn share(&self) -> Live<'a> {
        Live {
            style: self.style.clone(),
            render: self.render.clone(),
            table: self.table.clone(),
            csv: self.csv.clone(),
            out: self.out.clone(),
            header_done: self.header_done.clone(),
            buf: Vec::with_capacity(1024),
        }
    }

    /// Writes one event; `flush` sends it on at once.
    pub(super) fn write(&mut self, m: &Match, flush: bool) -> io::Result<()> {
        self.buf.clear();
        if !self.header_done.get() {
            self.header_done.set(true);
            if let Some(t) = &self.table {
                t.render_header(&mut self.buf);
            }
            if let Some(c) = &self.csv {
                c.render_header(&mut self.buf);
            }
        }
        if let Some(render) = &self.render {
            render(&m.event, &m.raw, &mut self.buf);
        } else if let Some(t) = &self.table {
            t.render_event(&m.event, &self.style, &mut self.buf);
        } else if let Some(c) = &self.csv {
            c.render_event(&m.event, &mut self.buf);
        }
        let mut out = self.out.borrow_mut();
        out.write_all(&self.buf)?;
        if flush {
            out.flush()?;
        }
        Ok(())
    }

    pub(super) fn flush(&mut self) -> io::Result<()> {
        self.out.borrow_mut().flush()
    }
}
