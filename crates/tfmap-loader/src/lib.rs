//! The tfmap loader: finds the files of a repository, parses Terraform with spans, follows
//! local modules, evaluates what is statically known and resolves references. Loading never
//! fails as a whole: it returns what it could read and a list of diagnostics.
//!
//! [`load_directory`] reads from disk; [`load_files`] takes text already in memory, so the
//! whole pipeline can be tested without I/O.

pub mod boundary;
pub mod checked_read;
pub use tfmap_core::diagnostic;
pub mod inventory;
pub mod kubernetes;
pub mod limits;
pub mod location;
pub mod plan;
pub mod revision;
pub mod source;
pub mod suppression;
pub mod terraform;
pub mod timing;

pub use diagnostic::{Diagnostic, Severity};
pub use inventory::{
    Attribute, Block, Body, Fingerprint, InstanceKey, Inventory, ProviderConfig, ProviderRef,
    Reference, ReferenceKind, Repetition, RepetitionMeta, Resource, ResourceKind, Stats,
    UnreadFile,
};
pub use kubernetes::Manifest;
pub use limits::Limits;
pub use location::Location;
pub use source::{DiskFiles, MemoryFiles, SourceFiles};
pub use suppression::Suppression;

use std::path::Path;

/// How to load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Also walk `.terraform/` and `.git/`.
    pub include_tool_dirs: bool,
    /// The repository around the analysed directory: module calls and `file()` may read
    /// up to it (`../../modules/x`). `None`: nothing outside the analysed directory is read.
    pub repository: Option<std::path::PathBuf>,
    /// Files larger than this are reported and skipped.
    pub max_file_bytes: u64,
    /// The bytes of all files read together; past it, the last files in path order are
    /// reported and skipped (a tree naming one large file many times stays bounded).
    pub max_total_bytes: u64,
    /// Worker threads for parsing; `None` uses every core. Output never depends on it.
    pub threads: Option<usize>,
    /// Glob patterns (`legacy/**`) of paths to pass over, relative to the root.
    pub ignore: Vec<String>,
    pub limits: Limits,
    /// Variable values from outside the analysed directory (`--var-file`, `--var`,
    /// `TF_VAR_*`), already read by the caller: the loader reads nothing outside the root.
    pub variables: VariableInputs,
}

/// Variable values given from outside the analysed directory, for its root modules. Each
/// value applies to every root module that declares the variable; the loader reports a
/// value that no root module declares.
#[derive(Debug, Clone, Default)]
pub struct VariableInputs {
    /// `TF_VAR_<name>` values as `(name, value)`: read first, so everything else wins over
    /// them. Undeclared names are ignored, as Terraform ignores them.
    pub environment: Vec<(String, String)>,
    /// `--var-file` and `--var` in command-line order: read after the directory's own
    /// `terraform.tfvars` and `*.auto.tfvars`, later wins.
    pub command_line: Vec<VariableInput>,
}

/// One `--var-file` or `--var`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariableInput {
    /// A variable definitions file: the name diagnostics show it by and its text; a name
    /// ending in `.json` is read as JSON.
    File { name: String, text: String },
    /// `NAME=VALUE`: the value is text, read as Terraform reads it for the variable's type.
    Value { name: String, value: String },
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            include_tool_dirs: false,
            repository: None,
            max_file_bytes: 16 * 1024 * 1024,
            max_total_bytes: 256 * 1024 * 1024,
            threads: None,
            ignore: Vec::new(),
            limits: Limits::default(),
            variables: VariableInputs::default(),
        }
    }
}

/// Why nothing could be loaded at all.
#[derive(Debug)]
pub enum LoadError {
    /// The directory does not exist or cannot be read.
    Root(std::io::Error),
    /// The worker threads could not be started.
    Threads(String),
    /// An option is invalid (a bad ignore pattern).
    Config(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Root(error) => write!(f, "cannot read the directory: {error}"),
            LoadError::Threads(error) => write!(f, "cannot start worker threads: {error}"),
            LoadError::Config(error) => write!(f, "invalid configuration: {error}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Loads every file tfmap understands under `root`.
pub fn load_directory(root: &Path, options: &LoadOptions) -> Result<Inventory, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::Root(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} is not a directory", root.display()),
        )));
    }
    let walk = source::WalkOptions {
        include_tool_dirs: options.include_tool_dirs,
        repository: options.repository.clone(),
    };
    let discovery =
        timing::phase("walk", || source::discover(root, &walk)).map_err(LoadError::Root)?;
    let files = match &options.repository {
        Some(repository) => DiskFiles::in_repository(root, repository, options.max_file_bytes),
        None => DiskFiles::new(root, options.max_file_bytes),
    }
    .map_err(LoadError::Root)?;
    load_discovered(discovery, &files, options)
}

