//! Instance keys of repeated declarations.

/// An instance key, as Terraform writes it in addresses: `[0]` or `["web"]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InstanceKey {
    Index(u64),
    Key(String),
}

impl std::fmt::Display for InstanceKey {
    /// The bracketed form used in addresses: `[0]`, `["web"]` (the key escaped as a JSON
    /// string, as Terraform prints it).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InstanceKey::Index(index) => write!(f, "[{index}]"),
            InstanceKey::Key(key) => {
                let quoted = serde_json::to_string(key).map_err(|_| std::fmt::Error)?;
                write!(f, "[{quoted}]")
            }
        }
    }
}
