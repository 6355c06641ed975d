//! `.tfmap.toml`: rule severities and disabled rules, paths to ignore, and which cluster runs
//! the manifests under a path. Unknown keys are errors that name the key.
//!
//! ```toml
//! [rules]
//! disable = ["TFM006"]
//! severity = { TFM001 = "error" }
//!
//! [paths]
//! ignore = ["legacy/**"]
//!
//! [[kubernetes.clusters]]
//! path = "k8s/prod"
//! cluster = "google_container_cluster.prod"
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use tfmap_core::Severity;
use tfmap_core::diagnostic::terminal::escape;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub rules: RulesConfig,
    #[serde(default)]
    pub paths: PathsConfig,
    #[serde(default)]
    pub kubernetes: KubernetesConfig,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesConfig {
    #[serde(default)]
    pub disable: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, SeverityName>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    Error,
    Warning,
    Info,
}

impl SeverityName {
    pub fn severity(self) -> Severity {
        match self {
            SeverityName::Error => Severity::Error,
            SeverityName::Warning => Severity::Warning,
            SeverityName::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathsConfig {
    #[serde(default)]
    pub ignore: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KubernetesConfig {
    #[serde(default)]
    pub clusters: Vec<ClusterMapping>,
}

/// YAML manifests under `path` run on the cluster node `cluster`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterMapping {
    pub path: String,
    pub cluster: String,
}

impl Config {
    /// Parses a configuration; the error names the file position and what is wrong. The
    /// error quotes the file, which comes with the repository: it is escaped for a terminal.
    pub fn parse(text: &str) -> Result<Config, String> {
        Config::parse_unescaped(text).map_err(|message| escape(&message).into_owned())
    }

    fn parse_unescaped(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let position = e.span().map(|span| {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                let column = text[..span.start.min(text.len())]
                    .rsplit('\n')
                    .next()
                    .map_or(0, |l| l.chars().count())
                    + 1;
                format!("{line}:{column}: ")
            });
            format!("{}{}", position.unwrap_or_default(), e.message())
        })?;
        for id in config
            .rules
            .disable
            .iter()
            .chain(config.rules.severity.keys())
        {
            if crate::rules::rule(id).is_none() {
                return Err(format!(
                    "unknown rule {id:?} in [rules] (`tfmap rule` lists them)"
                ));
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_names_unknown_keys() {
        let config = Config::parse("[rules]\ndisable = [\"TFM006\"]\nseverity = { TFM001 = \"error\" }\n[paths]\nignore = [\"legacy/**\"]\n").unwrap();
        assert_eq!(config.rules.disable, ["TFM006"]);
        let error = Config::parse("[rules]\ndisabled = []\n").unwrap_err();
        assert!(
            error.starts_with("2:1: ") && error.contains("disabled"),
            "{error}"
        );
        let error = Config::parse("[rules]\ndisable = [\"TFM999\"]\n").unwrap_err();
        assert!(error.contains("TFM999"), "{error}");
    }

    #[test]
    fn errors_quote_the_file_escaped() {
        for text in [
            "[rules]\n\"x\\u001b[31m\\n::error file=a::b\" = 1\n",
            "[rules]\ndisable = [\"\\u001b[2J\\n::error file=a::b\"]\n",
            "[rules]\ndisable = [\"a\u{202e}b\"]\n",
        ] {
            let error = Config::parse(text).unwrap_err();
            assert!(
                !error
                    .chars()
                    .any(tfmap_core::diagnostic::terminal::is_hidden),
                "{error:?}"
            );
            assert!(!error.lines().any(|l| l.starts_with("::")), "{error:?}");
        }
    }
}