/// Loads the files a walk found (on disk, or in a revision held in memory), after the
/// configuration's ignored paths, `--max-files` and `--max-total-size` have been applied.
pub fn load_discovered(
    mut discovery: source::Discovery,
    files: &dyn SourceFiles,
    options: &LoadOptions,
) -> Result<Inventory, LoadError> {
    if !options.ignore.is_empty() {
        let mut builder = globset::GlobSetBuilder::new();
        for pattern in &options.ignore {
            let glob = globset::Glob::new(pattern)
                .map_err(|e| LoadError::Config(format!("ignore pattern {pattern:?}: {e}")))?;
            builder.add(glob);
        }
        let ignored = builder
            .build()
            .map_err(|e| LoadError::Config(e.to_string()))?;
        let before = discovery.files.len();
        discovery.files.retain(|path| !ignored.is_match(path));
        let count = before - discovery.files.len();
        if count > 0 {
            *discovery
                .skipped
                .entry("ignored by configuration".into())
                .or_default() += count;
        }
    }
    let budget = limits::apply_file_limits(&mut discovery, options);
    let mut inventory = load_with_budget(&discovery.files, files, options, budget)?;
    inventory.diagnostics.extend(discovery.diagnostics);
    inventory.diagnostics.sort();
    for (reason, count) in discovery.skipped {
        *inventory.stats.skipped.entry(reason).or_default() += count;
    }
    inventory.stats.unread.extend(discovery.unread);
    inventory.stats.settle_unread();
    Ok(inventory)
}

/// Loads the given files (relative paths) read through `files`. They are not counted
/// against `--max-files` and `--max-total-size`; module directories outside them are.
pub fn load_files(
    paths: &[String],
    files: &dyn SourceFiles,
    options: &LoadOptions,
) -> Result<Inventory, LoadError> {
    load_with_budget(paths, files, options, limits::ReadBudget::new(options))
}

/// Loads the given files; what module directories outside them read comes out of `budget`.
fn load_with_budget(
    paths: &[String],
    files: &dyn SourceFiles,
    options: &LoadOptions,
    budget: limits::ReadBudget,
) -> Result<Inventory, LoadError> {
    // Parsers and the evaluator recurse; a large stack keeps deep (but bounded) input safe.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .stack_size(32 * 1024 * 1024)
        .build()
        .map_err(|e| LoadError::Threads(e.to_string()))?;
    // Terraform and YAML are read side by side: the YAML fills the cores while Terraform's
    // serial steps (merging configurations, ordering roots) run.
    let mut inventory = pool.install(|| {
        let (mut inventory, yaml) = rayon::join(
            || {
                timing::phase("load terraform", || {
                    terraform::load(paths, files, options, budget)
                })
            },
            || timing::phase("load yaml", || parse_manifests(paths, files, options)),
        );
        add_manifests(yaml, &mut inventory);
        drop_terraform_inputs(&mut inventory);
        build_kustomizations(paths, files, options, &mut inventory);
        inventory
    });
    inventory.diagnostics.sort();
    Ok(inventory)
}

/// What reading one YAML file gave: its path, content hash, objects and suppressions, or why
/// it was not read.
type YamlRead = Result<
    (String, Fingerprint, kubernetes::YamlFile, Vec<Suppression>),
    (Diagnostic, Option<Fingerprint>),
>;

