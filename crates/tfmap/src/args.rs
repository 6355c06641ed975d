//! The command line as clap reads it: every subcommand, flag and value, and nothing that
//! acts on them (that is `commands/`).

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use tfmap_loader::{Limits, LoadOptions, Severity};

#[derive(Parser)]
#[command(
    name = "tfmap",
    version,
    about = "Shows what will really run on ECS, GKE and EKS, from Terraform and Kubernetes code."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// The flags every subcommand takes.
#[derive(clap::Args)]
pub struct GlobalArgs {
    /// Configuration file (default: .tfmap.toml in the analysed directory, if present).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// The repository around the analysed directory: module sources and file() may lead up
    /// to it (`../../modules/x`), never past it. Default: the nearest directory at or above
    /// the analysed one holding `.git`; without one, only the analysed directory is read.
    #[arg(long, global = true, value_name = "DIR")]
    pub repo_root: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Subcommand)]
pub enum Command {
    /// Read a directory and print its container architecture.
    Analyze(AnalyzeArgs),
    /// Draw the architecture: DOT, SVG or PNG (through Graphviz), Mermaid, or JSON.
    Graph(GraphArgs),
    /// Compare each workload across ECS, GKE and EKS, and map container fields.
    Compare(CompareArgs),
    /// Write an interactive HTML report (one self-contained file; needs Graphviz's `dot`).
    Report(ReportArgs),
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
pub struct AnalyzeArgs {
    /// The directory to analyse.
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with code 2 when any file could not be parsed or any error diagnostic was raised.
    #[arg(long)]
    pub strict: bool,
    /// Also read `.terraform/`, `.git/` and `.terragrunt-cache/` directories.
    #[arg(long)]
    pub include_tool_dirs: bool,
    /// Worker threads (default: one per core). The output does not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Colour the text report: auto colours it on a terminal unless NO_COLOR is set (or
    /// CLICOLOR_FORCE asks for colour anywhere).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print every diagnostic on its own line (repeated info diagnostics are grouped
    /// otherwise) and explain every implicit resource wherever it is listed.
    #[arg(long, short)]
    pub verbose: bool,
    /// Print only the findings, the error diagnostics and the summary line.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub variables: VariableArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
}

#[derive(clap::Args)]
pub struct GraphArgs {
    /// The directory to analyse.
    pub dir: PathBuf,
    /// Output format; svg and png need Graphviz's `dot`.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Show every resource, not only the container-platform ones.
    #[arg(long)]
    pub all: bool,
    /// Also draw every raw Terraform reference.
    #[arg(long)]
    pub raw: bool,
    /// Show only this node (an id from `tfmap analyze --format json`) and its neighbourhood.
    #[arg(long)]
    pub focus: Vec<String>,
    /// With --focus: how many edges away to go.
    #[arg(long, default_value_t = 2)]
    pub depth: usize,
    /// Draw large views as summary nodes, each standing for several nodes.
    #[arg(long, value_enum, default_value_t = CollapseArg::Auto)]
    pub collapse: CollapseArg,
    /// The most nodes drawn whole; a collapsed view aims to stay under it.
    #[arg(long, default_value_t = tfmap_render::summary::DEFAULT_MAX_NODES)]
    pub max_nodes: usize,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub variables: VariableArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
}

#[derive(clap::Args)]
pub struct CompareArgs {
    /// The directory to analyse.
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    pub format: CompareFormat,
    #[command(flatten)]
    pub variables: VariableArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    /// The directory to analyse.
    pub dir: PathBuf,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub variables: VariableArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
}

#[derive(clap::Args)]
pub struct DiffArgs {
    /// The directory before the change; with --git, the head revision or the directory
    /// inside the repository (default: the current one), as `git diff` reads them.
    pub base: Option<PathBuf>,
    /// The directory after the change; with --git and a head revision, the directory.
    pub head: Option<PathBuf>,
    /// Compare revisions of a git repository: the base revision (e.g. origin/main).
    #[arg(long, value_name = "BASE_REF")]
    pub git: Option<String>,
    /// With --git: the head revision (also the first argument after BASE_REF); without
    /// one, the working tree is the head.
    #[arg(long = "head", value_name = "HEAD_REF", requires = "git")]
    pub head_ref: Option<String>,
    /// What a Terraform plan changes: a plan in JSON (`terraform show -json PLAN`); the
    /// directory (BASE) is the plan's configuration.
    #[arg(long, value_name = "FILE", conflicts_with = "git")]
    pub plan: Option<PathBuf>,
    /// With --plan: the root module the plan belongs to, relative to the directory.
    #[arg(long, value_name = "DIR", requires = "plan")]
    pub plan_root: Option<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 1 when the change adds a finding at or above this severity, an error
    /// diagnostic (a file that no longer parses) or a file tfmap cannot read.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// The same variable values are given to both sides.
    #[command(flatten)]
    pub variables: VariableArgs,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// The directory to analyse.
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Exit 1 when a finding is at or above this severity, or a file has an error
    /// diagnostic (it does not parse).
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Colour the text findings: auto colours them on a terminal unless NO_COLOR is set (or
    /// CLICOLOR_FORCE asks for colour anywhere).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    #[command(flatten)]
    pub variables: VariableArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
}

/// `--var-file`, `--var` and `--tf-var-env`: variable values for the analysed root modules,
/// as `terraform plan` takes them (read by `variables.rs`).
#[derive(clap::Args, Clone, Default)]
pub struct VariableArgs {
    /// Read variable values from FILE (HCL, or JSON when it ends in .json), after the
    /// directory's own terraform.tfvars and *.auto.tfvars. Repeatable; later wins.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Set a variable: NAME=VALUE (a list or map is written in HCL: '["a","b"]').
    /// Repeatable; read in command-line order with --var-file, later wins.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Also read TF_VAR_<name> environment variables, as Terraform does. Off by default, so
    /// the shell tfmap runs in does not change the analysis.
    #[arg(long)]
    pub tf_var_env: bool,
}

/// `--plan`, `--state` and `--plan-root`, shared by `analyze`, `graph`, `compare` and
/// `check` (read by `plan_input.rs`).
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

/// The `--max-*` flags: global, because every command loads a directory the same way.
#[derive(clap::Args, Debug, Clone)]
pub struct LimitArgs {
    /// Files larger than this many bytes are skipped with a diagnostic.
    #[arg(long, global = true, default_value_t = LoadOptions::default().max_file_bytes)]
    pub max_file_size: u64,
    /// Read at most this many bytes of files in all; the files past it (in path order) are
    /// reported.
    #[arg(long, global = true, default_value_t = LoadOptions::default().max_total_bytes)]
    pub max_total_size: u64,
    /// Read at most this many files; the rest are counted and reported.
    #[arg(long, global = true, default_value_t = Limits::default().max_files)]
    pub max_files: usize,
    /// Deeper YAML documents are reported instead of parsed.
    #[arg(long, global = true, default_value_t = Limits::default().max_yaml_depth)]
    pub max_yaml_depth: usize,
    /// Module calls nested deeper are reported and not followed.
    #[arg(long, global = true, default_value_t = Limits::default().max_module_depth)]
    pub max_module_depth: usize,
    /// A `count`, `for_each` or `dynamic` block with more instances stays one node.
    #[arg(long, global = true, default_value_t = Limits::default().max_instances)]
    pub max_instances: usize,
    /// A plan or state file (--plan, --state, diff --plan) larger than this many bytes is
    /// refused.
    #[arg(long, global = true, default_value_t = DEFAULT_MAX_PLAN_BYTES)]
    pub max_plan_size: u64,
}

/// Plans hold every attribute of every instance, before and after: far larger than the code.
pub const DEFAULT_MAX_PLAN_BYTES: u64 = 256 * 1024 * 1024;

impl LimitArgs {
    /// Applies the limits to load options.
    pub fn apply(&self, options: &mut LoadOptions) {
        options.max_file_bytes = self.max_file_size;
        options.max_total_bytes = self.max_total_size;
        options.limits = Limits {
            max_files: self.max_files,
            max_yaml_depth: self.max_yaml_depth,
            max_module_depth: self.max_module_depth,
            max_instances: self.max_instances,
        };
    }
}

/// `--fail-on`; see [`tfmap_model::gate`].
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> tfmap_model::gate::Threshold {
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
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
    /// The new findings, for code scanning.
    Sarif,
    /// The new findings as a GitLab Code Quality report.
    Gitlab,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Sarif,
    /// A GitLab Code Quality report.
    Gitlab,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum CompareFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Svg,
    Png,
    Mermaid,
    Json,
}

/// `--collapse`: how far a large diagram is summarised.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CollapseArg {
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
    pub fn collapse(self) -> tfmap_render::summary::Collapse {
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

/// The part of the text report to show; each flag may be repeated (any of its values
/// matches), and every flag given must match.
#[derive(clap::Args)]
pub struct FilterArgs {
    /// Only this platform's clusters and workloads.
    #[arg(long, value_enum)]
    pub platform: Vec<PlatformArg>,
    /// Only this cluster and its workloads: its id, its address or its name.
    #[arg(long, value_name = "CLUSTER")]
    pub cluster: Vec<String>,
    /// Only what this root module declares (`envs/prod`; `.` for the analysed directory's
    /// own), and the diagnostics of its files.
    #[arg(long, value_name = "DIR")]
    pub root: Vec<String>,
    /// Only this workload: its id (`k8s/Deployment/shop/api`), its address or its name.
    #[arg(long, value_name = "WORKLOAD")]
    pub workload: Vec<String>,
}

impl FilterArgs {
    pub fn is_empty(&self) -> bool {
        self.platform.is_empty()
            && self.cluster.is_empty()
            && self.root.is_empty()
            && self.workload.is_empty()
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlatformArg {
    Ecs,
    Eks,
    Gke,
    Kubernetes,
}

impl PlatformArg {
    pub fn platform(self) -> tfmap_model::Platform {
        match self {
            PlatformArg::Ecs => tfmap_model::Platform::Ecs,
            PlatformArg::Eks => tfmap_model::Platform::Eks,
            PlatformArg::Gke => tfmap_model::Platform::Gke,
            PlatformArg::Kubernetes => tfmap_model::Platform::Kubernetes,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}
