//! The one way a directory becomes an analysis: load, lay a plan or state over what was
//! loaded, analyse. Every command goes through [`analyse`] (`diff --plan` through its two
//! stages, [`load`] and [`model`], to load once for both sides) and so do the tests.
//!
//! It lives in the CLI crate, not in `tfmap-model`: loading reads the disk, and the model
//! does no I/O. What it is given is already gathered from the command line (configuration,
//! repository, variable values, limits: `commands/`).

use std::path::Path;
use tfmap_loader::plan::{self, PlanSide, Snapshot};
use tfmap_loader::timing::phase;
use tfmap_loader::{Diagnostic, Inventory, LoadError, LoadOptions};
use tfmap_model::Analysis;
use tfmap_model::config::Config;

/// Loads `dir`, lays `overlay` over it and analyses it with `config`.
pub fn analyse(
    dir: &Path,
    options: &LoadOptions,
    config: &Config,
    overlay: Option<&Overlay>,
) -> Result<Analysis, LoadError> {
    let mut inventory = load(dir, options)?;
    if let Some(overlay) = overlay {
        overlay.apply(&mut inventory);
    }
    Ok(model(inventory, config))
}

/// The first stage: what the directory holds.
pub fn load(dir: &Path, options: &LoadOptions) -> Result<Inventory, LoadError> {
    phase("load", || tfmap_loader::load_directory(dir, options))
}

/// The last stage: the architecture of what was loaded.
pub fn model(inventory: Inventory, config: &Config) -> Analysis {
    phase("model", || tfmap_model::analyze_with(inventory, config))
}

/// A plan or state, read and parsed (or the diagnostic saying why not), ready to lay over
/// the loaded code.
pub struct Overlay {
    parsed: Result<Snapshot, Diagnostic>,
    side: PlanSide,
    root: Option<String>,
}

impl Overlay {
    /// The planned values of a parsed plan or state (or the diagnostic of one that did not
    /// parse), for the root module `root` (relative to the analysed directory).
    pub fn planned(parsed: Result<Snapshot, Diagnostic>, root: Option<String>) -> Overlay {
        Overlay {
            parsed,
            side: PlanSide::Planned,
            root,
        }
    }

    /// Lays the plan over the inventory; one that did not parse becomes a diagnostic and
    /// the analysis goes on without it.
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
