//! `metrics`: Prometheus text format.
use crate::cli::MetricsArgs;
use crate::exit::Failure;

pub fn run(_a: &MetricsArgs, _file: Option<&std::path::Path>) -> Result<i32, Failure> {
    Err(Failure::usage("metrics: not implemented yet"))
}
