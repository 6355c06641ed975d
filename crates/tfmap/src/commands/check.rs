//! `tfmap check`: the findings, and exit 1 when one is at or above `--fail-on`.

use super::{analysis_of, gate_outcome, write_output};
use crate::args::{CheckArgs, CheckFormat, GlobalArgs};
use crate::error::Error;
use crate::{repository, terminal};
use tfmap_loader::LoadOptions;

pub fn run(args: &CheckArgs, options: &LoadOptions, global: &GlobalArgs) -> Result<(), Error> {
    let analysis = analysis_of(&args.dir, options, global, &args.plan)?;
    let gate = tfmap_model::gate::of_analysis(&analysis, args.fail_on.threshold());
    let place = || repository::place(&args.dir, global.repo_root.as_deref());
    let text = match args.format {
        CheckFormat::Text => {
            tfmap_render::text::findings_with(&analysis, terminal::colour(args.color))
                + &tfmap_render::gate::text(&gate)
        }
        CheckFormat::Json => tfmap_render::json::to_string_with_gate(&analysis, &gate),
        CheckFormat::Sarif => tfmap_render::sarif::to_string_in(&analysis.findings, &place()),
        CheckFormat::Gitlab => tfmap_render::gitlab::check_to_string(&analysis.findings, &place()),
    };
    write_output(None, text.as_bytes())?;
    gate_outcome(&gate)
}
