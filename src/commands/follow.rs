//! `follow`: the newest events, then new ones as they are written.
use super::query::QueryOptions;
use crate::exit::Failure;

pub fn run(_o: QueryOptions) -> Result<i32, Failure> {
    Err(Failure::usage("follow: not implemented yet"))
}
