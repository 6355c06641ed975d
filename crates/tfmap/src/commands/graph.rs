//! `tfmap graph`: the architecture as a diagram (DOT, SVG, PNG, Mermaid) or its JSON view.

use super::{analysis_of, write_output};
use crate::args::{CollapseArg, GlobalArgs, GraphArgs, GraphFormat};
use crate::error::{Error, report};
use tfmap_loader::LoadOptions;
use tfmap_loader::timing::phase;
use tfmap_render::view::{View, ViewOptions, build};

pub fn run(args: &GraphArgs, options: &LoadOptions, global: &GlobalArgs) -> Result<(), Error> {
    let analysis = analysis_of(&args.dir, options, global, &args.plan)?;
    let options = ViewOptions {
        all: args.all,
        data_sources: false,
        raw: args.raw,
        focus: args.focus.clone(),
        depth: args.depth,
        collapse: args.collapse.collapse(),
        max_nodes: args.max_nodes,
        collapse_focus: false,
    };
    let view = phase("view", || build(&analysis, &options)).map_err(Error::Input)?;
    if let Some(collapsed) = view
        .collapsed
        .filter(|_| args.collapse == CollapseArg::Auto)
    {
        report(format_args!("{}", collapsed.message()));
    }
    let bytes = phase("render", || render(args.format, &view)).map_err(Error::Input)?;
    write_output(args.output.as_deref(), &bytes)
}

/// The view in one diagram format (SVG and PNG through Graphviz's `dot`).
fn render(format: GraphFormat, view: &View) -> Result<Vec<u8>, String> {
    match format {
        GraphFormat::Dot => Ok(tfmap_render::dot::to_string(view).into_bytes()),
        GraphFormat::Svg => tfmap_render::dot::render(&tfmap_render::dot::to_string(view), "svg"),
        GraphFormat::Png => tfmap_render::dot::render(&tfmap_render::dot::to_string(view), "png"),
        GraphFormat::Mermaid => Ok(tfmap_render::mermaid::to_string(view).into_bytes()),
        GraphFormat::Json => Ok(tfmap_render::json::view_to_string(view).into_bytes()),
    }
}
