//! Help in tiers: `--help` (short, the common examples), `--info` (the full
//! reference), `--concepts` (how it works), and `help TOPIC`.

/// `--help`: at most 25 lines.
pub const SHORT: &str = "\
ds01-events: record and query the events of the shared GPU server

Usage: ds01-events [FILTERS] [OPTIONS]          query (newest 50, oldest first)
       ds01-events log TYPE [key=value ...]      record an event
       ds01-events follow|summary|report|guided|types [FILTERS]

Examples:
  ds01-events --user alice --since \"1 hour ago\"
  ds01-events --type gpu --since today          (gpu.* events since midnight)
  ds01-events --container proj._.1001 --all --json
  ds01-events --problems --since yesterday      (rejects, denials, kills...)
  ds01-events --where new_status=failed --output csv > failed.csv
  ds01-events follow --user alice               (live, like tail -f)
  ds01-events summary --since \"7 days ago\" --by gpu
  ds01-events log gpu.allocate user=alice container=x gpu=1

Filters: -u/--user -c/--container -t/--type -p/--problems -w/--where -g/--grep
         -S/--since -U/--until --source (repeat one to OR; different ones AND)
Output:  -n/--limit N  -a/--all  -r/--reverse  --json  --raw  -o csv  --utc
Files:   -f/--file PATH (default $DS01_EVENTS_FILE, /var/log/ds01/events.jsonl)
Admin:   setup, doctor, metrics, seal/verify (tamper evidence), demo
More:    --info (full reference), --concepts, help TOPIC, man ds01-events
Exit:    0 ok, 64 usage, 65 tampered/damaged, 66 unreadable, 75 not logged
";

pub const TOPICS: &[(&str, &str)] = &[
    (
        "filters",
        "which events: --user, --type, --where, --problems, --grep...",
    ),
    ("time", "the phrases --since and --until read"),
    (
        "output",
        "table, --json, --raw, --output csv, colour, limits",
    ),
    (
        "log",
        "recording events from scripts: log, shell-init, guarantees",
    ),
    (
        "schema",
        "the event envelope, its versions, old and flat logs",
    ),
    (
        "files",
        "where events live, rotation, archives, permissions",
    ),
    ("legacy", "the old command forms that keep working"),
    ("exit-codes", "what each exit code means"),
    ("environment", "the variables ds01-events reads"),
    (
        "seal",
        "tamper evidence: seal, verify, keys and what they prove",
    ),
    ("concepts", "the whole explanation (--concepts)"),
];

