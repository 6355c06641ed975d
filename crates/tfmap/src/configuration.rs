//! `--config` and the analysed directory's `.tfmap.toml`.

use crate::args::GlobalArgs;
use crate::error::Error;
use std::path::Path;
use tfmap_loader::LoadOptions;
use tfmap_loader::source::ReadError;
use tfmap_model::config::Config;

/// The configuration given with --config, else the analysed directory's `.tfmap.toml`,
/// which must be a regular file inside that directory (a link leading out of it, a FIFO or
/// a device is refused, not read). `limit` is `--max-file-size`.
pub fn load(dir: &Path, explicit: Option<&Path>, limit: u64) -> Result<Config, Error> {
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
        Err(error) => return Err(Error::Input(format!("{}: {error}", shown.display()))),
    };
    Config::parse(&text).map_err(|message| Error::Input(format!("{}:{message}", shown.display())))
}

/// The load options `dir` is read with: the paths its configuration ignores, and the
/// repository around it (--repo-root, else found by its `.git`).
pub fn load_options(
    dir: &Path,
    config: &Config,
    options: &LoadOptions,
    global: &GlobalArgs,
) -> Result<LoadOptions, Error> {
    let repository =
        crate::repository::around(dir, global.repo_root.as_deref()).map_err(Error::Input)?;
    Ok(LoadOptions {
        ignore: config.paths.ignore.clone(),
        repository,
        ..options.clone()
    })
}
