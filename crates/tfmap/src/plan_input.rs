//! `--plan`, `--state` and `--plan-root`: a Terraform plan or state read from a file and laid
//! over the loaded code, and `diff --plan`, which compares the architecture before and after
//! a plan.

use crate::{EXIT_INPUT, load_config, report, repository_around};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tfmap_loader::plan::{self, PlanSide, Snapshot};
use tfmap_loader::{Diagnostic, Inventory, LoadOptions};

/// The options shared by `analyze`, `graph`, `compare` and `check`.
#[derive(clap::Args, Clone, Default)]
pub struct PlanArgs {
    /// A plan in JSON (`terraform show -json PLAN > plan.json`): resolved values, real
    /// instance keys, planned changes.
    #[arg(long, value_name = "FILE", conflicts_with = "state")]
    pub plan: Option<PathBuf>,
    /// A state file (`terraform.tfstate`, format version 4, or `terraform show -json` of it).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// The root module the plan or state belongs to, relative to the analysed directory
    /// (needed when that directory has several root modules and is not one itself).
    #[arg(long, value_name = "DIR")]
    pub plan_root: Option<String>,
}

/// Reads a plan or a state from its text: `plan::parse_plan` or `plan::parse_state`.
type Parser = fn(&str, &str) -> Result<Snapshot, Diagnostic>;

/// A plan or state, read and parsed (or the diagnostic saying why not), ready to apply.
pub struct Overlay {
    parsed: Result<Snapshot, Diagnostic>,
    side: PlanSide,
    root: Option<String>,
}

impl Overlay {
    /// Reads the file named by `--plan` or `--state`; `None` when neither was given. A file
    /// that cannot be read stops the command (exit 2); one that cannot be parsed becomes a
    /// diagnostic and the analysis goes on without it.
    pub fn read(args: &PlanArgs) -> Result<Option<Overlay>, ExitCode> {
        let (path, parse): (&Path, Parser) = match (&args.plan, &args.state) {
            (Some(path), _) => (path, plan::parse_plan),
            (None, Some(path)) => (path, plan::parse_state),
            (None, None) if args.plan_root.is_some() => {
                report(format_args!("--plan-root needs --plan or --state"));
                return Err(ExitCode::from(EXIT_INPUT));
            }
            (None, None) => return Ok(None),
        };
        let text = read_file(path)?;
        Ok(Some(Overlay {
            parsed: parse(&path.display().to_string(), &text),
            side: PlanSide::Planned,
            root: args.plan_root.clone(),
        }))
    }

    pub fn apply(&self, inventory: &mut Inventory) {
        match &self.parsed {
            Ok(snapshot) => plan::apply(inventory, snapshot, self.side, self.root.as_deref()),
            Err(diagnostic) => {
                inventory.diagnostics.push(diagnostic.clone());
                inventory.diagnostics.sort();
                *inventory
                    .stats
                    .skipped
                    .entry("plan or state file with errors".to_string())
                    .or_default() += 1;
            }
        }
    }
}

/// Reads a plan or state through the checked reader (a regular file under --max-plan-size).
fn read_file(path: &Path) -> Result<String, ExitCode> {
    tfmap_loader::checked_read::read_text(path, crate::max_plan_bytes()).map_err(|error| {
        report(format_args!("{}: {error}", path.display()));
        ExitCode::from(EXIT_INPUT)
    })
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
    config: Option<&Path>,
) -> Result<(tfmap_model::Analysis, tfmap_model::Analysis), ExitCode> {
    let text = read_file(plan_file)?;
    let snapshot = plan::parse_plan(&plan_file.display().to_string(), &text).map_err(|d| {
        report(format_args!("{d}"));
        ExitCode::from(EXIT_INPUT)
    })?;
    let config = load_config(dir, config)?;
    let options = LoadOptions {
        ignore: config.paths.ignore.clone(),
        repository: repository_around(dir)?,
        ..options.clone()
    };
    let inventory = tfmap_loader::load_directory(dir, &options).map_err(|error| {
        report(format_args!("{}: {error}", dir.display()));
        ExitCode::from(EXIT_INPUT)
    })?;
    let sides = [PlanSide::Before, PlanSide::After].map(|side| {
        let mut inventory = inventory.clone();
        plan::apply(&mut inventory, &snapshot, side, plan_root);
        inventory
    });
    if sides[0].plan.is_none() {
        for diagnostic in sides[0]
            .diagnostics
            .iter()
            .filter(|d| *d.location.file == *snapshot.file)
        {
            report(format_args!("{diagnostic}"));
        }
        return Err(ExitCode::from(EXIT_INPUT));
    }
    let [before, after] = sides;
    Ok((
        tfmap_model::analyze_with(before, &config),
        tfmap_model::analyze_with(after, &config),
    ))
}
