//! `tfmap`: the command line. It only parses arguments, calls the loader, the model and a
//! renderer, and turns the outcome into an exit code.

mod diff_sides;
mod git;
mod limits;
mod plan_input;
mod repository;
mod variables;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use plan_input::{Overlay, PlanArgs};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tfmap_loader::{LoadOptions, Severity};
use variables::VariableArgs;

/// The loader and model allocate many small values (a third of all instructions went to
/// glibc's malloc and free); mimalloc serves them faster and returns memory more readily.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes, documented in the README.
const EXIT_OK: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
pub(crate) const EXIT_INPUT: u8 = 2;

#[derive(Parser)]
#[command(
    name = "tfmap",
    version,
    about = "Shows what will really run on ECS, GKE and EKS, from Terraform and Kubernetes code."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Configuration file (default: .tfmap.toml in the analysed directory, if present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// The repository around the analysed directory: module sources and file() may lead up
    /// to it (`../../modules/x`), never past it. Default: the nearest directory at or above
    /// the analysed one holding `.git`; without one, only the analysed directory is read.
    #[arg(long, global = true, value_name = "DIR")]
    repo_root: Option<PathBuf>,
    #[command(flatten)]
    limits: limits::LimitArgs,
}

/// Prints a message on standard error, escaped: messages quote paths, names and the output
/// of git, all of which may come from the repository, and a control character must not
/// reach a terminal or a CI log (`\n::error …` would be a GitHub Actions command).
pub(crate) fn report(message: std::fmt::Arguments<'_>) {
    eprintln!(
        "tfmap: {}",
        tfmap_loader::diagnostic::terminal::escape(&message.to_string())
    );
}

/// The `--max-*` flags, set once from the command line: every command loads with them.
static LIMITS: std::sync::OnceLock<limits::LimitArgs> = std::sync::OnceLock::new();

/// The configuration given with --config, else the analysed directory's `.tfmap.toml`,
/// which must be a regular file inside that directory (a link leading out of it, a FIFO or
/// a device is refused, not read).
pub(crate) fn load_config(
    dir: &std::path::Path,
    explicit: Option<&std::path::Path>,
) -> Result<tfmap_model::config::Config, ExitCode> {
    use tfmap_loader::source::ReadError;
    let limit = max_file_bytes();
    let (shown, read) = match explicit {
        Some(path) => (
            path.to_path_buf(),
            tfmap_loader::checked_read::read_text(path, limit),
        ),
        None => (
            dir.join(".tfmap.toml"),
            dir.canonicalize()
                .map_err(|error| ReadError::Io(error.to_string()))
                .and_then(|root| {
                    tfmap_loader::checked_read::read_text_inside(&root, ".tfmap.toml", limit)
                }),
        ),
    };
    let text = match read {
        Ok(text) => text,
        Err(ReadError::NotFound) if explicit.is_none() => return Ok(Default::default()),
        Err(error) => {
            report(format_args!("{}: {error}", shown.display()));
            return Err(ExitCode::from(EXIT_INPUT));
        }
    };
    tfmap_model::config::Config::parse(&text).map_err(|message| {
        report(format_args!("{}:{message}", shown.display()));
        ExitCode::from(EXIT_INPUT)
    })
}

/// `--max-file-size`: the limit on every file tfmap reads but plans and states.
pub(crate) fn max_file_bytes() -> u64 {
    LIMITS
        .get()
        .map_or(LoadOptions::default().max_file_bytes, |l| l.max_file_size)
}

/// `--max-plan-size`: the limit on a plan or state file.
pub(crate) fn max_plan_bytes() -> u64 {
    LIMITS
        .get()
        .map_or(limits::DEFAULT_MAX_PLAN_BYTES, |l| l.max_plan_size)
}

#[derive(Subcommand)]
enum Command {
    /// Read a directory and print its container architecture.
    Analyze(AnalyzeArgs),
    /// Draw the architecture: DOT, SVG or PNG (through Graphviz), Mermaid, or JSON.
    Graph(GraphArgs),
    /// Compare each workload across ECS, GKE and EKS, and map container fields.
    Compare {
        /// The directory to analyse.
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
        format: CompareFormat,
        #[command(flatten)]
        variables: VariableArgs,
        #[command(flatten)]
        plan: PlanArgs,
    },
    /// What a change does to the architecture: compare two directories.
    Diff(DiffArgs),
    /// Print the findings and exit 1 when one is at or above --fail-on.
    Check(CheckArgs),
    /// Print the documentation of a rule, or list the rules.
    Rule {
        /// A rule id (`TFM001`) or name; omit to list every rule.
        id: Option<String>,
    },
}

