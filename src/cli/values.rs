//! Value parsers that accept any text and offer known names to completion.

/// Any text, offering the registry's categories and types to completion
/// (`--type`, `log TYPE`): a glob or an unknown type is still accepted.
#[derive(Clone, Copy, Debug)]
pub struct TypeNames;

impl clap::builder::TypedValueParser for TypeNames {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let cats = crate::event::registry::categories();
        let types = crate::event::registry::TYPES.iter().map(|t| t.name);
        Some(Box::new(
            cats.into_iter()
                .chain(types)
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// Any text, offering the help topics to completion (`help TOPIC`).
#[derive(Clone, Copy, Debug)]
pub struct TopicNames;

impl clap::builder::TypedValueParser for TopicNames {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            crate::help::TOPICS
                .iter()
                .map(|(name, _)| clap::builder::PossibleValue::new(*name)),
        ))
    }
}