pub const FILTERS: &str = "\
Filters (all combine with AND; repeating one filter ORs its values):
  -u, --user NAME         events of this user (exact)
      --source NAME       events written by this script
  -c, --container NAME    events about this container: details.container, details.name
                          (detection events), or a details.container_id prefix
  -t, --type TYPE         a prefix on segment boundaries (gpu matches gpu.allocate and
                          gpu.allocation.lock_timeout, not gpus.x) or a glob (*.reject,
                          container.create*)
  -p, --problems          types naming a failure or enforcement: a type containing
                          reject, denied, deny, fail, error, oom, kill, exceed,
                          timeout, warning, limit, stale, waste, repair_needed,
                          unmanaged or revoke; and any event whose status, result
                          or new_status is fail, failed, error, reset_failed,
                          denied, rejected, timeout or killed (the whole value,
                          any case: health.check status=fail)
  -w, --where COND        KEY=VALUE, KEY!=VALUE, KEY~REGEX on details or top-level fields;
                          numbers and strings compare by their text (priority=50 matches 50
                          and \"50\"); dotted keys reach into nested objects; a missing field
                          counts as not equal
  -g, --grep REGEX        anywhere in the line (smart case: case-insensitive unless the
                          pattern has an upper-case letter)
  -S, --since TIME        at or after TIME (inclusive)
  -U, --until TIME        before TIME (exclusive)
Filter values are data, never code: quotes, $ and backslashes are matched literally.
";

pub const OUTPUT: &str = "\
Output:
  default                 the newest 50 matching events, oldest first (newest at the bottom)
  -n, --limit N           the newest N;  -a, --all  every match;  -r, --reverse  newest first
  (table)                 TIME | TYPE | USER | CONTAINER | DETAILS in local time (--utc for UTC),
                          fitted to the terminal, coloured by category on a terminal
      --json              one normalised v1 object per line (old and flat lines converted)
      --raw               the original lines, untouched (escaped only on a terminal)
  -o, --output FORMAT     table, json, csv (header row, details flattened to columns;
                          keys first seen after 2,000 rows go to the `other` column), raw;
                          csv writes a cell that starts with =, +, -, @, tab or CR (not a
                          plain number such as -5) with a leading ' so that a spreadsheet
                          shows it as text instead of running it as a formula;
                          csv-bare is the same CSV with the bare values, for programs
      --color WHEN        auto (default: on a terminal unless NO_COLOR is set), always, never
      --current           read the current file alone, not its rotated siblings
                          (by default every reader takes the whole history; --archives
                          is kept for old scripts and changes nothing)
Control characters, bidi overrides and zero-width characters from the log are always
shown escaped (\\e, \\x07, \\u{202e}) in the table and CSV, written as \\u escapes in
JSON, and left untouched only by --raw when stdout is not a terminal.
When the limit hides matches and stderr is a terminal, one line there says how many.
Malformed lines are skipped, counted, and reported once on stderr at the end.
";

pub const LOG: &str = "\
Recording events:
  ds01-events log TYPE [key=value ...] [key:=JSON ...] [--user U] [--source S]
    user= and source= fill the envelope; every other key goes under details.
    Values become JSON only when they read back exactly: 50, true, null, [1,2], 1.2 are
    typed; 007, 1.10, 1e5, NaN stay strings. key:=JSON stores raw JSON (an error if invalid).
    Old call forms keep working: `ds01-events TYPE --user U --message M` (flags after the
    type become details).
    --strict (or DS01_EVENTS_STRICT=1): exit 75 when the event is not in the file
    --dry-run: print the line, write nothing
  Guarantees: one write(2) with O_APPEND of one whole line of at most 4096 bytes, so
    concurrent writers never interleave; a larger event keeps every key that fits, its
    longest values shortened first (marked …[truncated]), and details.truncated=true,
    original_size=N (dropped_keys=N only when the keys alone cannot fit).
    Gives up on the file after 1.5 s whatever the file system does (the write runs in a
    child process that may stay behind); refuses symlinks, FIFOs, devices. An argument
    that is not UTF-8 is recorded lossily with details.invalid_utf8=true.
    An event that cannot be appended is reported on stderr (path, cause, fix) and sent to
    syslog (journalctl -t ds01-events); if syslog is unreachable too it is counted as lost
    (one byte per event in /var/lib/ds01-events/lost/UID, else
    $XDG_RUNTIME_DIR/ds01-events-lost; doctor and metrics as root sum every user's).
  From scripts:
    source <(ds01-events shell-init bash)   log_event TYPE [USER] [SOURCE] [k=v ...]
    ds01-events shell-init python > ds01_events.py   from ds01_events import log_event
";

pub const SCHEMA: &str = "\
The event envelope (schema_version \"1\"), one JSON object per line:
  {\"timestamp\":\"2026-01-30T14:30:00.123456Z\",\"event_type\":\"container.create\",
   \"schema_version\":\"1\",\"user\":\"alice\",\"source\":\"docker-wrapper\",\"uid\":1000,
   \"details\":{\"container\":\"alice-jupyter\",\"image\":\"ds01/pytorch:latest\"}}
  timestamp   UTC, RFC 3339, microseconds, Z
  event_type  dot-separated, category first (container, gpu, maintenance, auth...)
  user        the user the event is about (left out when none: counted as (system))
  source      the script that wrote it (default: the calling script's file name)
  uid         the writing process's real uid, set by the writer (user= is whatever the
              caller says; uid is who called): --where uid=1000. Added in this version,
              schema_version stays \"1\"; readers of the old tools ignore the extra key.
  details     everything else; non-ASCII written as \\u escapes
Also read: the old schema ({\"ts\": ..., \"event\": ..., fields flat}) and flat audit logs
({\"timestamp\": ..., \"event\": \"status_change\", \"job_id\": ...}): ts/event map to
timestamp/event_type and flat fields act as details. Bare NaN/Infinity tokens written by
the old Python writer are read as the strings \"NaN\"/\"Infinity\".
Lines are in append order: under concurrent writers a line may carry a timestamp up to a
second older than the line before. Queries are exact regardless, even on lines far out of
order (a wrong clock, a line added by hand): see --concepts, and 'doctor' counts them.
'ds01-events types' lists the known event types and their detail keys.
";

pub const FILES: &str = "\
Files:
  The events file is --file PATH, else $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl.
  Several --file options are merged in time order (queries).
  Rotated siblings: events.jsonl-YYYYMMDD[.gz], events.jsonl-YYYYMMDD-SECONDS[.gz]
  (dateformat -%Y%m%d-%s, ordered by date then seconds), logrotate's .backup files and
  events.jsonl.N[.gz]. Every reader takes the whole history: --all, summary, types --used,
  and the newest-N view, which goes back into the archives only while the current file
  holds fewer matches than the limit; --since reads the archives its time reaches (chosen
  by their names and dates, .gz decompressed as a stream). --current reads the current
  file alone. Inputs are opened without waiting and must be regular files: a FIFO or
  device as the events file is refused (exit 66); as a rotated sibling, or a damaged .gz,
  it is named on stderr in one line, the other files are read, and the exit code is 65
  (the answer is given but incomplete; metrics exits 0 and sets ds01_events_read_errors).
  Rotation: 'ds01-events setup' installs a logrotate config that renames the file and
  creates a new one (create 0664 root GROUP); copytruncate loses events (measured; see
  README) and is never used. Each log call opens the file anew, so nothing goes stale.
  Permissions: the directory is root:GROUP 3775 (setgid, so new files get GROUP; sticky,
  so members append but only root renames or deletes) and the file root:GROUP 0664;
  GROUP defaults to docker. Each events file has its own logrotate config.
  'ds01-events doctor' checks all of it.
  Several servers: 'setup --forward-to HOST[:PORT]' makes rsyslog forward the file by
  RELP (port 2514) to a collector set up with 'setup --collector [--listen ADDR:PORT]
  [--hosts-dir DIR]', which writes DIR/HOST/events.jsonl (default /var/log/ds01/hosts);
  --print-rsyslog prints the config. --hosts-dir DIR (or $DS01_EVENTS_HOSTS_DIR) reads
  every host's file with its rotated siblings, merged in time order; --host NAME (a
  glob, repeatable) picks hosts; the table gains HOST, --json a \"host\" key, metrics a
  host label; summary --by host counts by host; follow picks up new hosts live.
";

pub const LEGACY: &str = "\
Compatible forms (mapped onto the same engine):
  ds01-events user NAME           = --user NAME
  ds01-events container NAME      = --container NAME
  ds01-events gpu                 = --type gpu (any category: container, maintenance, auth...)
  ds01-events errors              = --problems
  ds01-events tail [N]            = the newest N events (default 20)
  ds01-events search REGEX        = --grep REGEX, case-insensitive, newest 100
  ds01-events --follow/--summary/--guided = the follow/summary/guided commands
  ds01-events TYPE --user U --message M   = log TYPE user=U message=M (old scripts)
    Only --user V, --message V, --source V and key=value may follow the TYPE: anything
    else (--since, --all, --json, -n...) is refused with exit 64 and nothing is written;
    ask with 'ds01-events --type TYPE ...', record with 'ds01-events log TYPE ...'.
Options go before or after a command; each command takes only the options it honours
(its --help lists them): -n 3 summary or metrics --json is a usage error, exit 64.
summary --json prints the summary as one JSON document, not events.
";

pub const ENVIRONMENT: &str = "\
Environment:
  DS01_EVENTS_FILE     the events file (default /var/log/ds01/events.jsonl)
  DS01_EVENTS_HOSTS_DIR  a collector's hosts directory to read (as --hosts-dir; --file wins)
  DS01_EVENTS_STRICT   1: log exits 75 when the event is not appended
  DS01_EVENTS_BIN      (shell-init scripts) the binary to call
  DS01_EVENTS_SEAL_DIR where seal and verify keep the checkpoints (default: the state dir)
  DS01_EVENTS_STATE_DIR  the state directory (default /var/lib/ds01-events: lost counters, seals)
  TZ                   the zone times are shown and read in (--utc for UTC)
  NO_COLOR             set and non-empty: no colour
  TERM                 dumb: no colour
  COLUMNS              the table's width on a terminal (else the tty's)
  DS01_EVENTS_PAGER    pager for output on a terminal (else PAGER, else less,
                       LESS=FRSXMK if unset); empty or cat: none; --no-pager
";

pub const SEAL: &str = "\
Tamper evidence (seal, verify):
  sudo ds01-events seal --init [--interval 15min]   create the state, print the verification key
  sudo ds01-events setup --seal                     a timer that seals every minute
  ds01-events verify [--key KEY | --key-file F]     check every file against the checkpoints
  --seal-dir DIR (or DS01_EVENTS_SEAL_DIR): where seal.key (0600) and seals.jsonl (0644) live,
  default /var/lib/ds01-events. verify exits 0 intact, 65 tampering found, 66 unreadable;
  --json for machines. doctor and metrics show the newest seal and the unsealed lines.
  See --concepts (Tamper evidence) for what is and is not protected.
";

pub const CONCEPTS: &str = "\
Concepts

Events. Every script on the server that changes something (creates a container,
allocates or releases a GPU, kills an idle container, denies access) records one event:
a single JSON line appended to one shared file. An event says when (timestamp, UTC),
what (event_type, dot-separated: category.action), about whom (user), who wrote it
(source), which uid really wrote it (uid) and the rest (details). Admins ask the file
questions with filters. A line as 'ds01-events log' writes it (schema version 1, every
field):

{\"timestamp\":\"2026-01-30T14:30:00.123456Z\",\"event_type\":\"container.create\",\"schema_version\":\"1\",\"user\":\"alice\",\"source\":\"docker-wrapper\",\"uid\":1000,\"details\":{\"container\":\"alice-jupyter\",\"image\":\"ds01/pytorch:latest\",\"gpu\":1}}

A line of the old schema, still in older files (ts/event, every other field flat):

{\"ts\": \"2025-11-02T09:14:03.512Z\", \"event\": \"container.created\", \"user\": \"alice\", \"container\": \"proj._.alice\", \"gpu\": \"1.2\"}

Schema versions. Version \"1\" is the envelope above. Files written before it use the old
schema (ts/event with flat fields), and other audit logs of the same family are flat
(timestamp/event plus fields). The reader maps all of them onto one view, so one filter
works on every file the server has ever written. --json prints everything as v1.

The never-block guarantee. Logging must never stop or break the calling script. The
writer opens the file with O_APPEND and writes the whole line in one write(2): the
kernel serialises such appends, so concurrent writers never interleave. It refuses
anything but a regular file without blocking, and does the open and the write in a
child process: after 1.5 seconds it gives up on the file whatever the file system does
(the stuck child is left behind, holding none of the caller's descriptors) and hands
the event to syslog with a non-blocking datagram, so
an event that cannot be written is never lost silently. Exit status stays 0 unless
--strict asks otherwise: a logging failure must not fail a cron job.

Permissions. Scripts run as many users. The directory is root:GROUP 3775 and the file
root:GROUP 0664, so every member of GROUP (default docker) can append, only root (and
logrotate) can rename, replace or delete the file (the sticky bit), and a file the
writer re-creates gets the group from the setgid directory and mode 0664 from the
writer. 'ds01-events doctor' checks this; when it is wrong every non-root event would be
dropped, which is why the warning names the group to join.

Rotation. logrotate renames the file daily, or sooner when it passes 100 MB
(events.jsonl-YYYYMMDD-EPOCH, compressed a rotation later), and creates a new one. Because each log call opens the file anew, no writer keeps
writing to the renamed file. copytruncate, which copies and then truncates, loses the
events appended in between and is never used. follow notices renames and truncation and
reads the old file to its end before switching.

Reading fast. The newest events are read backwards from the end of the file; --since
finds its starting point by binary search on timestamps (stepping back 10 minutes to
allow for writers' clock jitter), and --until stops after the last line that can match,
both only inside the part of the file checked to be in that order: a line dated a year
ahead or a host hours slow makes the rest be read line by line, so answers stay exact.
The check reads only the times, once: what it found is kept in ~/.cache/ds01-events
(XDG_CACHE_HOME), and later runs check only what was appended. Full scans split the file
into chunks parsed on every core, after a byte prefilter that skips lines which cannot
match. Memory stays bounded whatever the file size.

Tamper evidence. The file is group-writable so every script can append, so anyone in the
group (or a later root) could rewrite history. 'seal' (every minute from a timer that
'setup --seal' installs) appends checkpoints to seals.jsonl in the seal directory: for
each file (identified by its first line, so rotation and gzip do not matter) the byte
range of complete lines appended since the last checkpoint, their count, a BLAKE3 hash
of those bytes, a SHA-256 chain over all checkpoints, and an HMAC-SHA-256 with the key
of the current epoch. Keys evolve one-way (K(n+1) = SHA-256(label || K(n))) at every
--interval (default 15 min), the old key overwritten first, so a later intruder cannot
re-seal the past. 'seal --init' prints the verification key (K(0), start, interval)
once: keep it off the machine. 'verify' checks every file and its rotated siblings:
without the key the chain and the ranges (catches anyone who cannot write the seal
directory), with --key also every MAC with its own epoch's key, that the first
checkpoint is in epoch 0, and that no checkpoint covers events much older than its
epoch (a re-seal with a later key). Findings name the lines ('lines 148-152 changed
after sealing', '1 line deleted among sealed lines 11-15', 'file truncated at byte N',
'checkpoints 2-9 missing'); lines after the last checkpoint are 'not yet sealed', not
tampering. Not protected: that unsealed tail (at most a minute), and lines an attacker
who is root rewrites before the first checkpoint of an epoch. Exit 0 intact, 65
tampering, 66 unreadable.

Time. Phrases are read in the local zone (TZ, or the system's; UTC with --utc):
'today' is local midnight, '1 hour ago' is now minus an hour. All comparison is on
instants, so bounds with any offset are exact.
";

/// The `report --help` text after the options: how each number is counted.
pub const REPORT_AFTER_HELP: &str = "\
Window: --month YYYY-MM is that UTC month, [1st 00:00, next 1st 00:00); or
--since/--until; without either, the whole history. Every file is read
(rotated and .gz ones too) up to the window's end (a file rotated a day past
it is not), with the usual filters; malformed lines are counted, never fatal.
GPU-hours: per (container, GPU), GPU being details.gpu_uuid or else details.gpu,
gpu.allocate or gpu.allocated opens an interval unless one is open, gpu.release
or gpu.released closes it (a release with nothing open is ignored). The pairing
runs over the whole history; only intervals OPENED inside the window count (one
opened before the window start counts nothing, not even its part inside the
window); one still open at the window's end (or now) ends there. Hours go to
the user of the opening event. Per-day rows are UTC days.
Lifetimes: container_discovered to container_exited of the same container_id,
both inside the window; median = the upper middle value for an even count.
Output: text, --markdown (the monthly report's container-activity section),
--json (one object). Exit: 0 ok, 64 usage, 65 an archive damaged, 66 unreadable.";

/// The text of a topic, or `None` when there is no such topic.
pub fn topic(name: &str) -> Option<String> {
    Some(match name {
        "filters" | "filter" => filters(),
        "time" | "times" | "since" | "until" => crate::timespec::FORMS_HELP.to_string(),
        "output" | "format" => OUTPUT.to_string(),
        "log" | "logging" | "write" => LOG.to_string(),
        "schema" | "envelope" => SCHEMA.to_string(),
        "files" | "rotation" | "permissions" => FILES.to_string(),
        "legacy" | "compat" => LEGACY.to_string(),
        "exit-codes" | "exit" => format!("Exit codes:\n  {}\n", crate::exit::TABLE.trim_start()),
        "environment" | "env" => ENVIRONMENT.to_string(),
        "seal" | "verify" | "tamper" => SEAL.to_string(),
        "concepts" => CONCEPTS.to_string(),
        _ => return None,
    })
}

fn filters() -> String {
    FILTERS.to_string()
}

/// The list printed by `help` without a topic.
pub fn topic_list() -> String {
    let mut s = String::from("Help topics (ds01-events help TOPIC):\n");
    for (name, what) in TOPICS {
        s += &format!("  {name:<12} {what}\n");
    }
    s
}

/// `--info`: the full reference, around `long_help` (clap's rendering of
/// every flag) and the visible `commands` (name, one-line about), both
/// given by [`crate::cli::info`].
pub fn info(long_help: &str, commands: &[(String, String)]) -> String {
    let mut s = String::new();
    s += "ds01-events: full reference (short help: --help; explanations: --concepts)\n\n";
    s += long_help;
    s += "\nCommands:\n";
    for (name, about) in commands {
        s += &format!("  {name:<11} {about}\n");
    }
    s += "  (each command takes --help)\n\n";
    s += &filters();
    s += "\n";
    s += crate::timespec::FORMS_HELP;
    s += "\n";
    s += OUTPUT;
    s += "\n";
    s += LOG;
    s += "\n";
    s += FILES;
    s += "\n";
    s += LEGACY;
    s += "\n";
    s += SEAL;
    s += "\n";
    s += ENVIRONMENT;
    s += &format!("\nExit codes:\n  {}\n", crate::exit::TABLE.trim_start());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_help_fits_25_lines() {
        assert!(SHORT.lines().count() <= 25, "{}", SHORT.lines().count());
    }

    #[test]
    fn every_listed_topic_exists() {
        for (name, _) in TOPICS {
            assert!(topic(name).is_some(), "{name}");
        }
    }

    #[test]
    fn the_problems_rule_lists_every_word() {
        let problems: String = FILTERS
            .lines()
            .skip_while(|l| !l.contains("--problems"))
            .take_while(|l| !l.contains("--where"))
            .collect::<Vec<_>>()
            .join(" ");
        let words: Vec<&str> = problems
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .collect();
        for w in crate::event::registry::PROBLEM_WORDS
            .iter()
            .chain(crate::event::registry::PROBLEM_STATUS_KEYS)
            .chain(crate::event::registry::PROBLEM_STATUS_VALUES)
        {
            assert!(words.contains(w), "--problems help lacks {w}");
        }
    }
}
