//! ds01-events: record and query the event log of a shared GPU server.
//!
//! Two flows, each one way:
//! write: argv -> cli -> envelope -> writer -> file (syslog when the file refuses)
//! read:  files -> source -> record -> filter -> output / aggregate / follow

pub mod aggregate;
pub mod cli;
pub mod commands;
pub mod decompress;
pub mod envelope;
pub mod exit;
pub mod filter;
pub mod help;
pub mod logrotate;
pub mod output;
pub mod record;
pub mod registry;
pub mod report;
pub mod rsyslog;
pub mod safe_fs;
pub mod seal;
pub mod shell_init;
pub mod source;
pub mod sysinfo;
pub mod timespec;
pub mod writer;
