//! `.terraform/modules/modules.json`: after `terraform init`, the directory of every module
//! call (registry, git, nested), keyed by the call path (`eks`, `eks.node_group`). With it,
//! remote modules are followed like local ones; without it they stay opaque nodes.

use crate::boundary::Boundary;
use crate::diagnostic::Diagnostic;
use crate::location::Location;
use crate::source::MODULE_MANIFEST;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The module directories `terraform init` recorded for one root module.
#[derive(Debug, Clone, Default)]
pub struct ModuleManifest {
    /// The root module directory that holds `.terraform/`.
    pub root: String,
    /// Call path (`eks.node_group`) → module directory, relative to the analysed directory.
    pub dirs: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct ManifestFile {
    #[serde(rename = "Modules", default)]
    modules: Vec<ManifestEntry>,
}

#[derive(Deserialize)]
struct ManifestEntry {
    #[serde(rename = "Key")]
    key: String,
    #[serde(rename = "Dir")]
    dir: String,
}

/// Parses a manifest found at `path`; entries leading out of the boundary are reported and
/// left out.
pub fn parse(
    path: &str,
    text: &str,
    boundary: &Boundary,
) -> (Option<ModuleManifest>, Vec<Diagnostic>) {
    let shown: Arc<str> = Arc::from(path);
    let root = if path == MODULE_MANIFEST {
        ".".to_string()
    } else {
        path.strip_suffix(&format!("/{MODULE_MANIFEST}"))
            .unwrap_or(".")
            .to_string()
    };
    let file: ManifestFile = match serde_json::from_str(text) {
        Ok(file) => file,
        Err(error) => {
            let at = Location::new(
                shown,
                u32::try_from(error.line()).unwrap_or(0),
                u32::try_from(error.column()).unwrap_or(0),
            );
            let message =
                format!("module manifest is not valid: {error}; remote modules stay opaque");
            return (None, vec![Diagnostic::warning(at, message)]);
        }
    };
    let mut diagnostics = Vec::new();
    let mut dirs = BTreeMap::new();
    for entry in file.modules {
        if entry.key.is_empty() {
            continue; // the root module itself
        }
        match boundary.join(&root, entry.dir.trim_start_matches("./")) {
            Some(dir) => {
                dirs.insert(entry.key, dir);
            }
            None => diagnostics.push(Diagnostic::warning(
                Location::file_start(shown.clone()),
                format!(
                    "module `{}`: directory {:?} leads outside {}; not followed",
                    entry.key,
                    entry.dir,
                    boundary.describe()
                ),
            )),
        }
    }
    (Some(ModuleManifest { root, dirs }), diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_and_directories_relative_to_the_root() {
        let text = r#"{"Modules":[{"Key":"","Source":"","Dir":"."},
            {"Key":"eks","Source":"registry.terraform.io/terraform-aws-modules/eks/aws","Version":"20.8.4","Dir":".terraform/modules/eks"},
            {"Key":"eks.kms","Source":"registry.terraform.io/terraform-aws-modules/kms/aws","Version":"2.1.0","Dir":".terraform/modules/eks.kms"},
            {"Key":"evil","Source":"x","Dir":"../../../etc"}]}"#;
        let (manifest, diagnostics) = parse(
            "envs/prod/.terraform/modules/modules.json",
            text,
            &crate::boundary::ANALYSED_DIRECTORY,
        );
        let manifest = manifest.unwrap();
        assert_eq!(manifest.root, "envs/prod");
        assert_eq!(
            manifest.dirs.get("eks").map(String::as_str),
            Some("envs/prod/.terraform/modules/eks")
        );
        assert_eq!(manifest.dirs.len(), 2);
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("leads outside"));
    }

    #[test]
    fn a_broken_manifest_is_reported_with_its_position() {
        let (manifest, diagnostics) = parse(
            ".terraform/modules/modules.json",
            "{\"Modules\": [",
            &crate::boundary::ANALYSED_DIRECTORY,
        );
        assert!(manifest.is_none());
        assert_eq!(diagnostics[0].location.line, 1);
    }
}
