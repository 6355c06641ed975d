//! Why a command stopped, and the exit code each reason gives: the one place where outcomes
//! become exit codes (documented in the README).

/// Exit codes, documented in the README.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_INPUT: u8 = 2;

/// Why a command did not succeed. Each command prints its output itself; what is left for
/// standard error and the exit code is said here.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input tfmap cannot use (a directory, file, flag or value) or output it cannot
    /// write: the message, exit 2.
    #[error("{0}")]
    Input(String),
    /// Like [`Error::Input`], with several messages (a plan's diagnostics), each on its line.
    #[error("{}", .0.join("\n"))]
    Inputs(Vec<String>),
    /// `analyze --strict` and an error diagnostic, which the output shows: exit 2, nothing
    /// more said.
    #[error("an error diagnostic was raised (--strict)")]
    Strict,
    /// The gate failed (`check`, `diff`): its summary, exit 1. The output says it in full.
    #[error("{0}")]
    Gate(String),
}

impl Error {
    /// The exit code of this outcome.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Gate(_) => EXIT_FINDINGS,
            Error::Input(_) | Error::Inputs(_) | Error::Strict => EXIT_INPUT,
        }
    }

    /// Prints on standard error what the output does not say.
    pub fn report(&self) {
        match self {
            Error::Input(message) | Error::Gate(message) => report(format_args!("{message}")),
            Error::Inputs(messages) => {
                for message in messages {
                    report(format_args!("{message}"));
                }
            }
            Error::Strict => {}
        }
    }
}

/// Prints a message on standard error, escaped: messages quote paths, names and the output
/// of git, all of which may come from the repository, and a control character must not
/// reach a terminal or a CI log (`\n::error …` would be a GitHub Actions command).
pub fn report(message: std::fmt::Arguments<'_>) {
    eprintln!(
        "tfmap: {}",
        tfmap_loader::diagnostic::terminal::escape(&message.to_string())
    );
}
