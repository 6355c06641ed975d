//! One module per subcommand, and what they share: the load options built from the command
//! line, the analysis of a directory through the pipeline, writing the output, the gate.

mod analyze;
mod check;
mod compare;
mod diff;
mod graph;
mod report;
mod rule;

use crate::args::{Cli, Command, GlobalArgs, PlanArgs, VariableArgs};
use crate::error::Error;
use crate::{configuration, pipeline, plan_input, variables};
use clap::ArgMatches;
use std::io::Write;
use std::path::Path;
use tfmap_loader::LoadOptions;

/// Runs the command `cli` names; `matches` are the parsed arguments, which keep the order
/// of --var-file and --var.
pub fn run(cli: &Cli, matches: &ArgMatches) -> Result<(), Error> {
    configure_threads(match &cli.command {
        Command::Analyze(args) => args.threads,
        _ => None,
    });
    let sub = matches.subcommand().map(|(_, m)| m);
    let global = &cli.global;
    let options = |variables: &VariableArgs| load_options(variables, sub, global);
    match &cli.command {
        Command::Analyze(args) => analyze::run(args, options(&args.variables)?, global),
        Command::Graph(args) => graph::run(args, &options(&args.variables)?, global),
        Command::Compare(args) => compare::run(args, &options(&args.variables)?, global),
        Command::Report(args) => report::run(args, &options(&args.variables)?, global),
        Command::Diff(args) => diff::run(args, &options(&args.variables)?, global),
        Command::Check(args) => check::run(args, &options(&args.variables)?, global),
        Command::Rule { id } => rule::run(id.as_deref()),
    }
}

/// The worker threads the model and the renderers share (the loader builds its own pool with
/// the same settings): `--threads` of them, with stacks large enough for deeply nested
/// values. If the pool cannot be set up, rayon's default pool is used.
fn configure_threads(threads: Option<usize>) {
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .stack_size(32 * 1024 * 1024)
        .build_global();
}

/// The load options every command starts from: the variable values (files read, in
/// command-line order) and the `--max-*` limits.
fn load_options(
    variables: &VariableArgs,
    matches: Option<&ArgMatches>,
    global: &GlobalArgs,
) -> Result<LoadOptions, Error> {
    let variables =
        variables::inputs(variables, matches, global.limits.max_file_size).map_err(Error::Input)?;
    let mut options = LoadOptions {
        variables,
        ..LoadOptions::default()
    };
    global.limits.apply(&mut options);
    Ok(options)
}

/// Analyses a directory with its configuration and the plan or state of `plan` laid over
/// it; a directory, configuration or plan file that cannot be read stops the command.
fn analysis_of(
    dir: &Path,
    options: &LoadOptions,
    global: &GlobalArgs,
    plan: &PlanArgs,
) -> Result<tfmap_model::Analysis, Error> {
    let config = configuration::load(dir, global.config.as_deref(), global.limits.max_file_size)?;
    let overlay = plan_input::read(plan, global.limits.max_plan_size)?;
    let options = configuration::load_options(dir, &config, options, global)?;
    pipeline::analyse(dir, &options, &config, overlay.as_ref())
        .map_err(|error| Error::Input(format!("{}: {error}", dir.display())))
}

/// Writes to a file, or to standard output (where a closed pipe is not an error).
fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    let result = match path {
        Some(path) => std::fs::write(path, bytes),
        None => std::io::stdout().lock().write_all(bytes),
    };
    match result {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::Input(format!("cannot write output: {error}")))
        }
        _ => Ok(()),
    }
}

/// Fails when the gate failed, with its summary for standard error (the output says it in
/// full).
fn gate_outcome(gate: &tfmap_model::gate::Gate) -> Result<(), Error> {
    match tfmap_render::gate::summary(gate) {
        Some(summary) => Err(Error::Gate(summary)),
        None => Ok(()),
    }
}
