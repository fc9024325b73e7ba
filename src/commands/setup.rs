//! `setup`: directory, file and logrotate config.
use crate::cli::SetupArgs;
use crate::exit::Failure;

pub fn run(_a: &SetupArgs, _file: Option<&std::path::Path>) -> Result<i32, Failure> {
    Err(Failure::usage("setup: not implemented yet"))
}
