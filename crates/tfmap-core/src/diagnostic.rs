//! Problems met while reading the input. Loading never fails as a whole: it returns what it
//! could read and these.

use crate::location::Location;

pub mod terminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    pub location: Location,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            severity: Severity::Warning,
            message: message.into(),
        }
    }

    pub fn info(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            severity: Severity::Info,
            message: message.into(),
        }
    }
}

/// For a person: the location, severity and message, with what the message quotes from the
/// input escaped for a terminal.
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            terminal::escape(&self.location.to_string()),
            self.severity.as_str(),
            terminal::escape(&self.message)
        )
    }
}
