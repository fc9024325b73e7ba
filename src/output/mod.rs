//! Output sinks: table, JSON, CSV, raw; and the one escape function.

pub mod escape;
