//! The Diagnostics section, with repeated info diagnostics grouped: a repository's
//! `count = var.enabled ? 1 : 0` resources gave 1,754 "has no instance" lines in one report.
//! Info diagnostics of one shape (three or more) become one line naming the first few
//! subjects, unless `--verbose`; warnings and errors are always printed one by one with their
//! location, since each may need a fix.

use super::style::Paint;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use tfmap_core::diagnostic::terminal::escape as clean;
use tfmap_core::{Diagnostic, Severity};

/// A shape is grouped from this many diagnostics on.
const GROUPED_FROM: usize = 3;
/// The distinct subjects a grouped line names before `, …`.
const NAMED: usize = 5;

/// What diagnostics of one shape say, in the words of their grouped line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    /// `` `X` has no instance (count = … gives none); not drawn ``
    NoInstance,
    /// `` `module.x` has no instance (…); nothing in it is drawn ``
    ModuleWithoutInstance,
    /// `SUBJECT: the same words` (a name that is not declared, …): the words.
    SameMessage(String),
}

impl Shape {
    fn heading(&self, count: usize) -> String {
        match self {
            Shape::NoInstance => format!(
                "{count} resources have no instance (their count or for_each gives none), so they are not drawn"
            ),
            Shape::ModuleWithoutInstance => format!(
                "{count} module calls have no instance (their count or for_each gives none), so nothing in them is drawn"
            ),
            Shape::SameMessage(words) => format!("{count} × {words}"),
        }
    }
}

/// The shape of a diagnostic and its subject, for the ones that can be grouped.
fn shape(diagnostic: &Diagnostic) -> Option<(Shape, &str)> {
    if diagnostic.severity != Severity::Info {
        return None;
    }
    let message = diagnostic.message.as_str();
    if let Some(rest) = message.strip_prefix('`')
        && let Some((subject, tail)) = rest.split_once("` has no instance (")
    {
        if tail.ends_with("; not drawn") {
            return Some((Shape::NoInstance, subject));
        }
        if tail.ends_with("; nothing in it is drawn") {
            return Some((Shape::ModuleWithoutInstance, subject));
        }
    }
    let (subject, words) = message.split_once(": ")?;
    if subject.is_empty() || subject.contains(char::is_whitespace) {
        return None;
    }
    Some((Shape::SameMessage(words.to_string()), subject))
}

pub fn section(out: &mut String, diagnostics: &[&Diagnostic], verbose: bool, paint: &Paint) {
    if diagnostics.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", paint.heading("Diagnostics"));
    let shapes: Vec<Option<(Shape, &str)>> = diagnostics
        .iter()
        .map(|d| if verbose { None } else { shape(d) })
        .collect();
    let mut groups: BTreeMap<&Shape, Vec<&str>> = BTreeMap::new();
    for (shape, subject) in shapes.iter().flatten() {
        groups.entry(shape).or_default().push(subject);
    }
    let mut printed = BTreeSet::new();
    for (diagnostic, grouped) in diagnostics.iter().zip(&shapes) {
        if let Some((shape, _)) = grouped
            && let Some(subjects) = groups.get(shape).filter(|s| s.len() >= GROUPED_FROM)
        {
            // The group is printed where its first member was.
            if printed.insert(shape) {
                grouped_line(out, shape, subjects, paint);
            }
            continue;
        }
        let _ = writeln!(
            out,
            "  {}: {}: {}",
            clean(&clean(&diagnostic.location.to_string())),
            paint.severity(diagnostic.severity, diagnostic.severity.as_str()),
            clean(&clean(&diagnostic.message))
        );
    }
}

fn grouped_line(out: &mut String, shape: &Shape, subjects: &[&str], paint: &Paint) {
    // Distinct names: two roots may each have a `local_file.tfvars` with no instance.
    let mut named: Vec<String> = Vec::new();
    for subject in subjects {
        let subject = clean(subject).into_owned();
        if named.len() == NAMED {
            break;
        }
        if !named.contains(&subject) {
            named.push(subject);
        }
    }
    // The heading gives the count; a name may stand for several subjects.
    let more = if subjects
        .iter()
        .all(|s| named.iter().any(|n| *n == *clean(s)))
    {
        ""
    } else {
        ", …"
    };
    let _ = writeln!(
        out,
        "  {}: {}: {}{more} (--verbose lists each)",
        paint.severity(Severity::Info, "info"),
        clean(&shape.heading(subjects.len())),
        named.join(", ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfmap_core::Location;

    fn info(message: &str) -> Diagnostic {
        Diagnostic::info(Location::file_start("main.tf".into()), message)
    }

    fn render(diagnostics: &[Diagnostic], verbose: bool) -> String {
        let refs: Vec<&Diagnostic> = diagnostics.iter().collect();
        let mut out = String::new();
        section(&mut out, &refs, verbose, &Paint::default());
        out
    }

    #[test]
    fn three_of_a_shape_become_one_line_where_the_first_was() {
        let diagnostics = [
            Diagnostic::warning(Location::file_start("a.tf".into()), "a warning"),
            info("`aws_sqs_queue.a` has no instance (count = 0 gives none); not drawn"),
            info("`aws_sqs_queue.b` has no instance (count = var.x ? 1 : 0 gives none); not drawn"),
            info("x: names Secret \"s\", which is not declared in this code"),
            info("`aws_sqs_queue.c` has no instance (for_each = {} gives none); not drawn"),
        ];
        assert_eq!(
            render(&diagnostics, false),
            "\nDiagnostics\n  a.tf:1:1: warning: a warning\n  info: 3 resources have no \
             instance (their count or for_each gives none), so they are not drawn: \
             aws_sqs_queue.a, aws_sqs_queue.b, aws_sqs_queue.c (--verbose lists each)\n  \
             main.tf:1:1: info: x: names Secret \"s\", which is not declared in this code\n"
        );
        assert_eq!(render(&diagnostics, true).lines().count(), 7);
    }

    #[test]
    fn warnings_are_never_grouped_and_names_stay_escaped() {
        let mut diagnostics: Vec<Diagnostic> = (0..3)
            .map(|i| {
                Diagnostic::warning(
                    Location::file_start("a.tf".into()),
                    format!("w{i}: the same words"),
                )
            })
            .collect();
        diagnostics
            .extend((0..3).map(|i| info(&format!("n\u{1b}[31m{i}: the same \u{202e}words"))));
        let text = render(&diagnostics, false);
        assert_eq!(text.matches("warning: w").count(), 3, "{text}");
        assert!(
            text.contains("info: 3 × the same \\u{202e}words: n\\u{1b}[31m0"),
            "{text}"
        );
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{text}"
        );
    }
}
