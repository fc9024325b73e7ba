//! Value parsers that accept any text and offer known names to completion.

/// Any text, offering `names` to completion: a value outside them is still
/// accepted.
#[derive(Clone, Copy, Debug)]
pub struct AnyTextNaming {
    names: fn() -> Vec<&'static str>,
}

/// `--type`, `log TYPE`: the registry's categories and types are offered; a
/// glob or an unknown type is still accepted.
#[allow(non_upper_case_globals)]
pub const TypeNames: AnyTextNaming = AnyTextNaming {
    names: || {
        let mut names = crate::event::registry::categories();
        names.extend(crate::event::registry::TYPES.iter().map(|t| t.name));
        names
    },
};

/// `help TOPIC`: the help topics are offered.
#[allow(non_upper_case_globals)]
pub const TopicNames: AnyTextNaming = AnyTextNaming {
    names: || crate::help::TOPICS.iter().map(|(name, _)| *name).collect(),
};

impl clap::builder::TypedValueParser for AnyTextNaming {
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
            (self.names)()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}
