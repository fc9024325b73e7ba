//! The rsyslog configs of several servers: a sender forwards its events file
//! to a collector by RELP; the collector writes one file per sending host.
//! `setup --forward-to` / `setup --collector` install them,
//! `--print-rsyslog` prints them, `doctor` checks them.
//!
//! Facts these configs rest on (tried with Debian's rsyslog 8.2302 and
//! rsyslog-relp, and tested by tests/integration/hosts.rs with real rsyslogd processes):
//! - imfile in inotify mode follows the file across rename rotation and
//!   reads the new file from its start; each line is one message, passed on
//!   unchanged.
//! - omrelp with a disk-assisted queue (`LinkedList` plus `queue.filename`)
//!   holds messages while the collector is away, `queue.saveOnShutdown`
//!   keeps them across a restart, `action.resumeRetryCount="-1"` retries
//!   for ever. RELP acknowledges each message: delivery is at least once.
//! - On the collector `%msg%` starts with the space of the syslog framing;
//!   `%msg:2:$%` drops it and the file is byte-identical to the sender's.
//! - The snippets hold no `global()` statement, so they work when included
//!   from any rsyslog.conf (the main config owns workDirectory,
//!   maxMessageSize and the host name).

use std::path::{Path, PathBuf};

/// The RELP port when none is given.
pub const DEFAULT_PORT: u16 = 2514;
/// Where `setup --forward-to` installs the sender's config.
pub const FORWARD_CONF: &str = "/etc/rsyslog.d/60-ds01-events-forward.conf";
/// Where `setup --collector` installs the collector's config.
pub const COLLECTOR_CONF: &str = "/etc/rsyslog.d/60-ds01-events-collector.conf";
/// The logrotate config of the collector's per-host files.
pub const HOSTS_LOGROTATE: &str = "/etc/logrotate.d/ds01-events-hosts";
/// Where the collector writes `HOST/events.jsonl`.
pub const DEFAULT_HOSTS_DIR: &str = "/var/log/ds01/hosts";
/// The collector's default listening address.
pub const DEFAULT_LISTEN: &str = "0.0.0.0";
/// The name of the sender's queue files in rsyslog's work directory
/// (`NAME.00000001`, ...; `NAME.qi` the index).
pub const QUEUE_NAME: &str = "ds01-events-forward";
/// The most disk the sender's queue may take.
pub const QUEUE_MAX_DISK: &str = "1g";
/// rsyslog's work directory when its config names none (Debian's).
pub const DEFAULT_WORK_DIR: &str = "/var/spool/rsyslog";
/// The main rsyslog config.
pub const MAIN_CONF: &str = "/etc/rsyslog.conf";

/// A collector's address: a host name or IP address and a port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
}

impl Endpoint {
    /// `host:port`, with brackets around an IPv6 address.
    pub fn shown(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// Reads `HOST`, `HOST:PORT`, `[IPV6]:PORT` or a bare IPv6 address; the
/// port defaults to [`DEFAULT_PORT`].
pub fn parse_endpoint(s: &str, flag: &str) -> Result<Endpoint, String> {
    let bad = |why: &str| {
        format!(
            "{flag} '{}': {why}; give HOST[:PORT] such as collector.lab or 10.0.0.5:2514",
            crate::output::escape::escape(s)
        )
    };
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let (h, after) = rest
            .split_once(']')
            .ok_or_else(|| bad("a '[' without its ']'"))?;
        match after {
            "" => (h, None),
            p => (
                h,
                Some(p.strip_prefix(':').ok_or_else(|| bad("junk after ']'"))?),
            ),
        }
    } else if s.matches(':').count() > 1 {
        (s, None)
    } else {
        match s.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (s, None),
        }
    };
    if host.is_empty() {
        return Err(bad("no host"));
    }
    let ok = |c: char| c.is_ascii_alphanumeric() || ".-_:%".contains(c);
    if !host.chars().all(ok) {
        return Err(bad(
            "a host name holds letters, digits, '.', '-' and '_' only",
        ));
    }
    let port = match port {
        None => DEFAULT_PORT,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => n,
            _ => return Err(bad("the port must be a number from 1 to 65535")),
        },
    };
    Ok(Endpoint {
        host: host.to_string(),
        port,
    })
}

