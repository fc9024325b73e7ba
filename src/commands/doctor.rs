//! `doctor`: health checks.
use crate::cli::DoctorArgs;
use crate::exit::Failure;

pub fn run(_a: &DoctorArgs, _file: Option<&std::path::Path>, _json: bool) -> Result<i32, Failure> {
    Err(Failure::usage("doctor: not implemented yet"))
}
