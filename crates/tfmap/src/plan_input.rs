//! `--plan`, `--state` and `--plan-root`: a Terraform plan or state read from a file, to lay
//! over the loaded code, and `diff --plan`, which compares the architecture before and after
//! a plan.

use crate::args::{GlobalArgs, PlanArgs};
use crate::configuration;
use crate::error::Error;
use crate::pipeline::{self, Overlay};
use std::path::Path;
use tfmap_loader::plan::{self, PlanSide, Snapshot};
use tfmap_loader::{Diagnostic, LoadOptions};

/// Reads a plan or a state from its text: `plan::parse_plan` or `plan::parse_state`.
type Parser = fn(&str, &str) -> Result<Snapshot, Diagnostic>;

/// Reads the file named by `--plan` or `--state`; `None` when neither was given. A file
/// that cannot be read stops the command (exit 2); one that cannot be parsed becomes a
/// diagnostic and the analysis goes on without it. `limit` is `--max-plan-size`.
pub fn read(args: &PlanArgs, limit: u64) -> Result<Option<Overlay>, Error> {
    let (path, parse): (&Path, Parser) = match (&args.plan, &args.state) {
        (Some(path), _) => (path, plan::parse_plan),
        (None, Some(path)) => (path, plan::parse_state),
        (None, None) if args.plan_root.is_some() => {
            return Err(Error::Input(
                "--plan-root needs --plan or --state".to_string(),
            ));
        }
        (None, None) => return Ok(None),
    };
    let text = read_file(path, limit)?;
    Ok(Some(Overlay::planned(
        parse(&path.display().to_string(), &text),
        args.plan_root.clone(),
    )))
}

/// Reads a plan or state through the checked reader (a regular file under --max-plan-size).
fn read_file(path: &Path, limit: u64) -> Result<String, Error> {
    tfmap_loader::checked_read::read_text(path, limit)
        .map_err(|error| Error::Input(format!("{}: {error}", path.display())))
}

/// The architecture before and after a plan, from one directory: the base has the prior
/// values and not what the plan creates, the head the planned values and not what it
/// deletes. A plan that cannot be read or applied stops the command (exit 2): without it
/// there is nothing to compare.
pub fn before_and_after(
    dir: &Path,
    plan_file: &Path,
    plan_root: Option<&str>,
    options: &LoadOptions,
    global: &GlobalArgs,
) -> Result<(tfmap_model::Analysis, tfmap_model::Analysis), Error> {
    let text = read_file(plan_file, global.limits.max_plan_size)?;
    let snapshot = plan::parse_plan(&plan_file.display().to_string(), &text)
        .map_err(|d| Error::Input(d.to_string()))?;
    let config = configuration::load(dir, global.config.as_deref(), global.limits.max_file_size)?;
    let options = configuration::load_options(dir, &config, options, global)?;
    let inventory = pipeline::load(dir, &options)
        .map_err(|error| Error::Input(format!("{}: {error}", dir.display())))?;
    let sides = [PlanSide::Before, PlanSide::After].map(|side| {
        let mut inventory = inventory.clone();
        plan::apply(&mut inventory, &snapshot, side, plan_root);
        inventory
    });
    if sides[0].plan.is_none() {
        return Err(Error::Inputs(
            sides[0]
                .diagnostics
                .iter()
                .filter(|d| *d.location.file == *snapshot.file)
                .map(ToString::to_string)
                .collect(),
        ));
    }
    let [before, after] = sides;
    Ok((
        pipeline::model(before, &config),
        pipeline::model(after, &config),
    ))
}
