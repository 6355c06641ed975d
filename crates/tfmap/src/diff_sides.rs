//! The two sides of `tfmap diff`: directories on disk, or revisions read from git without a
//! checkout. Both sides are analysed with the base's configuration, so a change cannot hide
//! what it adds by ignoring its own files in `.tfmap.toml`.

use crate::git::Revision;
use std::path::{Path, PathBuf};
use tfmap_loader::source::{self, Discovery, ReadError, WalkOptions};
use tfmap_loader::{DiskFiles, LoadOptions, SourceFiles};
use tfmap_model::config::Config;

/// One side of a diff.
pub enum Side {
    Directory(PathBuf),
    Revision(Revision),
}

/// What a side gave: its analysis, the configuration it was analysed with, and the text
/// of its own `.tfmap.toml` if it has one.
pub struct Analysed {
    pub analysis: tfmap_model::Analysis,
    pub config: Config,
    pub own_config: Option<String>,
}

/// With `--git`, the head revision and the path from the positional arguments, read as
/// `git diff` reads them: `--git BASE HEAD_REF [PATH]`, or `--git BASE ARG` where ARG is a
/// revision or a directory (both is ambiguous and refused, as git refuses it).
fn git_positionals<'a>(
    first: Option<&'a Path>,
    second: Option<&'a Path>,
    head_ref: Option<&'a str>,
) -> Result<(Option<String>, Option<&'a Path>), String> {
    let head_ref = head_ref.map(str::to_string);
    match (first, second) {
        (Some(revision), Some(path)) => {
            if head_ref.is_some() {
                return Err(
                    "give the head revision once: --head HEAD_REF or --git BASE HEAD_REF PATH"
                        .to_string(),
                );
            }
            Ok((Some(revision.to_string_lossy().into_owned()), Some(path)))
        }
        (Some(arg), None) if head_ref.is_none() => {
            let name = arg.to_string_lossy();
            match (crate::git::is_commit(Path::new("."), &name), arg.is_dir()) {
                (true, true) => Err(format!(
                    "{name:?} is both a revision and a directory: write --head {name} or ./{name}"
                )),
                (true, false) => Ok((Some(name.into_owned()), None)),
                (false, _) => Ok((None, Some(arg))),
            }
        }
        (first, _) => Ok((head_ref, first)),
    }
}

/// The base and head of `diff BASE HEAD` or `diff --git BASE_REF [HEAD_REF] [PATH]` (also
/// `--head HEAD_REF`).
/// `boundary` is `--repo-root`.
pub fn sides(
    base: Option<&Path>,
    head: Option<&Path>,
    base_ref: Option<&str>,
    head_ref: Option<&str>,
    boundary: Option<&Path>,
) -> Result<(Side, Side), String> {
    match base_ref {
        None => match (base, head) {
            (Some(base), Some(head)) => Ok((
                Side::Directory(base.to_path_buf()),
                Side::Directory(head.to_path_buf()),
            )),
            _ => Err(
                "give two directories (BASE HEAD), --git BASE_REF [--head HEAD_REF] [PATH], or --plan FILE [DIR]"
                    .to_string(),
            ),
        },
        Some(base_ref) => {
            let (head_ref, path) = git_positionals(base, head, head_ref)?;
            let head_ref = head_ref.as_deref();
            let path = path.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            let base = Side::Revision(Revision::read(&path, base_ref, boundary)?);
            let head = match head_ref {
                Some(head_ref) => Side::Revision(Revision::read(&path, head_ref, boundary)?),
                None => Side::Directory(path),
            };
            Ok((base, head))
        }
    }
}

impl Side {
    /// Analyses this side with `config`, or with its own `.tfmap.toml` when `config` is
    /// `None`; `repo_root` is `--repo-root`.
    pub fn analyse(
        &self,
        options: &LoadOptions,
        config: Option<&Config>,
        repo_root: Option<&Path>,
    ) -> Result<Analysed, String> {
        match self {
            Side::Directory(dir) => {
                let shown = dir.display();
                if !dir.is_dir() {
                    return Err(format!("{shown}: not a directory"));
                }
                let repository = crate::repository::around(dir, repo_root)?;
                let walk = WalkOptions {
                    include_tool_dirs: options.include_tool_dirs,
                    repository: repository.clone(),
                };
                let discovery = source::discover(dir, &walk)
                    .map_err(|e| format!("{shown}: cannot read the directory: {e}"))?;
                let files = match &repository {
                    Some(root) => DiskFiles::in_repository(dir, root, options.max_file_bytes),
                    None => DiskFiles::new(dir, options.max_file_bytes),
                }
                .map_err(|e| format!("{shown}: cannot read the directory: {e}"))?;
                analyse(discovery, &files, options, config)
                    .map_err(|message| format!("{shown}: {message}"))
            }
            Side::Revision(revision) => {
                let walk = WalkOptions {
                    include_tool_dirs: options.include_tool_dirs,
                    repository: None,
                };
                let (discovery, files) = tfmap_loader::revision::discover(
                    revision.entries.clone(),
                    &revision.analysed,
                    &revision.blobs,
                    options.max_file_bytes,
                    &walk,
                );
                analyse(discovery, &files, options, config)
                    .map_err(|message| format!("{}: {message}", revision.name))
            }
        }
    }
}

fn analyse(
    discovery: Discovery,
    files: &dyn SourceFiles,
    options: &LoadOptions,
    config: Option<&Config>,
) -> Result<Analysed, String> {
    let own_config = match files.read_text(".tfmap.toml") {
        Ok(text) => Some(text),
        Err(ReadError::NotFound) => None,
        Err(error) => return Err(format!(".tfmap.toml: {error}")),
    };
    let config = match (config, &own_config) {
        (Some(config), _) => config.clone(),
        (None, Some(text)) => {
            Config::parse(text).map_err(|message| format!(".tfmap.toml:{message}"))?
        }
        (None, None) => Config::default(),
    };
    let options = LoadOptions {
        ignore: config.paths.ignore.clone(),
        ..options.clone()
    };
    let inventory = tfmap_loader::load_discovered(discovery, files, &options)
        .map_err(|error| error.to_string())?;
    Ok(Analysed {
        analysis: crate::pipeline::model(inventory, &config),
        config,
        own_config,
    })
}