/// Reads the Kubernetes objects of every YAML file, in parallel, in path order.
/// YAML inside `.terraform/` (examples shipped with downloaded modules) is not the
/// repository's: it is read only when the tool directories were asked for.
fn parse_manifests(
    paths: &[String],
    files: &dyn SourceFiles,
    options: &LoadOptions,
) -> Vec<YamlRead> {
    use rayon::prelude::*;
    use std::sync::Arc;
    let yaml: Vec<&String> = paths
        .iter()
        .filter(|p| source::FileKind::of(p) == Some(source::FileKind::Yaml))
        .filter(|p| options.include_tool_dirs || !source::in_tool_dir(p))
        // Read by the kustomize build, not as manifests.
        .filter(|p| !kubernetes::kustomize::is_kustomization(p))
        .collect();
    yaml.par_iter()
        .map(|path| {
            let shown: Arc<str> = Arc::from(path.as_str());
            match files.read_text(path) {
                Ok(text) => Ok((
                    path.to_string(),
                    Fingerprint::of_bytes(text.as_bytes()),
                    kubernetes::parse_yaml(shown.clone(), &text, options.limits.max_yaml_depth),
                    suppression::scan(&shown, &text),
                )),
                Err(error) => Err((
                    Diagnostic::error(
                        Location::file_start(shown),
                        format!("cannot read file: {error}"),
                    ),
                    error.fingerprint(),
                )),
            }
        })
        .collect()
}

/// YAML that Terraform reads (`yaml_body = file("service.yaml")`) is deployed by the
/// resource that reads it: its objects are not deployed a second time on their own.
fn drop_terraform_inputs(inventory: &mut Inventory) {
    let read = &inventory.read_by_terraform;
    let before = inventory.manifests.len();
    inventory
        .manifests
        .retain(|m| !read.contains(m.location.file.as_ref()));
    let dropped = before - inventory.manifests.len();
    if dropped > 0 {
        *inventory
            .stats
            .skipped
            .entry("YAML object read by Terraform (file, templatefile)".to_string())
            .or_default() += dropped;
    }
}

/// Replaces the manifests kustomizations read with what they deploy.
fn build_kustomizations(
    paths: &[String],
    files: &dyn SourceFiles,
    options: &LoadOptions,
    inventory: &mut Inventory,
) {
    let paths: Vec<String> = paths
        .iter()
        .filter(|p| options.include_tool_dirs || !source::in_tool_dir(p))
        .cloned()
        .collect();
    let kustomizations = paths
        .iter()
        .filter(|p| kubernetes::kustomize::is_kustomization(p))
        .count();
    if kustomizations == 0 {
        return;
    }
    *inventory
        .stats
        .files_read
        .entry("kustomization".into())
        .or_default() += kustomizations;
    let manifests = std::mem::take(&mut inventory.manifests);
    let built = timing::phase("kustomize", || {
        kubernetes::kustomize::build_all(&paths, manifests, files, options.limits.max_yaml_depth)
    });
    inventory.manifests = built.manifests;
    inventory
        .manifests
        .sort_by(|a, b| (&a.location, &a.built_by).cmp(&(&b.location, &b.built_by)));
    inventory.diagnostics.extend(built.diagnostics);
    for (reason, count) in built.skipped {
        *inventory
            .stats
            .skipped
            .entry(reason.to_string())
            .or_default() += count;
    }
}

/// Adds what the YAML files gave to the inventory, counting what was skipped.
fn add_manifests(results: Vec<YamlRead>, inventory: &mut Inventory) {
    for result in results {
        match result {
            Ok((path, fingerprint, file, suppressions)) => {
                if file.skipped.contains(&kubernetes::DOCUMENT_WITH_ERRORS) {
                    // Counted per document in `skipped` below; named once here.
                    inventory.stats.unread.push(UnreadFile::new(
                        path,
                        kubernetes::DOCUMENT_WITH_ERRORS,
                        Some(fingerprint),
                    ));
                }
                inventory.suppressions.extend(suppressions);
                *inventory.stats.files_read.entry("yaml".into()).or_default() += 1;
                inventory.manifests.extend(file.manifests);
                inventory.diagnostics.extend(file.diagnostics);
                for reason in file.skipped {
                    *inventory
                        .stats
                        .skipped
                        .entry(reason.to_string())
                        .or_default() += 1;
                }
            }
            Err((diagnostic, fingerprint)) => inventory.file_with_errors(diagnostic, fingerprint),
        }
    }
    inventory.stats.settle_unread();
    inventory
        .manifests
        .sort_by(|a, b| a.location.cmp(&b.location));
    inventory
        .suppressions
        .sort_by(|a, b| a.location.cmp(&b.location));
}