/// A path rsyslog can be given: absolute, and free of the characters its
/// strings, templates and imfile's wildcards would read as syntax.
pub fn check_path(p: &Path, what: &str) -> Result<String, String> {
    let s = p.to_str().ok_or_else(|| {
        format!(
            "{what} {} is not UTF-8; rsyslog cannot be given it",
            p.display()
        )
    })?;
    if !p.is_absolute() {
        return Err(format!(
            "{what} {} must be an absolute path for rsyslog",
            crate::output::escape::escape(s)
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| c.is_control() || "\"\\%*?[]{}'$`".contains(*c))
    {
        return Err(format!(
            "{what} {} holds '{}', which rsyslog reads as syntax; use a path without it",
            crate::output::escape::escape(s),
            crate::output::escape::escape(&c.to_string())
        ));
    }
    Ok(s.to_string())
}

/// The sender's snippet: imfile on `events`, omrelp to `to`.
pub fn forward_config(events: &str, to: &Endpoint) -> String {
    format!(
        "# Installed by 'ds01-events setup --forward-to {shown}'; 'ds01-events doctor' checks it.\n\
         # Each line of {events} goes, byte for byte, to the collector by RELP\n\
         # (acknowledged: at least once). While the collector is away a disk-assisted\n\
         # queue in rsyslog's work directory holds the lines (at most {QUEUE_MAX_DISK}; kept\n\
         # across restarts), then imfile waits and the lines stay in the events file.\n\
         # No global settings here: the main config owns workDirectory and\n\
         # maxMessageSize\n\
         # (lines longer than maxMessageSize, default 8k, would be cut).\n\
         module(load=\"imfile\" mode=\"inotify\")\n\
         module(load=\"omrelp\")\n\
         input(type=\"imfile\" file=\"{events}\" tag=\"ds01-events:\"\n\
         \x20     ruleset=\"ds01-events-forward\" addMetadata=\"off\"\n\
         \x20     freshStartTail=\"off\" reopenOnTruncate=\"on\" persistStateInterval=\"100\")\n\
         ruleset(name=\"ds01-events-forward\") {{\n\
         \x20   action(type=\"omrelp\" name=\"{QUEUE_NAME}\"\n\
         \x20          target=\"{host}\" port=\"{port}\" template=\"RSYSLOG_ForwardFormat\"\n\
         \x20          queue.type=\"LinkedList\" queue.filename=\"{QUEUE_NAME}\"\n\
         \x20          queue.saveOnShutdown=\"on\" queue.maxDiskSpace=\"{QUEUE_MAX_DISK}\"\n\
         \x20          queue.size=\"100000\" queue.checkpointInterval=\"100\"\n\
         \x20          action.resumeRetryCount=\"-1\" action.resumeInterval=\"5\"\n\
         \x20          action.reportSuspension=\"on\")\n\
         \x20   stop\n\
         }}\n",
        shown = to.shown(),
        host = to.host,
        port = to.port,
    )
}

/// The collector's snippet: imrelp on `listen`, one file per sending host
/// under `hosts_dir`, owned root:`group` with the local file's modes.
pub fn collector_config(hosts_dir: &str, listen: &Endpoint, group: &str) -> String {
    format!(
        "# Installed by 'ds01-events setup --collector'; 'ds01-events doctor' checks it.\n\
         # Receives forwarded events by RELP on {shown} and writes each sender's lines,\n\
         # byte for byte, to {hosts_dir}/HOST/events.jsonl (query them with\n\
         # 'ds01-events --hosts-dir {hosts_dir}'). %msg:2:$% drops the space of the\n\
         # syslog framing; secpath-replace keeps a host name from leaving the directory.\n\
         module(load=\"imrelp\")\n\
         input(type=\"imrelp\" address=\"{addr}\" port=\"{port}\" ruleset=\"ds01-events-collect\")\n\
         template(name=\"ds01-events-host-file\" type=\"string\"\n\
         \x20        string=\"{hosts_dir}/%hostname:::secpath-replace%/events.jsonl\")\n\
         template(name=\"ds01-events-line\" type=\"string\" string=\"%msg:2:$%\\n\")\n\
         ruleset(name=\"ds01-events-collect\") {{\n\
         \x20   action(type=\"omfile\" dynaFile=\"ds01-events-host-file\" template=\"ds01-events-line\"\n\
         \x20          fileOwner=\"root\" fileGroup=\"{group}\" fileCreateMode=\"{file_mode:04o}\"\n\
         \x20          dirOwner=\"root\" dirGroup=\"{group}\" dirCreateMode=\"0{dir_mode:o}\"\n\
         \x20          createDirs=\"on\" dynaFileCacheSize=\"100\" flushOnTXEnd=\"on\")\n\
         \x20   stop\n\
         }}\n",
        shown = listen.shown(),
        addr = listen.host,
        port = listen.port,
        file_mode = crate::writer::FILE_MODE,
        dir_mode = crate::writer::DIR_MODE,
    )
}

/// The logrotate config of the collector's per-host files: rename rotation
/// and the local file's naming, then rsyslog closes its files (HUP) so the
/// next line opens a new one.
pub fn hosts_logrotate(hosts_dir: &str, group: &str) -> String {
    format!(
        "# Installed by 'ds01-events setup --collector'; 'ds01-events doctor' checks it.\n\
         # Rename rotation, the local file's naming; rsyslog reopens on HUP.\n\
         {hosts_dir}/*/events.jsonl {{\n\
         {policy}\
         \x20   sharedscripts\n\
         \x20   postrotate\n\
         \x20       if [ -d /run/systemd/system ]; then systemctl kill -s HUP rsyslog.service; elif [ -s /run/rsyslogd.pid ]; then kill -HUP \"$(cat /run/rsyslogd.pid)\"; fi 2>/dev/null || true\n\
         \x20   endscript\n\
         }}\n",
        policy = crate::logrotate::rotation_policy(group),
    )
}

/// The collector a sender's installed config forwards to, read back from
/// its `target=` and `port=`.
pub fn configured_target(config: &str) -> Option<Endpoint> {
    let value = |key: &str| {
        let at = config.find(&format!(" {key}=\""))? + key.len() + 3;
        let end = config[at..].find('"')?;
        Some(config[at..at + end].to_string())
    };
    Some(Endpoint {
        host: value("target")?,
        port: value("port")?.parse().ok()?,
    })
}

/// The events file a sender's installed config follows.
pub fn configured_file(config: &str) -> Option<String> {
    let at = config.find(" file=\"")? + 7;
    let end = config[at..].find('"')?;
    Some(config[at..at + end].to_string())
}

/// rsyslog's work directory, from the main config (`$WorkDirectory` or
/// `workDirectory=` in `global()`), else [`DEFAULT_WORK_DIR`].
pub fn work_dir(main_conf: &str) -> PathBuf {
    for line in main_conf.lines() {
        let l = line.trim();
        if l.starts_with('#') {
            continue;
        }
        if let Some(rest) = l.strip_prefix("$WorkDirectory") {
            return PathBuf::from(rest.trim());
        }
        if let Some(at) = l.to_ascii_lowercase().find("workdirectory=\"") {
            let rest = &l[at + 15..];
            if let Some(end) = rest.find('"') {
                return PathBuf::from(&rest[..end]);
            }
        }
    }
    PathBuf::from(DEFAULT_WORK_DIR)
}

/// The sender's queue backlog on disk: the bytes of its queue files in
/// `work_dir` (0 when the collector keeps up), and how many files.
pub fn queue_backlog(work_dir: &Path) -> std::io::Result<(u64, usize)> {
    let mut bytes = 0;
    let mut files = 0;
    for entry in std::fs::read_dir(work_dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some(rest) = name
            .strip_prefix(QUEUE_NAME)
            .and_then(|r| r.strip_prefix('.'))
        else {
            continue;
        };
        if rest.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty() {
            bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
            files += 1;
        }
    }
    Ok((bytes, files))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        let e = |s| parse_endpoint(s, "--forward-to");
        assert_eq!(
            e("collector.lab").unwrap(),
            Endpoint {
                host: "collector.lab".into(),
                port: 2514
            }
        );
        assert_eq!(e("10.0.0.5:3000").unwrap().port, 3000);
        assert_eq!(e("[::1]:2600").unwrap().host, "::1");
        assert_eq!(e("fe80::1").unwrap().port, 2514);
        assert_eq!(e("[::1]:2600").unwrap().shown(), "[::1]:2600");
        for bad in [
            "",
            ":2514",
            "a b",
            "host:0",
            "host:99999",
            "host:x",
            "[::1",
            "a\"b",
        ] {
            assert!(e(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sender_snippet() {
        let to = parse_endpoint("c.lab", "x").unwrap();
        let c = forward_config("/var/log/ds01/events.jsonl", &to);
        for want in [
            "mode=\"inotify\"",
            "file=\"/var/log/ds01/events.jsonl\"",
            "type=\"omrelp\"",
            "target=\"c.lab\" port=\"2514\"",
            "queue.type=\"LinkedList\"",
            "queue.filename=\"ds01-events-forward\"",
            "queue.saveOnShutdown=\"on\"",
            "action.resumeRetryCount=\"-1\"",
            "queue.maxDiskSpace=\"1g\"",
        ] {
            assert!(c.contains(want), "{want} in {c}");
        }
        assert!(!c.contains("global("));
        assert_eq!(configured_target(&c), Some(to));
        assert_eq!(
            configured_file(&c).as_deref(),
            Some("/var/log/ds01/events.jsonl")
        );
    }

    #[test]
    fn collector_snippet() {
        let l = parse_endpoint("127.0.0.1:2600", "x").unwrap();
        let c = collector_config("/var/log/ds01/hosts", &l, "docker");
        for want in [
            "type=\"imrelp\" address=\"127.0.0.1\" port=\"2600\"",
            "/var/log/ds01/hosts/%hostname:::secpath-replace%/events.jsonl",
            "%msg:2:$%\\n",
            "fileCreateMode=\"0664\"",
            "dirCreateMode=\"03775\"",
            "fileGroup=\"docker\"",
        ] {
            assert!(c.contains(want), "{want} in {c}");
        }
        assert!(!c.contains("global("));
        let r = hosts_logrotate("/var/log/ds01/hosts", "docker");
        assert!(r.contains("/var/log/ds01/hosts/*/events.jsonl {"));
        assert!(r.contains("dateformat -%Y%m%d-%s"));
        assert!(!r.contains("copytruncate"));
    }

    #[test]
    fn paths_rsyslog_cannot_take() {
        assert!(check_path(Path::new("/var/log/ds01/events.jsonl"), "x").is_ok());
        for bad in ["rel/events.jsonl", "/a\"b", "/a*b", "/a%b", "/a\nb"] {
            assert!(check_path(Path::new(bad), "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn work_directory() {
        assert_eq!(
            work_dir("# x\n$WorkDirectory /var/spool/rsyslog\n"),
            PathBuf::from("/var/spool/rsyslog")
        );
        assert_eq!(
            work_dir("global(workDirectory=\"/tmp/w\" localHostname=\"a\")\n"),
            PathBuf::from("/tmp/w")
        );
        assert_eq!(work_dir(""), PathBuf::from(DEFAULT_WORK_DIR));
    }
}
