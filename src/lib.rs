//! ds01-events: record and query the event log of a shared GPU server.
//!
//! Two flows, each one way (ARCHITECTURE.md walks them hop by hop):
//! write: argv -> cli -> event::envelope -> writer -> file (syslog when the file refuses)
//! read:  argv -> cli -> config -> engine (files -> event -> filter) -> output / aggregate / report
//!
//! Only `cli` and `commands` see clap; only `commands` and `main` import the
//! commands. Every reader goes through [`engine`].

pub mod aggregate;
pub(crate) mod cli;
pub mod commands;
pub mod config;
pub(crate) mod decompress;
pub mod engine;
pub mod event;
pub(crate) mod exit;
pub mod filter;
pub(crate) mod help;
pub(crate) mod logrotate;
pub mod output;
pub(crate) mod report;
pub(crate) mod rsyslog;
pub(crate) mod safe_fs;
pub(crate) mod seal;
pub mod shell_init;
pub(crate) mod sysinfo;
pub mod timespec;
pub(crate) mod writer;
