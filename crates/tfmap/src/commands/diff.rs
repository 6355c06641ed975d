//! `tfmap diff`: what a change does to the architecture, between two directories, two git
//! revisions (or a revision and the working tree), or before and after a Terraform plan.

use super::{gate_outcome, write_output};
use crate::args::{DiffArgs, DiffFormat, GlobalArgs};
use crate::error::Error;
use crate::{configuration, diff_sides, plan_input, repository};
use std::path::{Path, PathBuf};
use tfmap_loader::LoadOptions;
use tfmap_model::Analysis;

pub fn run(args: &DiffArgs, options: &LoadOptions, global: &GlobalArgs) -> Result<(), Error> {
    if let Some(plan_file) = &args.plan {
        if args.head.is_some() {
            return Err(Error::Input(
                "with --plan, give one directory: the plan's configuration".to_string(),
            ));
        }
        let dir = args.base.clone().unwrap_or_else(|| PathBuf::from("."));
        let (base, head) = plan_input::before_and_after(
            &dir,
            plan_file,
            args.plan_root.as_deref(),
            options,
            global,
        )?;
        return render(args, &base, &head, false, global);
    }
    // --config is reported by configuration::load itself when it cannot be used.
    let explicit = match &global.config {
        Some(path) => Some(configuration::load(
            Path::new("."),
            Some(path),
            global.limits.max_file_size,
        )?),
        None => None,
    };
    let (base, head, configuration_changed) =
        sides(args, options, explicit, global).map_err(Error::Input)?;
    render(args, &base, &head, configuration_changed, global)
}

/// Analyses both sides of a diff with the base's configuration (or --config); says whether
/// the head changes `.tfmap.toml`.
fn sides(
    args: &DiffArgs,
    options: &LoadOptions,
    explicit: Option<tfmap_model::config::Config>,
    global: &GlobalArgs,
) -> Result<(Analysis, Analysis, bool), String> {
    let repo_root = global.repo_root.as_deref();
    let (base_side, head_side) = diff_sides::sides(
        args.base.as_deref(),
        args.head.as_deref(),
        args.git.as_deref(),
        args.head_ref.as_deref(),
        repo_root,
    )?;
    let base = base_side.analyse(options, explicit.as_ref(), repo_root)?;
    let head = head_side.analyse(options, Some(&base.config), repo_root)?;
    let changed = explicit.is_none() && base.own_config != head.own_config;
    Ok((base.analysis, head.analysis, changed))
}

/// The head's directory on disk: the second directory, else the one of --git (after a
/// head revision, if one is given there) or --plan.
fn head_dir(args: &DiffArgs) -> &Path {
    let given = match (&args.git, &args.plan) {
        (None, None) => args.head.as_deref(),
        (Some(_), _) => args
            .head
            .as_deref()
            .or(args.base.as_deref().filter(|p| p.is_dir())),
        _ => args.base.as_deref(),
    };
    given.unwrap_or(Path::new("."))
}

/// Prints a change in the chosen format and gates on the findings it adds.
fn render(
    args: &DiffArgs,
    base: &Analysis,
    head: &Analysis,
    configuration_changed: bool,
    global: &GlobalArgs,
) -> Result<(), Error> {
    let mut changes = tfmap_model::diff::diff(base, head);
    changes.configuration_changed = configuration_changed;
    let gate = tfmap_model::gate::of_diff(&changes, args.fail_on.threshold());
    let place = || repository::place(head_dir(args), global.repo_root.as_deref());
    let text = match args.format {
        DiffFormat::Text => tfmap_render::diff::text(&changes) + &tfmap_render::gate::text(&gate),
        DiffFormat::Json => tfmap_render::diff::json_with_gate(&changes, &gate),
        DiffFormat::Markdown => tfmap_render::diff::markdown_with_diagram(&changes, head, &gate),
        DiffFormat::Sarif => tfmap_render::sarif::diff_to_string(
            changes.findings_added.iter().copied(),
            &blind_spots(&changes),
            &place(),
        ),
        DiffFormat::Gitlab => tfmap_render::gitlab::diff_to_string(
            changes.findings_added.iter().copied(),
            &blind_spots(&changes),
            &place(),
        ),
    };
    write_output(args.output.as_deref(), text.as_bytes())?;
    gate_outcome(&gate)
}

/// What a change hides or breaks, reported beside its new findings.
fn blind_spots<'a>(
    changes: &'a tfmap_model::diff::ArchitectureDiff<'a>,
) -> tfmap_render::sarif::BlindSpots<'a> {
    tfmap_render::sarif::BlindSpots {
        unread: &changes.unread_added,
        diagnostics: &changes.diagnostics_added,
    }
}
