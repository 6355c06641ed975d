//! `tfmap`: the command line. It only parses arguments, runs the command (the `tfmap`
//! library: loader, model and a renderer) and turns the outcome into an exit code.

use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;
use tfmap::args::Cli;

/// The loader and model allocate many small values (a third of all instructions went to
/// glibc's malloc and free); mimalloc serves them faster and returns memory more readily.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Parsed through the matches, which keep the order of --var-file and --var.
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    tfmap::timings::install_if_asked();
    match tfmap::commands::run(&cli, &matches) {
        Ok(()) => ExitCode::from(tfmap::error::EXIT_OK),
        Err(error) => {
            error.report();
            ExitCode::from(error.exit_code())
        }
    }
}