#[derive(clap::Args)]
struct AnalyzeArgs {
    /// The directory to analyse.
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with code 2 when any file could not be parsed or any error diagnostic was raised.
    #[arg(long)]
    strict: bool,
    /// Also read `.terraform/`, `.git/` and `.terragrunt-cache/` directories.
    #[arg(long)]
    include_tool_dirs: bool,
    /// Worker threads (default: one per core). The output does not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    #[command(flatten)]
    variables: VariableArgs,
    #[command(flatten)]
    plan: PlanArgs,
}

#[derive(clap::Args)]
struct GraphArgs {
    /// The directory to analyse.
    dir: PathBuf,
    /// Output format; svg and png need Graphviz's `dot`.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
    /// Show every resource, not only the container-platform ones.
    #[arg(long)]
    all: bool,
    /// Also draw every raw Terraform reference.
    #[arg(long)]
    raw: bool,
    /// Show only this node (an id from `tfmap analyze --format json`) and its neighbourhood.
    #[arg(long)]
    focus: Vec<String>,
    /// With --focus: how many edges away to go.
    #[arg(long, default_value_t = 2)]
    depth: usize,
    /// Draw large views as summary nodes, each standing for several nodes.
    #[arg(long, value_enum, default_value_t = CollapseArg::Auto)]
    collapse: CollapseArg,
    /// The most nodes drawn whole; a collapsed view aims to stay under it.
    #[arg(long, default_value_t = tfmap_render::summary::DEFAULT_MAX_NODES)]
    max_nodes: usize,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    variables: VariableArgs,
    #[command(flatten)]
    plan: PlanArgs,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The directory before the change; with --git, the head revision or the directory
    /// inside the repository (default: the current one), as `git diff` reads them.
    base: Option<PathBuf>,
    /// The directory after the change; with --git and a head revision, the directory.
    head: Option<PathBuf>,
    /// Compare revisions of a git repository: the base revision (e.g. origin/main).
    #[arg(long, value_name = "BASE_REF")]
    git: Option<String>,
    /// With --git: the head revision (also the first argument after BASE_REF); without
    /// one, the working tree is the head.
    #[arg(long = "head", value_name = "HEAD_REF", requires = "git")]
    head_ref: Option<String>,
    /// What a Terraform plan changes: a plan in JSON (`terraform show -json PLAN`); the
    /// directory (BASE) is the plan's configuration.
    #[arg(long, value_name = "FILE", conflicts_with = "git")]
    plan: Option<PathBuf>,
    /// With --plan: the root module the plan belongs to, relative to the directory.
    #[arg(long, value_name = "DIR", requires = "plan")]
    plan_root: Option<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit 1 when the change adds a finding at or above this severity, an error
    /// diagnostic (a file that no longer parses) or a file tfmap cannot read.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// The same variable values are given to both sides.
    #[command(flatten)]
    variables: VariableArgs,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The directory to analyse.
    dir: PathBuf,
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    /// Exit 1 when a finding is at or above this severity, or a file has an error
    /// diagnostic (it does not parse).
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    #[command(flatten)]
    variables: VariableArgs,
    #[command(flatten)]
    plan: PlanArgs,
}

/// `--fail-on`; see [`tfmap_model::gate`].
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> tfmap_model::gate::Threshold {
        use tfmap_model::gate::Threshold;
        match self {
            FailOn::Error => Threshold::At(Severity::Error),
            FailOn::Warning => Threshold::At(Severity::Warning),
            FailOn::Info => Threshold::At(Severity::Info),
            FailOn::Never => Threshold::Never,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Markdown,
    /// The new findings, for code scanning.
    Sarif,
    /// The new findings as a GitLab Code Quality report.
    Gitlab,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Sarif,
    /// A GitLab Code Quality report.
    Gitlab,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompareFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Dot,
    Svg,
    Png,
    Mermaid,
    Json,
}

/// `--collapse`: how far a large diagram is summarised.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CollapseArg {
    /// Collapse only a view over --max-nodes, at the finest level that fits.
    Auto,
    /// Draw every node.
    None,
    /// One node per module instance and per Kubernetes namespace.
    Module,
    /// One node per namespace, and per root module within each cluster or platform box.
    Namespace,
    /// One node per root module within each cluster or platform box.
    Root,
}

