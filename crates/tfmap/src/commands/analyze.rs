//! `tfmap analyze`: the architecture of a directory, as text or JSON.

use super::analysis_of;
use crate::args::{AnalyzeArgs, Format, GlobalArgs};
use crate::error::Error;
use crate::terminal;
use std::io::Write;
use tfmap_loader::{LoadOptions, Severity};

pub fn run(args: &AnalyzeArgs, options: LoadOptions, global: &GlobalArgs) -> Result<(), Error> {
    let options = LoadOptions {
        include_tool_dirs: args.include_tool_dirs,
        threads: args.threads,
        ..options
    };
    if !matches!(args.format, Format::Text) && !args.filter.is_empty() {
        return Err(Error::Input(
            "--platform, --cluster, --root and --workload narrow the text report; \
             the JSON is always whole (narrow it with jq)"
                .to_string(),
        ));
    }
    let started = std::time::Instant::now();
    let analysis = analysis_of(&args.dir, &options, global, &args.plan)?;
    let stdout = std::io::stdout().lock();
    let written = match args.format {
        Format::Text => {
            let options = tfmap_render::text::Options {
                colour: terminal::colour(args.color),
                verbose: args.verbose,
                quiet: args.quiet,
                filter: tfmap_render::text::Filter {
                    platforms: args.filter.platform.iter().map(|p| p.platform()).collect(),
                    clusters: args.filter.cluster.clone(),
                    roots: args.filter.root.clone(),
                    workloads: args.filter.workload.clone(),
                },
                elapsed: terminal::stdout_is_terminal().then(|| started.elapsed()),
            };
            let text = tfmap_render::text::render_with(
                &analysis,
                &args.dir.display().to_string(),
                &options,
            );
            { stdout }.write_all(text.as_bytes())
        }
        // Streamed: a large repository's document is never held in memory whole.
        Format::Json => tfmap_loader::timing::phase("write json", || {
            tfmap_render::json::write(&analysis, stdout)
        }),
    };
    if let Err(error) = written {
        // A closed pipe (`tfmap … | head`) is not a failure.
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(Error::Input(format!("cannot write output: {error}")));
        }
    }
    let has_errors = analysis
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    // The process ends here: freeing the analysis object by object would only cost time.
    std::mem::forget(analysis);
    if args.strict && has_errors {
        return Err(Error::Strict);
    }
    Ok(())
}
