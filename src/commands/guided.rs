//! `guided`: an interactive walkthrough.
use crate::cli::GlobalArgs;
use crate::exit::Failure;

pub fn run(_g: &GlobalArgs) -> Result<i32, Failure> {
    Err(Failure::usage("guided: not implemented yet"))
}