impl CollapseArg {
    fn collapse(self) -> tfmap_render::summary::Collapse {
        use tfmap_render::summary::{Collapse, Level};
        match self {
            CollapseArg::Auto => Collapse::Auto,
            CollapseArg::None => Collapse::None,
            CollapseArg::Module => Collapse::Level(Level::Module),
            CollapseArg::Namespace => Collapse::Level(Level::Namespace),
            CollapseArg::Root => Collapse::Level(Level::Root),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// The worker threads the model and the renderers share (the loader builds its own pool with
/// the same settings): `--threads` of them, with stacks large enough for deeply nested
/// values. If the pool cannot be set up, rayon's default pool is used.
fn configure_threads(threads: Option<usize>) {
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .stack_size(32 * 1024 * 1024)
        .build_global();
}

fn main() -> ExitCode {
    // Parsed through the matches, which keep the order of --var-file and --var.
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let _ = LIMITS.set(cli.limits.clone());
    repository::set_flag(cli.repo_root.clone());
    configure_threads(match &cli.command {
        Command::Analyze(args) => args.threads,
        _ => None,
    });
    let sub = matches.subcommand().map(|(_, m)| m);
    let config = cli.config.as_deref();
    let options = |variables: &VariableArgs| -> Result<LoadOptions, ExitCode> {
        let variables = variables::inputs(variables, sub).map_err(|message| {
            report(format_args!("{message}"));
            ExitCode::from(EXIT_INPUT)
        })?;
        Ok(LoadOptions {
            variables,
            ..LoadOptions::default()
        })
    };
    let outcome = match &cli.command {
        Command::Analyze(args) => options(&args.variables).map(|o| analyze(args, o, config)),
        Command::Graph(args) => options(&args.variables).map(|o| graph(args, &o, config)),
        Command::Compare {
            dir,
            format,
            variables,
            plan,
        } => options(variables).map(|o| compare(dir, *format, &o, plan, config)),
        Command::Diff(args) => options(&args.variables).map(|o| diff(args, &o, config)),
        Command::Check(args) => options(&args.variables).map(|o| check(args, &o, config)),
        Command::Rule { id } => Ok(rule(id.as_deref())),
    };
    outcome.unwrap_or_else(|code| code)
}

/// Loads and analyses a directory, with the plan or state of `plan` laid over it; a
/// directory or plan file that cannot be read is reported and exits 2.
fn analysis_of(
    dir: &std::path::Path,
    options: &LoadOptions,
    config: Option<&std::path::Path>,
    plan: &PlanArgs,
) -> Result<tfmap_model::Analysis, ExitCode> {
    let config = load_config(dir, config)?;
    let overlay = Overlay::read(plan)?;
    let options = LoadOptions {
        ignore: config.paths.ignore.clone(),
        repository: repository_around(dir)?,
        ..with_limits(options)
    };
    match tfmap_loader::timing::phase("load", || tfmap_loader::load_directory(dir, &options)) {
        Ok(mut inventory) => {
            if let Some(overlay) = &overlay {
                overlay.apply(&mut inventory);
            }
            Ok(tfmap_loader::timing::phase("model", || {
                tfmap_model::analyze_with(inventory, &config)
            }))
        }
        Err(error) => {
            report(format_args!("{}: {error}", dir.display()));
            Err(ExitCode::from(EXIT_INPUT))
        }
    }
}

/// The repository around `dir` (`--repo-root`, else found by its `.git`); a `--repo-root`
/// that does not hold `dir` is reported and exits 2.
pub(crate) fn repository_around(dir: &std::path::Path) -> Result<Option<PathBuf>, ExitCode> {
    repository::around(dir).map_err(|message| {
        report(format_args!("{message}"));
        ExitCode::from(EXIT_INPUT)
    })
}

/// Load options with the `--max-*` flags applied.
fn with_limits(options: &LoadOptions) -> LoadOptions {
    let mut options = options.clone();
    if let Some(limits) = LIMITS.get() {
        limits.apply(&mut options);
    }
    options
}

/// Exit 1 when the gate failed, saying why on standard error (the output says it in full).
fn exit_of(gate: &tfmap_model::gate::Gate) -> ExitCode {
    match tfmap_render::gate::summary(gate) {
        Some(summary) => {
            report(format_args!("{summary}"));
            ExitCode::from(EXIT_FINDINGS)
        }
        None => ExitCode::from(EXIT_OK),
    }
}

fn diff(args: &DiffArgs, options: &LoadOptions, config: Option<&std::path::Path>) -> ExitCode {
    if let Some(plan_file) = &args.plan {
        if args.head.is_some() {
            report(format_args!(
                "with --plan, give one directory: the plan's configuration"
            ));
            return ExitCode::from(EXIT_INPUT);
        }
        let dir = args.base.clone().unwrap_or_else(|| PathBuf::from("."));
        return match plan_input::before_and_after(
            &dir,
            plan_file,
            args.plan_root.as_deref(),
            &with_limits(options),
            config,
        ) {
            Ok((base, head)) => render_diff(args, &base, &head, false),
            Err(code) => code,
        };
    }
    // --config is reported by load_config itself when it cannot be used.
    let explicit = match config {
        Some(path) => match load_config(std::path::Path::new("."), Some(path)) {
            Ok(config) => Some(config),
            Err(code) => return code,
        },
        None => None,
    };
    match diff_sides(args, options, explicit) {
        Ok((base, head, configuration_changed)) => {
            render_diff(args, &base, &head, configuration_changed)
        }
        Err(message) => {
            report(format_args!("{message}"));
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// Analyses both sides of a diff with the base's configuration (or --config); says whether
/// the head changes `.tfmap.toml`.
fn diff_sides(
    args: &DiffArgs,
    options: &LoadOptions,
    explicit: Option<tfmap_model::config::Config>,
) -> Result<(tfmap_model::Analysis, tfmap_model::Analysis, bool), String> {
    let (base_side, head_side) = diff_sides::sides(
        args.base.as_deref(),
        args.head.as_deref(),
        args.git.as_deref(),
        args.head_ref.as_deref(),
    )?;
    let options = with_limits(options);
    let base = base_side.analyse(&options, explicit.as_ref())?;
    let head = head_side.analyse(&options, Some(&base.config))?;
    let changed = explicit.is_none() && base.own_config != head.own_config;
    Ok((base.analysis, head.analysis, changed))
}

/// The head's directory on disk: the second directory, else the one of --git (after a
/// head revision, if one is given there) or --plan.
fn head_dir(args: &DiffArgs) -> &std::path::Path {
    let given = match (&args.git, &args.plan) {
        (None, None) => args.head.as_deref(),
        (Some(_), _) => args
            .head
            .as_deref()
            .or(args.base.as_deref().filter(|p| p.is_dir())),
        _ => args.base.as_deref(),
    };
    given.unwrap_or(std::path::Path::new("."))
}

/// Prints a change in the chosen format and gates on the findings it adds.
fn render_diff(
    args: &DiffArgs,
    base: &tfmap_model::Analysis,
    head: &tfmap_model::Analysis,
    configuration_changed: bool,
) -> ExitCode {
    let mut changes = tfmap_model::diff::diff(base, head);
    changes.configuration_changed = configuration_changed;
    let gate = tfmap_model::gate::of_diff(&changes, args.fail_on.threshold());
    let text = match args.format {
        DiffFormat::Text => tfmap_render::diff::text(&changes) + &tfmap_render::gate::text(&gate),
        DiffFormat::Json => tfmap_render::diff::json_with_gate(&changes, &gate),
        DiffFormat::Markdown => tfmap_render::diff::markdown_with_diagram(&changes, head, &gate),
        DiffFormat::Sarif => tfmap_render::sarif::diff_to_string(
            changes.findings_added.iter().copied(),
            &blind_spots(&changes),
            &repository::place(head_dir(args)),
        ),
        DiffFormat::Gitlab => tfmap_render::gitlab::diff_to_string(
            changes.findings_added.iter().copied(),
            &blind_spots(&changes),
            &repository::place(head_dir(args)),
        ),
    };
    let written = write_output(args.output.as_deref(), text.as_bytes());
    if written != ExitCode::from(EXIT_OK) {
        return written;
    }
    exit_of(&gate)
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

fn check(args: &CheckArgs, options: &LoadOptions, config: Option<&std::path::Path>) -> ExitCode {
    let analysis = match analysis_of(&args.dir, options, config, &args.plan) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    let gate = tfmap_model::gate::of_analysis(&analysis, args.fail_on.threshold());
    let text = match args.format {
        CheckFormat::Text => {
            tfmap_render::text::findings(&analysis) + &tfmap_render::gate::text(&gate)
        }
        CheckFormat::Json => tfmap_render::json::to_string_with_gate(&analysis, &gate),
        CheckFormat::Sarif => {
            tfmap_render::sarif::to_string_in(&analysis.findings, &repository::place(&args.dir))
        }
        CheckFormat::Gitlab => {
            tfmap_render::gitlab::check_to_string(&analysis.findings, &repository::place(&args.dir))
        }
    };
    let written = write_output(None, text.as_bytes());
    if written != ExitCode::from(EXIT_OK) {
        return written;
    }
    exit_of(&gate)
}

fn compare(
    dir: &std::path::Path,
    format: CompareFormat,
    options: &LoadOptions,
    plan: &PlanArgs,
    config: Option<&std::path::Path>,
) -> ExitCode {
    let analysis = match analysis_of(dir, options, config, plan) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    let text = match format {
        CompareFormat::Text => tfmap_render::compare::text(&analysis),
        CompareFormat::Markdown => tfmap_render::compare::markdown(&analysis),
        CompareFormat::Json => tfmap_render::compare::json(&analysis),
    };
    write_output(None, text.as_bytes())
}

fn graph(args: &GraphArgs, options: &LoadOptions, config: Option<&std::path::Path>) -> ExitCode {
    use tfmap_render::view::{ViewOptions, build};
    let analysis = match analysis_of(&args.dir, options, config, &args.plan) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    let options = ViewOptions {
        all: args.all,
        raw: args.raw,
        focus: args.focus.clone(),
        depth: args.depth,
        collapse: args.collapse.collapse(),
        max_nodes: args.max_nodes,
        collapse_focus: false,
    };
    let view = match tfmap_loader::timing::phase("view", || build(&analysis, &options)) {
        Ok(view) => view,
        Err(message) => {
            report(format_args!("{message}"));
            return ExitCode::from(EXIT_INPUT);
        }
    };
    if let Some(collapsed) = view
        .collapsed
        .filter(|_| args.collapse == CollapseArg::Auto)
    {
        report(format_args!("{}", collapsed.message()));
    }
    let bytes = tfmap_loader::timing::phase("render", || render_graph(args.format, &view));
    match bytes {
        Ok(bytes) => write_output(args.output.as_deref(), &bytes),
        Err(message) => {
            report(format_args!("{message}"));
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// The view in one diagram format (SVG and PNG through Graphviz's `dot`).
fn render_graph(format: GraphFormat, view: &tfmap_render::view::View) -> Result<Vec<u8>, String> {
    match format {
        GraphFormat::Dot => Ok(tfmap_render::dot::to_string(view).into_bytes()),
        GraphFormat::Svg => tfmap_render::dot::render(&tfmap_render::dot::to_string(view), "svg"),
        GraphFormat::Png => tfmap_render::dot::render(&tfmap_render::dot::to_string(view), "png"),
        GraphFormat::Mermaid => Ok(tfmap_render::mermaid::to_string(view).into_bytes()),
        GraphFormat::Json => Ok(tfmap_render::json::view_to_string(view).into_bytes()),
    }
}

/// Writes to a file, or to standard output (where a closed pipe is not an error).
fn write_output(path: Option<&std::path::Path>, bytes: &[u8]) -> ExitCode {
    let result = match path {
        Some(path) => std::fs::write(path, bytes),
        None => std::io::stdout().lock().write_all(bytes),
    };
    match result {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            report(format_args!("cannot write output: {error}"));
            ExitCode::from(EXIT_INPUT)
        }
        _ => ExitCode::from(EXIT_OK),
    }
}

fn rule(id: Option<&str>) -> ExitCode {
    use tfmap_model::rules::{RULES, documentation_page, rule};
    let text = match id {
        None => RULES
            .iter()
            .map(|r| {
                format!(
                    "{}  {:<34} {:<8} {}\n",
                    r.id,
                    r.name,
                    r.severity.as_str(),
                    r.summary
                )
            })
            .collect(),
        Some(id) => match rule(id) {
            Some(rule) => documentation_page(rule),
            None => {
                report(format_args!("no rule {id:?}; `tfmap rule` lists them"));
                return ExitCode::from(EXIT_INPUT);
            }
        },
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::from(EXIT_OK)
}

fn analyze(args: &AnalyzeArgs, options: LoadOptions, config: Option<&std::path::Path>) -> ExitCode {
    let options = LoadOptions {
        include_tool_dirs: args.include_tool_dirs,
        threads: args.threads,
        ..options
    };
    let analysis = match analysis_of(&args.dir, &options, config, &args.plan) {
        Ok(analysis) => analysis,
        Err(code) => return code,
    };
    let stdout = std::io::stdout().lock();
    let written = match args.format {
        Format::Text => {
            let text = tfmap_render::text::render(&analysis, &args.dir.display().to_string());
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
            report(format_args!("cannot write output: {error}"));
            return ExitCode::from(EXIT_INPUT);
        }
    }
    let has_errors = analysis
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    // The process ends here: freeing the analysis object by object would only cost time.
    std::mem::forget(analysis);
    if args.strict && has_errors {
        return ExitCode::from(EXIT_INPUT);
    }
    ExitCode::from(EXIT_OK)
}
