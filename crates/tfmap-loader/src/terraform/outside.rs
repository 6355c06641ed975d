//! Module directories outside the walked one, read when a call leads there. The walk covers
//! only the directory the user named, while Terraform follows `../../modules/x` wherever it
//! leads; tfmap follows it as far as the boundary. Each directory is listed by the reader
//! (the same checks as every read: inside the boundary on the opened handle, size limits,
//! links only while they stay inside), its Terraform files are parsed like the walked ones
//! and counted against `--max-files` and `--max-total-size`, and the calls they make are
//! followed in turn.

use super::{Collected, parse_files};
use crate::boundary::{Boundary, is_outside_analysed};
use crate::inventory::Inventory;
use crate::limits::ReadBudget;
use crate::source::{FileKind, ReadError, SourceFiles};
use std::collections::{BTreeMap, BTreeSet};

use super::config::ModuleConfig;
use super::tree::is_local_source;

/// Reads every module directory outside the walked one that a call (or a Terragrunt unit,
/// `also`) leads to, round by round (a module read may call another), and adds their configurations to `collected`.
/// Returns the directories a call leads to that could not be read, with why; a directory
/// inside the walked one is only asked why (its files were walked, or passed over on
/// purpose), never read again.
pub(super) fn read_called_modules(
    collected: &mut Collected,
    also: &[String],
    files: &dyn SourceFiles,
    mut budget: ReadBudget,
    inventory: &mut Inventory,
) -> BTreeMap<String, ReadError> {
    let boundary = files.boundary();
    let mut unreadable = BTreeMap::new();
    let mut tried: BTreeSet<String> = BTreeSet::new();
    let mut fresh: Vec<String> = collected.configs.keys().cloned().collect();
    // Directories called from outside Terraform (Terragrunt units' sources), first round only.
    let mut also = also.to_vec();
    while !fresh.is_empty() || !also.is_empty() {
        let targets: BTreeSet<String> = fresh
            .iter()
            .filter_map(|dir| collected.configs.get(dir))
            .flat_map(|config| called_dirs(config, boundary))
            .chain(std::mem::take(&mut also))
            .filter(|dir| !collected.configs.contains_key(dir) && !tried.contains(dir))
            .collect();
        fresh.clear();
        let mut paths: Vec<String> = Vec::new();
        for dir in targets {
            tried.insert(dir.clone());
            match files.list_dir(&dir) {
                Err(error) => {
                    unreadable.insert(dir, error);
                }
                Ok(_) if !is_outside_analysed(&dir) => {}
                Ok(mut listing) => {
                    listing.files.retain(|path| {
                        matches!(
                            FileKind::of(path),
                            Some(FileKind::Terraform | FileKind::TerraformJson)
                        )
                    });
                    budget.apply(&mut listing, &dir);
                    inventory.diagnostics.append(&mut listing.diagnostics);
                    for (reason, count) in listing.skipped {
                        *inventory.stats.skipped.entry(reason).or_default() += count;
                    }
                    inventory.stats.unread.append(&mut listing.unread);
                    paths.append(&mut listing.files);
                    fresh.push(dir);
                }
            }
        }
        let wanted: Vec<(&String, FileKind)> = paths
            .iter()
            .filter_map(|path| FileKind::of(path).map(|kind| (path, kind)))
            .collect();
        let parsed = parse_files(&wanted, files);
        collected.add(parsed, inventory);
        collected.merge_overrides(&mut inventory.diagnostics);
    }
    unreadable
}

/// The directories the local module calls of `config` lead to, inside the boundary.
fn called_dirs<'c>(
    config: &'c ModuleConfig,
    boundary: &'c Boundary,
) -> impl Iterator<Item = String> + 'c {
    config.module_calls.values().filter_map(move |call| {
        let source = call.source.as_deref()?;
        let dir = boundary.join(&config.dir, source)?;
        (is_local_source(source) && dir != config.dir).then_some(dir)
    })
}
