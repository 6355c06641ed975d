//! Colour for the text report, as cargo and ruff mark their output: errors bold red, warnings
//! bold yellow, info bold cyan, headings bold, implicit resources magenta and their
//! explanations dimmed. Off, it writes the text unchanged, so piped output and snapshots stay
//! plain. The caller decides (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`, a terminal or not);
//! only text already escaped goes through here, so no escape sequence comes from the input.

use anstyle::{AnsiColor, Style};
use tfmap_core::Severity;

/// Whether the report is coloured; the styles it uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct Paint {
    enabled: bool,
}

impl Paint {
    pub fn new(enabled: bool) -> Paint {
        Paint { enabled }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.enabled {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    pub fn severity(&self, severity: Severity, text: &str) -> String {
        let colour = match severity {
            Severity::Error => AnsiColor::Red,
            Severity::Warning => AnsiColor::Yellow,
            Severity::Info => AnsiColor::Cyan,
        };
        self.paint(Style::new().bold().fg_color(Some(colour.into())), text)
    }

    pub fn heading(&self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }

    /// The `(implicit)` mark of a resource no code declares.
    pub fn implicit(&self, text: &str) -> String {
        self.paint(Style::new().fg_color(Some(AnsiColor::Magenta.into())), text)
    }

    /// Explanations and locations: present, but quieter than what they explain.
    pub fn dim(&self, text: &str) -> String {
        self.paint(Style::new().dimmed(), text)
    }
}
