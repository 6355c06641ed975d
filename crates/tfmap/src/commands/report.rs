//! `tfmap report`: the interactive HTML report, one self-contained file.

use super::{analysis_of, write_output};
use crate::args::{GlobalArgs, ReportArgs};
use crate::error::Error;
use tfmap_loader::LoadOptions;
use tfmap_loader::timing::phase;

pub fn run(args: &ReportArgs, options: &LoadOptions, global: &GlobalArgs) -> Result<(), Error> {
    let analysis = analysis_of(&args.dir, options, global, &args.plan)?;
    let html = phase("render", || tfmap_render::report::render(&analysis)).map_err(Error::Input)?;
    write_output(args.output.as_deref(), html.as_bytes())
}
