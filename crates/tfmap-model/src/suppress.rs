//! Matching `tfmap:ignore[RULE] reason` comments to findings: a comment on the finding's line
//! or on the line just above it hides it. A comment that hides nothing, or that gives no
//! reason, is reported, so suppressions do not outlive their purpose.

use crate::analysis::Finding;
use tfmap_loader::{Diagnostic, Suppression};

/// The findings left, those hidden, and diagnostics about the comments.
pub fn apply(
    findings: Vec<Finding>,
    suppressions: &[Suppression],
) -> (Vec<Finding>, Vec<Finding>, Vec<Diagnostic>) {
    let mut used = vec![false; suppressions.len()];
    let mut kept = Vec::new();
    let mut hidden = Vec::new();
    for finding in findings {
        let matched = finding.location.as_ref().and_then(|at| {
            suppressions.iter().position(|s| {
                s.location.file == at.file
                    && (s.location.line == at.line || s.location.line + 1 == at.line)
                    && s.rules.iter().any(|r| r.eq_ignore_ascii_case(finding.rule))
            })
        });
        match matched {
            Some(index) => {
                used[index] = true;
                hidden.push(finding);
            }
            None => kept.push(finding),
        }
    }
    let mut diagnostics = Vec::new();
    for (suppression, used) in suppressions.iter().zip(used) {
        let rules = suppression.rules.join(", ");
        if !used {
            diagnostics.push(Diagnostic::warning(
                suppression.location.clone(),
                format!("unused suppression: no {rules} finding on this line or the next"),
            ));
        } else if suppression.reason.is_empty() {
            diagnostics.push(Diagnostic::info(
                suppression.location.clone(),
                format!("suppression of {rules} gives no reason"),
            ));
        }
    }
    (kept, hidden, diagnostics)
}
