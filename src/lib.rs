//! ds01-events: record and query the event log of a shared GPU server.
//!
//! Two flows, each one way (ARCHITECTURE.md walks them hop by hop):
//! write: argv -> cli -> event::envelope -> writer -> file (syslog when the file refuses)
//! read:  argv -> cli -> config -> engine (files -> event -> filter) -> output / aggregate / report
//!
//! Only `cli` and `commands` see clap; only `commands` and `main` import the
//! commands. Every reader goes through [`engine`].

pub mod aggregate;
pub mod cli;
pub mod commands;
pub mod config;
pub mod engine;
pub mod event;
pub mod exit;
pub mod filter;
pub mod help;
pub mod logrotate;
pub mod output;
pub mod report;
pub mod rsyslog;
pub mod safe_fs;
pub mod seal;
pub mod shell_init;
pub mod sysinfo;
pub mod timespec;
pub mod writer;
