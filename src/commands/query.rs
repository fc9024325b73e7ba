//! The query engine: choose the inputs, pick the fastest exact way to read
//! them (backward for the newest N, binary search for --since, parallel
//! forward scans otherwise), filter, and hand matches to a sink.

use std::collections::VecDeque;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::cli::{FilterArgs, OutputFormat, ViewArgs};
use crate::event::{self, parse_line};
use crate::exit::{self, Failure};
use crate::filter::Filter;
use crate::output::escape::escape;
use crate::output::{self, Match, Style};
use crate::source::{self, Chunk, Flow, Input};

/// The default number of events shown.
pub const DEFAULT_LIMIT: usize = 50;

/// One logical stream of events: a file's archives (oldest first) then itself.
#[derive(Clone, Debug)]
pub struct Stream {
    pub current: PathBuf,
    pub inputs: Vec<Input>,
    /// The sending host, for a collector's host directory (`--hosts-dir`).
    pub host: Option<std::sync::Arc<str>>,
}

/// Malformed lines seen, and where the first one was.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub malformed: u64,
    pub first_malformed: Option<(PathBuf, Position)>,
    pub matched: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Position {
    Line(u64),
    Offset(u64),
}

impl Stats {
    fn note(&mut self, path: &Path, pos: Position, count: u64) {
        if count == 0 {
            return;
        }
        self.malformed += count;
        let earlier = match &self.first_malformed {
            None => true,
            Some((p, old)) => p == path && pos < *old,
        };
        if earlier {
            self.first_malformed = Some((path.to_path_buf(), pos));
        }
    }

    /// Adds another stream's figures (its first malformed line counts when
    /// none was seen here).
    pub fn merge(&mut self, o: Stats) {
        self.malformed += o.malformed;
        self.matched += o.matched;
        if self.first_malformed.is_none() {
            self.first_malformed = o.first_malformed;
        }
    }

    /// The one stderr line about skipped lines, if any.
    pub fn report(&self) -> Option<String> {
        let (path, pos) = self.first_malformed.as_ref()?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A line number deep in a big file costs a read of everything before
        // it: past 64 MiB the byte offset is given instead (tail -c +N+1).
        let at = match *pos {
            Position::Line(n) => format!("{}:{n}", escape(&name)),
            Position::Offset(o) if o <= 64 << 20 => {
                format!("{}:{}", escape(&name), line_of_offset(path, o).unwrap_or(0))
            }
            Position::Offset(o) => format!("{} byte {o}", escape(&name)),
        };
        Some(format!(
            "skipped {} malformed line{}; first at {at}",
            output::thousands(self.malformed),
            if self.malformed == 1 { "" } else { "s" },
        ))
    }
}

/// 1-based line number of the line starting at byte `offset`.
fn line_of_offset(path: &Path, offset: u64) -> io::Result<u64> {
    use std::io::Read;
    let mut f = source::open_regular(path)?.take(offset);
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 1;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            return Ok(n);
        }
        n += memchr::memchr_iter(b'\n', &buf[..k]).count() as u64;
    }
}

/// Renders one match as output bytes; runs on the scan's worker threads.
pub type Renderer = std::sync::Arc<dyn Fn(&crate::event::Event, &[u8], &mut Vec<u8>) + Send + Sync>;

/// Renders a line already in its v1 form straight from its bytes, exactly
/// as the [`Renderer`] would render its parsed event; `false` when it
/// cannot (the line is then parsed).
pub type LightRenderer = std::sync::Arc<dyn Fn(&[u8], &mut Vec<u8>) -> bool + Send + Sync>;

/// What a scan hands on: matches, or (when the request has a renderer and
/// the matches stream straight to output) their rendered bytes.
// Matches are moved, not boxed: one allocation fewer per match on the hot path.
#[allow(clippy::large_enum_variant)]
pub enum Item {
    Match(Match),
    Rendered { bytes: Vec<u8>, count: u64 },
}

/// What the engine is asked.
#[derive(Clone, Default)]
pub struct Request {
    pub streams: Vec<Stream>,
    pub filter: Filter,
    /// `None`: every match.
    pub limit: Option<usize>,
    pub reverse: bool,
    /// Read the archives even without a time bound.
    pub archives: bool,
    /// The caller wants every match newest first: plain files are then read
    /// backwards and matches arrive newest first.
    pub reverse_stream: bool,
    /// Output is JSON and the filter needs no more than a line's envelope:
    /// lines already in their v1 form are copied to the output unparsed.
    pub verbatim_json: bool,
    /// Render streamed matches on the workers (JSON, raw): output then
    /// scales with the cores and memory holds bytes, not parsed events.
    pub render: Option<Renderer>,
    /// With `render`, when the filter is decided by the envelope: lines in
    /// their v1 form rendered without a full parse (table, CSV).
    pub light: Option<LightRenderer>,
}

/// The files named by `--file` (or the default), each with its siblings.
pub fn streams(files: &[PathBuf]) -> Vec<Stream> {
    let files = if files.is_empty() {
        vec![crate::writer::events_path(None)]
    } else {
        files.to_vec()
    };
    files
        .into_iter()
        .map(|current| Stream {
            inputs: vec![Input::plain(current.clone())],
            current,
            host: None,
        })
        .collect()
}

