//! The integration tests: one binary, one module per area (see
//! tests/README.md for what lives where, the tiers and how to add a test).

mod util;

mod commands;
mod engine_props;
mod fast_paths;
mod follow;
mod generated;
mod guided;
mod guided_picker;
mod history;
mod hosts;
mod log;
mod malformed;
mod metrics;
mod output;
mod query;
mod readme_examples;
mod report;
mod rotation;
mod seal;
mod security;
mod setup_doctor;
mod shell_init;
mod static_binary;
mod trust_cli;
