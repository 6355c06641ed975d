//! `tfmap compare`: each workload across ECS, GKE and EKS.

use super::{analysis_of, write_output};
use crate::args::{CompareArgs, CompareFormat, GlobalArgs};
use crate::error::Error;
use tfmap_loader::LoadOptions;

pub fn run(args: &CompareArgs, options: &LoadOptions, global: &GlobalArgs) -> Result<(), Error> {
    let analysis = analysis_of(&args.dir, options, global, &args.plan)?;
    let text = match args.format {
        CompareFormat::Text => tfmap_render::compare::text(&analysis),
        CompareFormat::Markdown => tfmap_render::compare::markdown(&analysis),
        CompareFormat::Json => tfmap_render::compare::json(&analysis),
    };
    write_output(None, text.as_bytes())
}