/// The hosts directory to read: `--hosts-dir`, else `$DS01_EVENTS_HOSTS_DIR`
/// when no `--file` is given (a named file wins over the environment).
pub fn hosts_dir(flag: Option<&Path>, files: &[PathBuf]) -> Option<PathBuf> {
    flag.map(Path::to_path_buf).or_else(|| {
        files
            .is_empty()
            .then(|| std::env::var_os(source::HOSTS_DIR_ENV))
            .flatten()
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

/// The streams of a query: the `--file`s (or the default file), or with a
/// hosts directory its hosts that `--host` selects (and the `--file`s given
/// with it), each host's events file a stream of its own.
pub fn input_streams(
    files: &[PathBuf],
    hosts_dir: Option<&Path>,
    filter: &Filter,
) -> Result<Vec<Stream>, Failure> {
    let Some(dir) = hosts_dir else {
        if filter.has_host_filter() {
            return Err(Failure::usage(
                "--host selects a collector's host directories: add --hosts-dir DIR \
                 (or set DS01_EVENTS_HOSTS_DIR), e.g. --hosts-dir /var/log/ds01/hosts",
            ));
        }
        return Ok(streams(files));
    };
    let shown = escape(&dir.display().to_string()).into_owned();
    let hosts = source::host_dirs(dir).map_err(|e| {
        let hint = if e.kind() == io::ErrorKind::PermissionDenied {
            "ask an admin to add you to the log's group or use sudo"
        } else {
            "check --hosts-dir (or DS01_EVENTS_HOSTS_DIR); 'setup --collector' creates it"
        };
        Failure::new(
            exit::NO_INPUT,
            format!("cannot read the hosts directory {shown}: {e}; {hint}"),
        )
    })?;
    let mut out = if files.is_empty() {
        Vec::new()
    } else {
        streams(files)
    };
    let all: Vec<&str> = hosts.iter().map(|(h, _)| h.as_str()).collect();
    for (name, path) in &hosts {
        if filter.host_matches(name) {
            out.push(Stream {
                current: path.clone(),
                inputs: vec![Input::plain(path.clone())],
                host: Some(name.as_str().into()),
            });
        }
    }
    if filter.has_host_filter() && out.iter().all(|s| s.host.is_none()) {
        return Err(Failure::usage(format!(
            "--host matches no host directory in {shown}; hosts there: {}",
            if all.is_empty() {
                "none yet".to_string()
            } else {
                escape(&all.join(", ")).into_owned()
            }
        )));
    }
    Ok(out)
}

/// Adds the rotated siblings a request needs to a stream: with `all`, the
/// whole history (every sibling, or with `since` those that may reach it, by
/// name and date); without, only those a `since` reaches. Never chosen by
/// the current file's first line: one line dated in the past must not hide
/// an archive.
pub fn with_archives(stream: &Stream, since: Option<Timestamp>, all: bool) -> Stream {
    let current = &stream.current;
    if !all && since.is_none() {
        return stream.clone();
    }
    let mut inputs = source::archives_reaching(source::rotated_siblings(current), since);
    if current.exists() || inputs.is_empty() {
        inputs.push(Input::plain(current.clone()));
    }
    Stream {
        current: current.clone(),
        inputs,
        host: stream.host.clone(),
    }
}

/// The one line for an input that cannot be read.
pub fn cannot_read(path: &Path, e: &io::Error) -> Failure {
    let hint = if e.kind() == io::ErrorKind::PermissionDenied {
        "ask an admin to add you to the log's group (ls -l shows it) or use sudo"
    } else if source::is_not_regular(e) {
        "the events file must be a plain file: look at it with ls -l, remove it, and the next event creates it"
    } else {
        "check the path (--file, DS01_EVENTS_FILE)"
    };
    Failure::new(
        exit::NO_INPUT,
        format!(
            "cannot read {}: {e}; {hint}",
            escape(&path.display().to_string())
        ),
    )
}

/// The inputs of `stream` to read: the current file must be readable (a
/// FIFO or device in its place is refused), an archive the reader may not
/// read too; a sibling that is not a regular file is skipped with one
/// stderr line when a read needs it. `None` when nothing is there yet.
pub fn check_readable(stream: &Stream) -> Result<Option<Stream>, Failure> {
    let mut inputs = Vec::new();
    for input in &stream.inputs {
        let current = input.path == stream.current;
        match source::open_regular(&input.path) {
            Ok(_) => inputs.push(input.clone()),
            // No current file yet, or an archive logrotate just removed.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            // Fixed by the reader (group, sudo): refuse rather than answer
            // from part of the history.
            Err(e) if current || e.kind() == io::ErrorKind::PermissionDenied => {
                return Err(cannot_read(&input.path, &e))
            }
            // Reported (and skipped) when a read needs it: a newest-N view
            // the current file satisfies never touches it.
            Err(_) => inputs.push(input.clone()),
        }
    }
    Ok((!inputs.is_empty()).then(|| Stream {
        current: stream.current.clone(),
        inputs,
        host: stream.host.clone(),
    }))
}

/// Runs `read` over one input. A read error in a rotated sibling (a
/// truncated `.gz`) is reported and the other inputs are read; one in the
/// current file ends the query.
pub fn tolerant(stream: &Stream, input: &Input, read: io::Result<Flow>) -> io::Result<Flow> {
    match read {
        Err(e) if input.path != stream.current => {
            let what = if source::is_not_regular(&e) {
                source::skipped(&e)
            } else {
                source::damaged(&e)
            };
            source::note_trouble(&input.path, &what);
            Ok(Flow::More)
        }
        r => r,
    }
}

/// What a worker found in one chunk.
struct ChunkResult {
    matches: Vec<Match>,
    rendered: Vec<u8>,
    rendered_count: u64,
    lines: u64,
    malformed: u64,
    first_malformed: Option<u64>,
    /// Stream position of the first malformed line.
    first_malformed_offset: Option<u64>,
    /// A line at least MAX_JITTER past --until was seen: nothing later matches.
    past_until: bool,
}

fn scan_chunk(
    chunk: &Chunk,
    filter: &Filter,
    stop_at: Option<(Timestamp, u64)>,
    render: Option<&Renderer>,
    verbatim_json: bool,
    light: Option<&LightRenderer>,
) -> ChunkResult {
    // Lines skipped as too long come just before the chunk's own lines.
    let mut r = ChunkResult {
        matches: Vec::new(),
        rendered: Vec::new(),
        rendered_count: 0,
        lines: chunk.overlong,
        malformed: chunk.overlong,
        first_malformed: (chunk.overlong > 0).then_some(1),
        first_malformed_offset: chunk.overlong_offset,
        past_until: false,
    };
    for line in source::lines(&chunk.data) {
        r.lines += 1;
        if let Some((stop, before)) = stop_at {
            let within = (line.as_ptr() as usize - chunk.data.as_ptr() as usize) as u64;
            if chunk.offset + within < before && source::line_time(line).is_some_and(|t| t >= stop)
            {
                r.past_until = true;
                break;
            }
        }
        if !filter.line_may_match(line) {
            // Counted whatever the filter: a malformed line is reported.
            if event::is_malformed(line) {
                r.malformed += 1;
                r.first_malformed.get_or_insert(r.lines);
                let within = line.as_ptr() as usize - chunk.data.as_ptr() as usize;
                r.first_malformed_offset
                    .get_or_insert(chunk.offset + within as u64);
            }
            continue;
        }
        // A line in its v1 form rendered from its own bytes (a table or
        // CSV row), when type and time are all the filter asks; a line the
        // light renderer declines is parsed below.
        if let (Some(light), Some(_)) = (light, render) {
            if let Some((time, event_type)) = event::verbatim_v1_line(line) {
                if !filter.envelope_matches(time, event_type) {
                    continue;
                }
                let mark = r.rendered.len();
                if light(line, &mut r.rendered) {
                    r.rendered_count += 1;
                    continue;
                }
                r.rendered.truncate(mark);
            }
        }
        // A line in its v1 form is its own JSON output: no parse needed
        // when type and time are all the filter asks (grep ran above).
        if verbatim_json && render.is_some() {
            if let Some((time, event_type)) = event::verbatim_v1_line(line) {
                if filter.envelope_matches(time, event_type) {
                    r.rendered.extend_from_slice(line);
                    r.rendered.push(b'\n');
                    r.rendered_count += 1;
                }
                continue;
            }
        }
        match parse_line(line) {
            Ok(event) => {
                if filter.matches_event(&event) {
                    match render {
                        Some(render) => {
                            render(&event, line, &mut r.rendered);
                            r.rendered_count += 1;
                        }
                        None => r.matches.push(Match {
                            event,
                            raw: line.to_vec(),
                        }),
                    }
                }
            }
            Err(_) => {
                r.malformed += 1;
                r.first_malformed.get_or_insert(r.lines);
                let within = line.as_ptr() as usize - chunk.data.as_ptr() as usize;
                r.first_malformed_offset
                    .get_or_insert(chunk.offset + within as u64);
            }
        }
    }
    r
}

/// Scans one input forward from `offset`, handing matches on in order.
/// After `--until` it stops early only inside the prefix of the file known
/// to be in time order (then goes on from the end of that prefix); other
/// inputs are read whatever this one held, since nothing says a later file
/// holds only later lines.
#[allow(clippy::too_many_arguments)]
fn scan_forward(
    input: &Input,
    offset: u64,
    filter: &Filter,
    render: Option<&Renderer>,
    verbatim_json: bool,
    light: Option<&LightRenderer>,
    stats: &mut Stats,
    mut each: impl FnMut(Item) -> Flow,
) -> io::Result<Flow> {
    let order = match filter.until {
        Some(_) if !input.gz => {
            let f = source::open_regular(&input.path)?;
            let len = f.metadata()?.len();
            Some(source::order_of(&f, len)?).filter(|o| o.upto > offset)
        }
        _ => None,
    };
    let stop_at = order.and_then(|o| {
        let stop = source::shifted(filter.until?, source::MAX_JITTER_SECS);
        Some((stop, o.upto - offset))
    });
    let (flow, at_until) = scan_forward_once(
        input,
        offset,
        filter,
        stop_at,
        render,
        verbatim_json,
        light,
        stats,
        &mut each,
    )?;
    match order {
        // Past --until inside the ordered prefix: nothing there matches
        // any more; what follows it is read line by line.
        Some(o) if at_until && !o.whole => scan_forward_once(
            input,
            o.upto,
            filter,
            None,
            render,
            verbatim_json,
            light,
            stats,
            &mut each,
        )
        .map(|(f, _)| f),
        _ if at_until => Ok(Flow::More),
        _ => Ok(flow),
    }
}

/// One forward pass; says whether it stopped at `stop_at`.
#[allow(clippy::too_many_arguments)]
fn scan_forward_once(
    input: &Input,
    offset: u64,
    filter: &Filter,
    stop_at: Option<(Timestamp, u64)>,
    render: Option<&Renderer>,
    verbatim_json: bool,
    light: Option<&LightRenderer>,
    stats: &mut Stats,
    each: &mut dyn FnMut(Item) -> Flow,
) -> io::Result<(Flow, bool)> {
    let reader: Box<dyn io::Read + Send> = if offset > 0 && !input.gz {
        Box::new(source::open_at(&input.path, offset)?)
    } else {
        input.open()?
    };
    let mut lines_before = 0u64;
    let mut flow = Flow::More;
    let mut at_until = false;
    source::parallel_scan(
        reader,
        |c| scan_chunk(c, filter, stop_at, render, verbatim_json, light),
        |r| {
            if r.malformed > 0 {
                // From the start: the line number is known. After a seek:
                // the byte offset, turned into a line only if reported.
                let pos = match (offset, r.first_malformed_offset) {
                    (0, _) | (_, None) => {
                        Position::Line(lines_before + r.first_malformed.unwrap_or(1))
                    }
                    (_, Some(o)) => Position::Offset(offset + o),
                };
                stats.note(&input.path, pos, r.malformed);
            }
            lines_before += r.lines;
            if r.rendered_count > 0 {
                stats.matched += r.rendered_count;
                let item = Item::Rendered {
                    bytes: r.rendered,
                    count: r.rendered_count,
                };
                if each(item) == Flow::Stop {
                    flow = Flow::Stop;
                    return Flow::Stop;
                }
            }
            for m in r.matches {
                stats.matched += 1;
                if each(Item::Match(m)) == Flow::Stop {
                    flow = Flow::Stop;
                    return Flow::Stop;
                }
            }
            if r.past_until {
                at_until = true;
                return Flow::Stop;
            }
            Flow::More
        },
    )?;
    Ok((flow, at_until))
}

/// What one line is to a filter.
pub enum Class {
    Skip,
    Malformed,
    Match(Box<Match>),
}

/// Sorts one line: the byte checks first, a parse only when they pass, and
/// malformed lines counted whatever the filter.
pub fn classify(filter: &Filter, line: &[u8]) -> Class {
    if !filter.line_may_match(line) {
        return if event::is_malformed(line) {
            Class::Malformed
        } else {
            Class::Skip
        };
    }
    match parse_line(line) {
        Ok(event) if filter.matches_event(&event) => Class::Match(Box::new(Match {
            event,
            raw: line.to_vec(),
        })),
        Ok(_) => Class::Skip,
        Err(_) => Class::Malformed,
    }
}

/// The newest `limit` matches of one plain file, read backwards, handed to
/// `take` newest first (it may stop the read).
fn newest_backward(
    input: &Input,
    filter: &Filter,
    limit: usize,
    stats: &mut Stats,
    take: &mut dyn FnMut(Match) -> Flow,
) -> io::Result<()> {
    let file = source::open_regular(&input.path)?;
    newest_backward_in(&file, &input.path, 0, filter, limit, stats, take)
}

/// [`newest_backward`] over an open file, down to the line at `floor`.
fn newest_backward_in(
    file: &std::fs::File,
    path: &Path,
    floor: u64,
    filter: &Filter,
    limit: usize,
    stats: &mut Stats,
    take: &mut dyn FnMut(Match) -> Flow,
) -> io::Result<()> {
    let end = file.metadata()?.len();
    let mut found = 0usize;
    source::scan_backward(file, end, |line, offset, too_long| {
        if found >= limit || offset < floor {
            return Flow::Stop;
        }
        if too_long {
            stats.note(path, Position::Offset(offset), 1);
            return Flow::More;
        }
        match classify(filter, line) {
            Class::Skip => {}
            Class::Malformed => stats.note(path, Position::Offset(offset), 1),
            Class::Match(m) => {
                stats.matched += 1;
                found += 1;
                if take(*m) == Flow::Stop {
                    return Flow::Stop;
                }
            }
        }
        if found >= limit {
            Flow::Stop
        } else {
            Flow::More
        }
    })
}

/// An unnamed temporary file (gone when closed), readable only by us.
fn spool_file() -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = std::env::temp_dir();
    let unnamed = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .mode(0o600)
        .custom_flags(nix::libc::O_TMPFILE)
        .open(&dir);
    match unnamed {
        Ok(f) => Ok(f),
        Err(_) => {
            // No O_TMPFILE here: a new name, removed at once.
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            let path = dir.join(format!(".ds01-events-spool.{}.{nanos}", std::process::id()));
            let f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(nix::libc::O_NOFOLLOW)
                .open(&path)?;
            let _ = std::fs::remove_file(&path);
            Ok(f)
        }
    }
}

/// Every match of one input newest first, in bounded memory: a plain file
/// is read backwards down to where `--since` starts; a `.gz` is read
/// forward once with its matching lines spooled to an unnamed temporary
/// file, which is then read backwards.
fn newest_first_all(
    input: &Input,
    filter: &Filter,
    stats: &mut Stats,
    take: &mut dyn FnMut(Match) -> Flow,
) -> io::Result<Flow> {
    let mut flow = Flow::More;
    let mut pass = |m: Match| {
        flow = take(m);
        flow
    };
    if !input.gz {
        let file = source::open_regular(&input.path)?;
        let floor = match filter.since {
            Some(since) => source::seek_since_exact(&file, since)?,
            None => 0,
        };
        newest_backward_in(
            &file,
            &input.path,
            floor,
            filter,
            usize::MAX,
            stats,
            &mut pass,
        )?;
        return Ok(flow);
    }
    let spool = spool_file()?;
    let mut out = io::BufWriter::with_capacity(1 << 16, &spool);
    let mut write_err: Option<io::Error> = None;
    let read = scan_forward(input, 0, filter, None, false, None, stats, |item| {
        if let Item::Match(m) = item {
            use std::io::Write;
            if let Err(e) = out.write_all(&m.raw).and_then(|_| out.write_all(b"\n")) {
                write_err = Some(e);
                return Flow::Stop;
            }
        }
        Flow::More
    });
    use std::io::Write;
    out.flush()?;
    drop(out);
    if let Some(e) = write_err {
        return Err(e);
    }
    // The spooled lines are all matches: count them once, not twice.
    let mut again = Stats::default();
    newest_backward_in(
        &spool,
        &input.path,
        0,
        filter,
        usize::MAX,
        &mut again,
        &mut pass,
    )?;
    // A damaged archive: what it held before the damage came out above.
    read.map(|_| flow)
}

/// Where to start reading each input of a stream for events at or after
/// `since`: a binary search in plain files, the start of compressed ones.
/// An archive that cannot be searched is reported and left out.
pub fn start_offsets(stream: &Stream, since: Option<Timestamp>) -> io::Result<Vec<(Input, u64)>> {
    let mut out = Vec::new();
    for input in &stream.inputs {
        let offset = match since {
            Some(since) if !input.gz => {
                let found = source::open_regular(&input.path)
                    .and_then(|f| source::seek_since_exact(&f, since));
                match found {
                    Ok(o) => o,
                    Err(e) => {
                        tolerant(stream, input, Err(e))?;
                        continue;
                    }
                }
            }
            _ => 0,
        };
        out.push((input.clone(), offset));
    }
    Ok(out)
}

/// Runs a request on one stream, calling `each` with matches in file order
/// (oldest first), or newest first for a backward read when `reverse`.
/// With a limit, only the newest `limit` matches are passed, oldest first.
pub fn run_stream(
    stream: &Stream,
    req: &Request,
    stats: &mut Stats,
    each: &mut dyn FnMut(Item) -> Flow,
) -> io::Result<()> {
    let filter = &req.filter;
    let since = filter.since;
    // Everything newest first from plain files: stream it backwards rather
    // than hold every match.
    if req.reverse_stream && req.limit.is_none() {
        for input in stream.inputs.iter().rev() {
            let read = newest_first_all(input, filter, stats, &mut |m| each(Item::Match(m)));
            if tolerant(stream, input, read)? == Flow::Stop {
                break;
            }
        }
        return Ok(());
    }
    match (req.limit, since) {
        // Newest N, no time bound: backward from the end of each input.
        (Some(limit), None) => {
            let mut newest_first = Vec::new();
            for input in stream.inputs.iter().rev() {
                let want = limit - newest_first.len();
                if want == 0 {
                    break;
                }
                // The newest `want` of this input, even if it is damaged
                // past some point: what was read before the damage counts.
                let read = if input.gz {
                    let mut ring = VecDeque::with_capacity(want.min(1 << 12));
                    let r = scan_forward(input, 0, filter, None, false, None, stats, |item| {
                        if let Item::Match(m) = item {
                            if ring.len() == want {
                                ring.pop_front();
                            }
                            ring.push_back(m);
                        }
                        Flow::More
                    });
                    newest_first.extend(ring.into_iter().rev());
                    r
                } else {
                    newest_backward(input, filter, want, stats, &mut |m| {
                        newest_first.push(m);
                        Flow::More
                    })
                    .map(|()| Flow::More)
                };
                tolerant(stream, input, read)?;
            }
            newest_first.reverse();
            for m in newest_first {
                if each(Item::Match(m)) == Flow::Stop {
                    break;
                }
            }
            Ok(())
        }
        // A time bound (and maybe a limit): binary search to the start.
        (limit, Some(since)) => {
            let mut ring: VecDeque<Match> = VecDeque::new();
            for (input, offset) in start_offsets(stream, Some(since))? {
                let render = if limit.is_none() {
                    req.render.as_ref()
                } else {
                    None
                };
                let read = scan_forward(
                    &input,
                    offset,
                    filter,
                    render,
                    req.verbatim_json,
                    render.and(req.light.as_ref()),
                    stats,
                    |item| match (limit, item) {
                        (Some(n), Item::Match(m)) => {
                            if ring.len() == n {
                                ring.pop_front();
                            }
                            if n > 0 {
                                ring.push_back(m);
                            }
                            Flow::More
                        }
                        (_, item) => each(item),
                    },
                );
                let flow = tolerant(stream, &input, read)?;
                if flow == Flow::Stop {
                    break;
                }
            }
            for m in ring {
                if each(Item::Match(m)) == Flow::Stop {
                    break;
                }
            }
            Ok(())
        }
        // Everything: forward, in parallel.
        (None, None) => {
            for input in &stream.inputs {
                let read = scan_forward(
                    input,
                    0,
                    filter,
                    req.render.as_ref(),
                    req.verbatim_json,
                    req.light.as_ref(),
                    stats,
                    &mut *each,
                );
                if tolerant(stream, input, read)? == Flow::Stop {
                    break;
                }
            }
            Ok(())
        }
    }
}

/// Puts one stream's matches in time order before the merge: lines come
/// up to [`source::MAX_JITTER_SECS`] out of order from concurrent writers,
/// so a match is handed on once a match that much newer (older, newest
/// first) has been seen. Memory: the matches of that window.
struct Reorder {
    newest_first: bool,
    heap: std::collections::BinaryHeap<Held>,
    seq: u64,
    /// The newest time seen (the oldest, newest first).
    edge: Option<Timestamp>,
}

struct Held {
    key: (Option<Timestamp>, u64),
    newest_first: bool,
    m: Match,
}

impl PartialEq for Held {
    fn eq(&self, o: &Self) -> bool {
        self.key == o.key
    }
}
impl Eq for Held {}
impl PartialOrd for Held {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Held {
    /// The heap's top is the next to hand on: the oldest (ties: first
    /// read), or newest first the newest (ties: last read first... as the
    /// reversed oldest-first order).
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        if self.newest_first {
            (self.key.0, std::cmp::Reverse(self.key.1)).cmp(&(o.key.0, std::cmp::Reverse(o.key.1)))
        } else {
            o.key.cmp(&self.key)
        }
    }
}

impl Reorder {
    fn new(newest_first: bool) -> Self {
        Reorder {
            newest_first,
            heap: std::collections::BinaryHeap::new(),
            seq: 0,
            edge: None,
        }
    }

    fn push(&mut self, m: Match, tx: &std::sync::mpsc::SyncSender<Match>) -> Flow {
        let t = m.event.time;
        if let Some(t) = t {
            self.edge = Some(match self.edge {
                None => t,
                Some(e) if self.newest_first => e.min(t),
                Some(e) => e.max(t),
            });
        }
        self.seq += 1;
        self.heap.push(Held {
            key: (t, self.seq),
            newest_first: self.newest_first,
            m,
        });
        let Some(edge) = self.edge else {
            return Flow::More;
        };
        let j = source::MAX_JITTER_SECS;
        while let Some(top) = self.heap.peek() {
            let ready = match top.key.0 {
                // Untimed matches come first oldest first, last newest first.
                None => !self.newest_first,
                Some(t) if self.newest_first => t > source::shifted(edge, j),
                Some(t) => t < source::shifted(edge, -j),
            };
            if !ready {
                break;
            }
            let held = self.heap.pop().expect("peeked");
            if tx.send(held.m).is_err() {
                return Flow::Stop;
            }
        }
        Flow::More
    }

    fn finish(&mut self, tx: &std::sync::mpsc::SyncSender<Match>) {
        while let Some(held) = self.heap.pop() {
            if tx.send(held.m).is_err() {
                return;
            }
        }
    }
}

/// Runs a request over all its streams: one stream directly, several merged
/// by time as they are read (each on its own thread, a few hundred matches
/// in flight each, so memory does not grow with the files): oldest first,
/// or newest first for a reverse stream; ties keep stream order.
pub fn run(req: &Request, stats: &mut Stats, sink: &mut dyn FnMut(Item) -> Flow) -> io::Result<()> {
    let hosted = req.streams.iter().any(|s| s.host.is_some());
    if req.streams.len() == 1 && !hosted {
        return run_stream(&req.streams[0], req, stats, sink);
    }
    // Merging needs the events' times, and a host's events carry its name:
    // no rendering on the workers.
    let plain = Request {
        render: None,
        verbatim_json: false,
        light: None,
        ..req.clone()
    };
    if req.streams.len() == 1 {
        let host = req.streams[0].host.clone();
        return run_stream(&req.streams[0], &plain, stats, &mut |item| match item {
            Item::Match(mut m) => {
                m.event.host = host.clone();
                sink(Item::Match(m))
            }
            other => sink(other),
        });
    }
    let newest_first = req.reverse_stream && req.limit.is_none();
    // The cores are shared among the streams: fewer chunks in flight.
    let _share = source::share_workers(req.streams.len());
    std::thread::scope(|scope| {
        let mut receivers = Vec::new();
        let mut threads = Vec::new();
        for stream in &req.streams {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Match>(256);
            let plain = &plain;
            threads.push(scope.spawn(move || {
                let mut st = Stats::default();
                let mut window = Reorder::new(newest_first);
                let r = run_stream(stream, plain, &mut st, &mut |item| match item {
                    Item::Match(mut m) => {
                        m.event.host = stream.host.clone();
                        window.push(m, &tx)
                    }
                    Item::Rendered { .. } => Flow::More,
                });
                window.finish(&tx);
                (st, r)
            }));
            receivers.push(rx);
        }
        let mut heads: Vec<Option<Match>> = receivers.iter().map(|r| r.recv().ok()).collect();
        // With a limit each stream hands over its newest N: keep the
        // newest N of the merge.
        let mut ring: VecDeque<Match> = VecDeque::new();
        let mut stopped = false;
        loop {
            let mut best: Option<usize> = None;
            for (i, h) in heads.iter().enumerate() {
                let Some(m) = h else { continue };
                let better = match best.and_then(|b| heads[b].as_ref()) {
                    None => true,
                    // Newest first is the oldest-first order reversed:
                    // on a tie the later stream comes first.
                    Some(b) if newest_first => m.event.time >= b.event.time,
                    Some(b) => m.event.time < b.event.time,
                };
                if better {
                    best = Some(i);
                }
            }
            let Some(i) = best else { break };
            let m = heads[i].take().expect("a head was chosen");
            heads[i] = receivers[i].recv().ok();
            match req.limit {
                Some(n) => {
                    if ring.len() == n {
                        ring.pop_front();
                    }
                    if n > 0 {
                        ring.push_back(m);
                    }
                }
                None => {
                    if sink(Item::Match(m)) == Flow::Stop {
                        stopped = true;
                        break;
                    }
                }
            }
        }
        // Unblock the streams still sending, then collect what they saw.
        drop(heads);
        drop(receivers);
        let mut first_err = None;
        for t in threads {
            match t.join() {
                Ok((st, r)) => {
                    stats.merge(st);
                    if let Err(e) = r {
                        first_err.get_or_insert(e);
                    }
                }
                Err(_) => {
                    first_err.get_or_insert(io::Error::other("a reader thread failed"));
                }
            }
        }
        if !stopped {
            for m in ring {
                if sink(Item::Match(m)) == Flow::Stop {
                    break;
                }
            }
        }
        first_err.map_or(Ok(()), Err)
    })
}

/// Everything `query` needs, from the command line.
pub struct QueryOptions {
    pub files: Vec<PathBuf>,
    /// A collector's hosts directory (`--hosts-dir`, `DS01_EVENTS_HOSTS_DIR`).
    pub hosts_dir: Option<PathBuf>,
    pub filters: FilterArgs,
    pub view: ViewArgs,
    pub json: bool,
    pub color: crate::cli::ColorWhen,
    pub utc: bool,
    /// Legacy `search`: case-insensitive grep.
    pub grep_insensitive: bool,
    pub default_limit: usize,
}

/// The clock and zone time phrases are read against.
pub fn now(utc: bool) -> jiff::Zoned {
    Timestamp::now().to_zoned(output::local_zone(utc))
}

pub fn output_format(view: &ViewArgs, json: bool) -> OutputFormat {
    if let Some(f) = view.output {
        f
    } else if view.raw {
        OutputFormat::Raw
    } else if json {
        OutputFormat::Json
    } else {
        OutputFormat::Table
    }
}

/// Builds the request: filters, streams with the archives they need.
pub fn build_request(o: &QueryOptions) -> Result<Request, Failure> {
    let filter = Filter::build(&o.filters, &now(o.utc), o.grep_insensitive)?;
    let limit = if o.view.all {
        None
    } else {
        Some(o.view.limit.unwrap_or(o.default_limit))
    };
    // The whole history unless --current: the newest-N view reads the
    // archives only as far back as it needs, --since those it reaches.
    let streams = input_streams(&o.files, o.hosts_dir.as_deref(), &filter)?
        .iter()
        .map(|s| {
            if o.view.current {
                s.clone()
            } else {
                with_archives(s, filter.since, true)
            }
        })
        .collect();
    Ok(Request {
        streams,
        filter,
        limit,
        reverse: o.view.reverse,
        archives: o.view.archives,
        reverse_stream: false,
        verbatim_json: false,
        render: None,
        light: None,
    })
}

/// The request for a pass over every match (summary, types --used), with
/// only the streams whose files exist; `None` when none does yet.
pub fn counting_request(o: QueryOptions) -> Result<Option<Request>, Failure> {
    let mut req = build_request(&QueryOptions {
        view: ViewArgs {
            all: true,
            ..o.view.clone()
        },
        ..o
    })?;
    let mut readable = Vec::new();
    for s in &req.streams {
        readable.extend(check_readable(s)?);
    }
    req.streams = readable;
    Ok((!req.streams.is_empty()).then_some(req))
}

/// `ds01-events [filters]`: print the matching events.
pub fn run_query(o: QueryOptions) -> Result<i32, Failure> {
    if o.view.malformed {
        return super::malformed::run(&o);
    }
    let req = build_request(&o)?;
    let mut readable = Vec::new();
    for s in &req.streams {
        readable.extend(check_readable(s)?);
    }
    if readable.is_empty() {
        let paths: Vec<String> = req
            .streams
            .iter()
            .map(|s| s.current.display().to_string())
            .collect();
        crate::say!(
            "ds01-events: no events recorded yet at {}",
            escape(&paths.join(", "))
        );
        return Ok(source::answer_code());
    }
    let mut style = Style::new(output_format(&o.view, o.json), o.color, o.utc);
    style.hosts = readable.iter().any(|s| s.host.is_some());
    let backward = req.reverse && req.limit.is_none();
    let req = Request {
        streams: readable,
        render: if req.reverse {
            None
        } else {
            output::renderer(&style)
        },
        reverse_stream: backward,
        verbatim_json: style.format == OutputFormat::Json && req.filter.decided_by_envelope(),
        ..req
    };
    // Started first: the table is fitted to what the pager shows.
    let (pager, pipe) = match output::pager::start(!o.view.no_pager) {
        Some((p, pipe)) => (Some(p), Some(pipe)),
        None => (None, None),
    };
    // A table's widths and a CSV's columns come from the first matches:
    // decided from them up front, every row is then rendered on the workers
    // exactly as the sink would render it.
    let prepared = if req.render.is_none()
        && !req.reverse
        && req.limit.is_none()
        && req.streams.len() == 1
        && matches!(
            style.format,
            OutputFormat::Table | OutputFormat::Csv | OutputFormat::CsvBare
        ) {
        output::prepare(&style, &head(&req, output::HEAD))
    } else {
        None
    };
    let req = Request {
        render: match &prepared {
            Some(p) => Some(output::prepared_renderer(&style, p)),
            None => req.render.clone(),
        },
        light: prepared
            .as_ref()
            .filter(|_| req.filter.decided_by_envelope())
            .map(|p| output::prepared_light(&style, p)),
        ..req
    };
    let stdout = io::stdout();
    let out: Box<dyn io::Write> = match pipe {
        Some(pipe) => Box::new(io::BufWriter::with_capacity(1 << 16, pipe)),
        None => Box::new(io::BufWriter::with_capacity(1 << 16, stdout.lock())),
    };
    let mut sink = match &prepared {
        Some(p) => output::prepared_sink(&style, p, out),
        None => output::sink(&style, out),
    };
    let mut stats = Stats::default();
    let mut shown = 0u64;
    let mut write_error: Option<io::Error> = None;
    let mut reversed: Vec<Match> = Vec::new();
    let result = run(&req, &mut stats, &mut |item| {
        let m = match item {
            Item::Match(m) => m,
            Item::Rendered { bytes, count } => {
                shown += count;
                return match sink.write_rendered(&bytes) {
                    Ok(()) => Flow::More,
                    Err(e) => {
                        write_error = Some(e);
                        Flow::Stop
                    }
                };
            }
        };
        if req.reverse && !backward {
            reversed.push(m);
            return Flow::More;
        }
        shown += 1;
        match sink.write(&m) {
            Ok(()) => Flow::More,
            Err(e) => {
                write_error = Some(e);
                Flow::Stop
            }
        }
    });
    for m in reversed.into_iter().rev() {
        if write_error.is_some() {
            break;
        }
        shown += 1;
        if let Err(e) = sink.write(&m) {
            write_error = Some(e);
        }
    }
    if write_error.is_none() {
        if let Err(e) = sink.finish() {
            write_error = Some(e);
        }
    }
    drop(sink);
    if let Some(p) = pager {
        p.wait();
    }
    if let Some(e) = write_error {
        return output_error(e);
    }
    result.map_err(|e| read_error(&req, e))?;
    if let Some(line) = stats.report() {
        crate::say!("ds01-events: {line}");
    }
    if shown == 0 {
        crate::say!("ds01-events: no events match");
    } else if let Some(limit) = req.limit {
        if shown as usize == limit && io::stderr().is_terminal() {
            let (total, whole) = count_all(&req);
            if total > shown {
                crate::say!(
                    "ds01-events: showing {} of {}{} matching events (--all for all)",
                    output::thousands(shown),
                    if whole { "" } else { "at least " },
                    output::thousands(total)
                );
            }
        }
    }
    Ok(source::answer_code())
}

/// The first `n` matches of a one-stream forward request, in output order:
/// read in sequence (a few chunks), not by the parallel scan, which would
/// go on reading after it is told to stop.
fn head(req: &Request, n: usize) -> Vec<Match> {
    let mut out = Vec::new();
    let Some(stream) = req.streams.first() else {
        return out;
    };
    let Ok(starts) = start_offsets(stream, req.filter.since) else {
        return out;
    };
    for (input, offset) in starts {
        let reader: Box<dyn io::Read + Send> = if offset > 0 && !input.gz {
            match source::open_at(&input.path, offset) {
                Ok(r) => Box::new(r),
                Err(_) => continue,
            }
        } else {
            match input.open() {
                Ok(r) => r,
                Err(_) => continue,
            }
        };
        let mut chunker = source::Chunker::new(reader);
        while let Ok(Some(c)) = chunker.next_chunk() {
            for line in source::lines(&c.data) {
                if let Class::Match(m) = classify(&req.filter, line) {
                    out.push(*m);
                    if out.len() >= n {
                        return out;
                    }
                }
            }
        }
    }
    out
}

/// Every match, counted (for the "showing N of M" note on a terminal).
fn count_all(req: &Request) -> (u64, bool) {
    // The whole history may be a month of archives: count newest file
    // first and stop after a moment ("at least N"), a note must not cost
    // more than the answer.
    const BUDGET: std::time::Duration = std::time::Duration::from_millis(300);
    let started = std::time::Instant::now();
    let mut n = 0u64;
    for stream in &req.streams {
        for input in stream.inputs.iter().rev() {
            if started.elapsed() > BUDGET {
                return (n, false);
            }
            let one = Request {
                streams: vec![Stream {
                    current: stream.current.clone(),
                    inputs: vec![input.clone()],
                    host: stream.host.clone(),
                }],
                limit: None,
                render: None,
                reverse_stream: false,
                ..req.clone()
            };
            let mut stats = Stats::default();
            let _ = run(&one, &mut stats, &mut |_| {
                n += 1;
                Flow::More
            });
        }
    }
    (n, true)
}

/// A closed pipe (`| head`) is a normal end; other write errors are not.
pub fn output_error(e: io::Error) -> Result<i32, Failure> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(exit::OK)
    } else {
        Err(Failure::new(
            exit::CANT_CREATE,
            format!("cannot write output: {e}; check the disk or the pipe"),
        ))
    }
}

fn read_error(req: &Request, e: io::Error) -> Failure {
    let paths: Vec<String> = req
        .streams
        .iter()
        .map(|s| s.current.display().to_string())
        .collect();
    Failure::new(
        exit::NO_INPUT,
        format!(
            "error reading {}: {e}; check the file system (dmesg) and the file (ls -l)",
            paths.join(", ")
        ),
    )
}
