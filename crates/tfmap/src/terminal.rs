//! What standard output is: whether to colour the text report and whether to time it.

use crate::args::ColorChoice;
use std::io::IsTerminal;

/// `--color`: `always` and `never` as asked; `auto` as anstream decides for standard output
/// (`NO_COLOR` turns colour off, `CLICOLOR_FORCE` on even in a pipe, else a terminal that is
/// not `TERM=dumb`).
pub fn colour(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// Whether a person is watching standard output: only then does the report say how long it
/// took, so that output written to a pipe or a file is the same from run to run.
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}
