//! `tfmap rule`: a rule's documentation, or the list of rules.

use crate::error::Error;
use std::io::Write;
use tfmap_model::rules::{RULES, documentation_page, rule};

pub fn run(id: Option<&str>) -> Result<(), Error> {
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
                return Err(Error::Input(format!(
                    "no rule {id:?}; `tfmap rule` lists them"
                )));
            }
        },
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(())
}
