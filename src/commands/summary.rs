//! `summary`: counts by type, user, source and time.
use super::query::QueryOptions;
use crate::cli::SummaryArgs;
use crate::exit::Failure;

pub fn run(_o: QueryOptions, _args: &SummaryArgs) -> Result<i32, Failure> {
    Err(Failure::usage("summary: not implemented yet"))
}
