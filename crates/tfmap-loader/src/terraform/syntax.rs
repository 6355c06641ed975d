//! Parsing one `.tf` file with hcl-edit and keeping only what later stages need: blocks,
//! attributes as hcl-rs expressions (for evaluation), every reference with its location, and
//! the location of everything. The hcl-edit tree is dropped once this is extracted.

use crate::diagnostic::Diagnostic;
use crate::inventory::Fingerprint;
use crate::location::{LineIndex, Location};
use hcl_edit::Span;
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, BlockLabel, Body, Structure};
use hcl_edit::template::{Directive, Element, Template};
use std::ops::Range;
use std::sync::Arc;

/// A block as written: `resource "aws_lb" "x" { ... }`.
#[derive(Debug, Clone)]
pub struct RawBlock {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: RawBody,
    pub location: Location,
}

#[derive(Debug, Clone, Default)]
pub struct RawBody {
    pub attributes: Vec<RawAttribute>,
    pub blocks: Vec<RawBlock>,
}

impl RawBody {
    pub fn attribute(&self, name: &str) -> Option<&RawAttribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// `name = expression`, with the references the expression makes.
#[derive(Debug, Clone)]
pub struct RawAttribute {
    pub name: String,
    pub expr: hcl::Expression,
    pub references: Vec<RawReference>,
    pub location: Location,
}

/// A traversal that names something outside the expression: `aws_ecs_cluster.main.arn` is
/// `["aws_ecs_cluster", "main", "arn"]`. The path stops at the first index or splat; that
/// index and the attribute names after it are kept, because they pick an instance of a
/// repeated resource or module: `aws_lb_target_group.tg[each.key].arn`,
/// `module.svc["web"].name`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawReference {
    pub path: Vec<String>,
    pub index: Option<ReferenceIndex>,
    /// Attribute names right after the index: `["arn"]` in `x.y[0].arn`.
    pub after_index: Vec<String>,
    pub location: Location,
    /// The conditionals the reference sits in, innermost last: Terraform evaluates only
    /// the branch a known condition takes, so a reference in the other branch reaches
    /// nothing (`var.create ? aws_iam_role.x[0].arn : var.arn` with `create = false`).
    pub guards: Vec<Guard>,
    /// Inside a `try(...)` or `can(...)`: an instance that does not exist is the case the
    /// call handles (`try(aws_sg.this[0].id, null)`), not a mistake to report.
    pub tolerated: bool,
}

/// One branch of a conditional expression: the condition, and which branch.
#[derive(Debug, Clone, PartialEq)]
pub struct Guard {
    pub condition: std::sync::Arc<hcl::Expression>,
    pub branch: bool,
}

/// The first index after a reference's path.
#[derive(Debug, Clone, PartialEq)]
pub enum ReferenceIndex {
    /// `[expr]`, or the legacy `.0`.
    Key(hcl::Expression),
    /// `[*]` or `.*`: every instance.
    Splat,
}

/// What one file holds.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub path: Arc<str>,
    /// Top-level attributes (only `.tfvars` files have them) and blocks.
    pub body: RawBody,
    /// When some of the file's blocks could not be read (each one reported): the
    /// fingerprint of its bytes, for `stats.unread`.
    pub unread: Option<Fingerprint>,
    /// What the blocks that could not be read declared (`blocks::declared_by`): a
    /// reference to one of them is explained by that block's error, not reported again.
    pub skipped: Vec<String>,
}

/// Bytes of a refused file's blocks that `recovery.rs` may rewrite, all blocks together:
/// each rewrite parses its block again, so a hostile file of many broken blocks costs no
/// more than one of `recovery.rs`'s own largest files.
const MAX_BLOCK_RECOVERY_BYTES: usize = 512 * 1024;

/// Parses a `.tfvars` file (or any file read as a whole). On a syntax error the whole file
/// is reported and skipped, as Terraform itself would refuse it; text Terraform reads but
/// hcl-edit refuses is rewritten first (`recovery.rs`), with every location kept.
pub fn parse_file(path: Arc<str>, text: &str) -> Result<ParsedFile, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match read(text, None) {
        Ok((body, rewritten)) => Ok(ParsedFile {
            body: extract(&path, rewritten.as_deref().unwrap_or(text), body, 0),
            path,
            unread: None,
            skipped: Vec::new(),
        }),
        Err(error) => Err(syntax_error(&path, &error, 0, String::new())),
    }
}

/// Parses a `.tf` file as [`parse_file`] does; when hcl-edit refuses it as a whole, each of
/// its top-level blocks (found by `blocks.rs`) is parsed on its own, every block that
/// parses is kept with its true locations, and each one that does not is one error that
/// says it was skipped, as is text outside any block. A file none of whose blocks parses
/// is refused with hcl-edit's first error, as before.
pub fn parse_config(
    path: Arc<str>,
    text: &str,
) -> Result<(ParsedFile, Vec<Diagnostic>), Diagnostic> {
    // The fingerprint is of the file's bytes, as for a file refused as a whole.
    let fingerprint = || Fingerprint::of_bytes(text.as_bytes());
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let error = match read(text, None) {
        Ok((body, rewritten)) => {
            let body = extract(&path, rewritten.as_deref().unwrap_or(text), body, 0);
            let file = ParsedFile {
                path,
                body,
                unread: None,
                skipped: Vec::new(),
            };
            return Ok((file, Vec::new()));
        }
        Err(error) => error,
    };
    let index = LineIndex::new(path.clone(), text);
    let mut reader = BlockReader {
        path: &path,
        text,
        index: &index,
        budget: MAX_BLOCK_RECOVERY_BYTES,
        body: RawBody::default(),
        diagnostics: Vec::new(),
        skipped: Vec::new(),
        read_any: false,
    };
    reader.read(0..text.len(), true);
    if !reader.read_any {
        return Err(syntax_error(&path, &error, 0, String::new()));
    }
    let BlockReader {
        body,
        mut diagnostics,
        skipped,
        ..
    } = reader;
    diagnostics.sort_by(|a, b| {
        (a.location.line, a.location.column).cmp(&(b.location.line, b.location.column))
    });
    let unread = (!diagnostics.is_empty()).then(fingerprint);
    let file = ParsedFile {
        path,
        body,
        unread,
        skipped,
    };
    Ok((file, diagnostics))
}

/// Reads a refused file block by block.
struct BlockReader<'a> {
    path: &'a Arc<str>,
    text: &'a str,
    index: &'a LineIndex,
    /// What is left of [`MAX_BLOCK_RECOVERY_BYTES`].
    budget: usize,
    body: RawBody,
    diagnostics: Vec<Diagnostic>,
    skipped: Vec<String>,
    read_any: bool,
}

impl BlockReader<'_> {
    fn line_of(&self, offset: usize) -> u32 {
        self.index.locate(self.text, offset).line
    }

    /// Reads the items of `range`; a broken one is cut where a top-level block starts a
    /// line inside it when `cut` (its braces may never close: the blocks after it are
    /// then read as items of their own, but never cut again, so the work stays linear).
    fn read(&mut self, range: Range<usize>, cut: bool) {
        // Ranges start and end at line starts: `get` never fails, but never panics either.
        let Some(text) = self.text.get(range.clone()) else {
            return;
        };
        let layout = super::blocks::layout(text);
        for stray in &layout.stray {
            let (start, end) = (range.start + stray.start, range.start + stray.end);
            let location = self.index.locate(self.text, start);
            let last = self.line_of(end.saturating_sub(1).max(start));
            let message = format!(
                "HCL syntax error: text outside any block ({}) skipped",
                lines(location.line, last)
            );
            self.diagnostics.push(Diagnostic::error(location, message));
        }
        for item in &layout.items {
            let item = range.start + item.start..range.start + item.end;
            if self.piece(item.clone()) || !cut {
                continue;
            }
            let starts = super::blocks::block_starts(self.text.get(item.clone()).unwrap_or(""));
            let Some(&first_end) = starts.first() else {
                continue;
            };
            // The item's error is given again by its first piece.
            self.diagnostics.pop();
            if super::blocks::declared_by(self.text.get(item.clone()).unwrap_or("")).is_some() {
                self.skipped.pop();
            }
            self.piece(item.start..item.start + first_end);
            self.read(item.start + first_end..item.end, false);
        }
    }

    /// Parses one item; false (and one error) when it cannot be read.
    fn piece(&mut self, range: Range<usize>) -> bool {
        let Some(piece) = self.text.get(range.clone()) else {
            return false;
        };
        let line_base = self.line_of(range.start).saturating_sub(1);
        let unrewritten = self.budget < piece.len();
        match read(piece, Some(&mut self.budget)) {
            Ok((parsed, rewritten)) => {
                let raw = extract(
                    self.path,
                    rewritten.as_deref().unwrap_or(piece),
                    parsed,
                    line_base,
                );
                self.body.attributes.extend(raw.attributes);
                self.body.blocks.extend(raw.blocks);
                self.read_any = true;
                true
            }
            Err(error) => {
                let last = self.line_of(range.end.saturating_sub(1).max(range.start));
                let mut skipped = format!(
                    "; block `{}` ({}) skipped",
                    super::blocks::header(piece),
                    lines(line_base + 1, last),
                );
                if unrewritten {
                    skipped.push_str(&format!(
                        " (not tried again with the rewrites of text Terraform reads: the \
                         {MAX_BLOCK_RECOVERY_BYTES} bytes this file may have rewritten are spent)"
                    ));
                }
                self.diagnostics
                    .push(syntax_error(self.path, &error, line_base, skipped));
                self.skipped.extend(super::blocks::declared_by(piece));
                false
            }
        }
    }
}

/// `line 3`, or `lines 3-7`.
fn lines(first: u32, last: u32) -> String {
    if first == last {
        format!("line {first}")
    } else {
        format!("lines {first}-{last}")
    }
}

/// hcl-edit's body of `text`, with the text its spans point into when `recovery.rs`
/// rewrote it. `budget`, when given, bounds the bytes rewritten (and is spent).
fn read(
    text: &str,
    budget: Option<&mut usize>,
) -> Result<(Body, Option<String>), hcl_edit::parser::Error> {
    match hcl_edit::parser::parse_body(text) {
        Ok(body) => Ok(match super::recovery::unquoted(text, &body) {
            Some((text, body)) => (body, Some(text)),
            None => (body, None),
        }),
        Err(error) => {
            let allowed = match budget {
                None => true,
                Some(left) if *left >= text.len() => {
                    *left -= text.len();
                    true
                }
                Some(_) => false,
            };
            match allowed
                .then(|| super::recovery::recover(text, &error))
                .flatten()
            {
                Some(recovered) => Ok((recovered.body, Some(recovered.text))),
                None => Err(error),
            }
        }
    }
}

/// hcl-edit's error as a diagnostic, its line moved down by `line_base`.
fn syntax_error(
    path: &Arc<str>,
    error: &hcl_edit::parser::Error,
    line_base: u32,
    suffix: String,
) -> Diagnostic {
    let location = error.location();
    Diagnostic::error(
        Location::new(
            path.clone(),
            u32::try_from(location.line())
                .unwrap_or(u32::MAX)
                .saturating_add(line_base),
            u32::try_from(location.column()).unwrap_or(u32::MAX),
        ),
        // Built from parts: `Display` of the error panics on very long lines.
        format!("HCL syntax error: {}{suffix}", error.message().trim()),
    )
}

/// The blocks and attributes of a parsed text whose first line is the file's line
/// `line_base + 1` (the text starts at a line's start).
fn extract(path: &Arc<str>, text: &str, body: Body, line_base: u32) -> RawBody {
    let index = LineIndex::new(path.clone(), text);
    let extractor = Extractor {
        index: &index,
        text,
        line_base,
    };
    extractor.body(body, &mut Vec::new())
}

struct Extractor<'a> {
    index: &'a LineIndex,
    text: &'a str,
    line_base: u32,
}

impl Extractor<'_> {
    fn locate(&self, span: Option<std::ops::Range<usize>>) -> Location {
        let mut location = self.index.locate(self.text, span.map_or(0, |s| s.start));
        location.line = location.line.saturating_add(self.line_base);
        location
    }

    /// `scope` holds the names bound around this body (iterators of enclosing `dynamic` blocks).
    fn body(&self, body: Body, scope: &mut Vec<String>) -> RawBody {
        let mut raw = RawBody::default();
        for structure in body {
            match structure {
                Structure::Attribute(attribute) => {
                    let location = self.locate(attribute.span());
                    let references =
                        expression_references(&attribute.value, scope, &|span| self.locate(span));
                    raw.attributes.push(RawAttribute {
                        name: attribute.key.value().to_string(),
                        expr: attribute.value.into(),
                        references,
                        location,
                    });
                }
                Structure::Block(block) => raw.blocks.push(self.block(block, scope)),
            }
        }
        raw
    }

    fn block(&self, block: Block, scope: &mut Vec<String>) -> RawBlock {
        let location = self.locate(block.span());
        let kind = block.ident.value().to_string();
        let labels: Vec<String> = block
            .labels
            .iter()
            .map(|label| match label {
                BlockLabel::Ident(ident) => ident.value().to_string(),
                BlockLabel::String(string) => string.value().to_string(),
            })
            .collect();
        // Inside `dynamic "x" { ... }` the iterator (named `x` unless `iterator` says otherwise)
        // is a local name, not a reference.
        let iterator = (kind == "dynamic").then(|| {
            block
                .body
                .get_attribute("iterator")
                .and_then(|a| a.value.as_variable().map(|v| v.as_str().to_string()))
                .or_else(|| labels.first().cloned())
                .unwrap_or_default()
        });
        if let Some(name) = &iterator {
            scope.push(name.clone());
        }
        let body = self.body(block.body, scope);
        if iterator.is_some() {
            scope.pop();
        }
        RawBlock {
            kind,
            labels,
            body,
            location,
        }
    }
}

/// Turns a span of the parsed text into a location in the file.
pub(crate) type Locate<'a> = &'a dyn Fn(Option<std::ops::Range<usize>>) -> Location;

/// The references an expression makes, outside the names bound in `scope`. Shared with the
/// JSON syntax, whose strings are parsed as expressions and templates of their own.
pub(crate) fn expression_references(
    expr: &Expression,
    scope: &mut Vec<String>,
    locate: Locate,
) -> Vec<RawReference> {
    let mut out = Vec::new();
    ReferenceCollector {
        locate,
        scope,
        out: &mut out,
        guards: Vec::new(),
        tolerating: 0,
    }
    .expr(expr);
    out
}

/// The references a template makes, as [`expression_references`] does for an expression.
pub(crate) fn template_references(
    template: &Template,
    scope: &mut Vec<String>,
    locate: Locate,
) -> Vec<RawReference> {
    let mut out = Vec::new();
    ReferenceCollector {
        locate,
        scope,
        out: &mut out,
        guards: Vec::new(),
        tolerating: 0,
    }
    .template(template);
    out
}

struct ReferenceCollector<'a> {
    locate: Locate<'a>,
    scope: &'a mut Vec<String>,
    out: &'a mut Vec<RawReference>,
    /// The conditional branches being walked.
    guards: Vec<Guard>,
    /// How many `try`/`can` calls are being walked.
    tolerating: usize,
}

impl ReferenceCollector<'_> {
    fn bound(&self, name: &str) -> bool {
        self.scope.iter().any(|s| s == name)
    }

    fn expr(&mut self, expr: &Expression) {
        match expr {
            Expression::Null(_)
            | Expression::Bool(_)
            | Expression::Number(_)
            | Expression::String(_)
            // A bare name is never a reference to an object: `var`, `local` and resource types
            // are only meaningful with an attribute after them.
            | Expression::Variable(_) => {}
            Expression::Array(array) => array.iter().for_each(|e| self.expr(e)),
            Expression::Object(object) => {
                for (key, value) in object.iter() {
                    if let ObjectKey::Expression(key) = key {
                        self.expr(key);
                    }
                    self.expr(value.expr());
                }
            }
            Expression::StringTemplate(template) => self.elements(template.iter()),
            Expression::HeredocTemplate(heredoc) => self.template(&heredoc.template),
            Expression::Parenthesis(inner) => self.expr(inner.inner()),
            Expression::Conditional(cond) => {
                self.expr(&cond.cond_expr);
                let condition = std::sync::Arc::new(hcl::Expression::from(cond.cond_expr.clone()));
                for (branch, expr) in [(true, &cond.true_expr), (false, &cond.false_expr)] {
                    self.guards.push(Guard {
                        condition: condition.clone(),
                        branch,
                    });
                    self.expr(expr);
                    self.guards.pop();
                }
            }
            Expression::FuncCall(call) => {
                let tolerates = call.name.namespace.is_empty()
                    && matches!(call.name.name.as_str(), "try" | "can");
                self.tolerating += usize::from(tolerates);
                call.args.iter().for_each(|e| self.expr(e));
                self.tolerating -= usize::from(tolerates);
            }
            Expression::UnaryOp(op) => self.expr(&op.expr),
            Expression::BinaryOp(op) => {
                self.expr(&op.lhs_expr);
                self.expr(&op.rhs_expr);
            }
            Expression::ForExpr(for_expr) => {
                self.expr(&for_expr.intro.collection_expr);
                let bound = self.bind(
                    for_expr.intro.key_var.as_ref().map(|k| k.value().as_str()),
                    for_expr.intro.value_var.value().as_str(),
                );
                if let Some(key) = &for_expr.key_expr {
                    self.expr(key);
                }
                self.expr(&for_expr.value_expr);
                if let Some(cond) = &for_expr.cond {
                    self.expr(&cond.expr);
                }
                self.unbind(bound);
            }
            Expression::Traversal(traversal) => {
                let mut operators = traversal.operators.iter().peekable();
                match &traversal.expr {
                    Expression::Variable(root) if !self.bound(root.value().as_str()) => {
                        let mut path = vec![root.value().to_string()];
                        while let Some(op) = operators.peek() {
                            match op.value() {
                                TraversalOperator::GetAttr(name) => {
                                    path.push(name.value().to_string());
                                    operators.next();
                                }
                                _ => break,
                            }
                        }
                        let index = operators.peek().and_then(|op| match op.value() {
                            TraversalOperator::Index(expr) => {
                                Some(ReferenceIndex::Key(expr.clone().into()))
                            }
                            TraversalOperator::LegacyIndex(n) => {
                                Some(ReferenceIndex::Key(hcl::Expression::from(*n.value())))
                            }
                            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                                Some(ReferenceIndex::Splat)
                            }
                            TraversalOperator::GetAttr(_) => None,
                        });
                        let mut after_index = Vec::new();
                        if index.is_some() {
                            let mut following = operators.clone().skip(1);
                            while let Some(TraversalOperator::GetAttr(name)) =
                                following.next().map(|op| op.value())
                            {
                                after_index.push(name.value().to_string());
                            }
                        }
                        let location = (self.locate)(traversal.span());
                        self.out.push(RawReference {
                            path,
                            index,
                            after_index,
                            location,
                            guards: self.guards.clone(),
                            tolerated: self.tolerating > 0,
                        });
                    }
                    Expression::Variable(_) => {}
                    other => self.expr(other),
                }
                for op in operators {
                    if let TraversalOperator::Index(index) = op.value() {
                        self.expr(index);
                    }
                }
            }
        }
    }

    fn template(&mut self, template: &Template) {
        self.elements(template.iter());
    }

    fn elements<'e>(&mut self, elements: impl Iterator<Item = &'e Element>) {
        for element in elements {
            match element {
                Element::Literal(_) => {}
                Element::Interpolation(interpolation) => self.expr(&interpolation.expr),
                Element::Directive(directive) => match directive.as_ref() {
                    Directive::If(if_directive) => {
                        self.expr(&if_directive.if_expr.cond_expr);
                        self.template(&if_directive.if_expr.template);
                        if let Some(else_expr) = &if_directive.else_expr {
                            self.template(&else_expr.template);
                        }
                    }
                    Directive::For(for_directive) => {
                        let intro = &for_directive.for_expr;
                        self.expr(&intro.collection_expr);
                        let bound = self.bind(
                            intro.key_var.as_ref().map(|k| k.value().as_str()),
                            intro.value_var.value().as_str(),
                        );
                        self.template(&intro.template);
                        self.unbind(bound);
                    }
                },
            }
        }
    }

    fn bind(&mut self, key: Option<&str>, value: &str) -> usize {
        let before = self.scope.len();
        if let Some(key) = key {
            self.scope.push(key.to_string());
        }
        self.scope.push(value.to_string());
        self.scope.len() - before
    }

    fn unbind(&mut self, count: usize) {
        let keep = self.scope.len().saturating_sub(count);
        self.scope.truncate(keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn references(text: &str) -> Vec<String> {
        let file = parse_file("t.tf".into(), text).expect("parses");
        let mut out = Vec::new();
        fn walk(body: &RawBody, out: &mut Vec<String>) {
            for a in &body.attributes {
                for r in &a.references {
                    out.push(format!(
                        "{}@{}:{}",
                        r.path.join("."),
                        r.location.line,
                        r.location.column
                    ));
                }
            }
            for b in &body.blocks {
                walk(&b.body, out);
            }
        }
        walk(&file.body, &mut out);
        out
    }

    #[test]
    fn references_everywhere_but_bound_names() {
        let refs = references(
            r#"resource "x" "y" {
  a = [for s in aws_subnet.private : s.id if s.cidr != var.skip]
  b = "${local.prefix}-%{ for n in var.names }${n}%{ endfor }"
  c = jsonencode({ k = aws_lb.main.arn })
  d = aws_subnet.private[var.index].id
  e = (aws_lb.main
    .dns_name)
  dynamic "load_balancer" {
    for_each = var.lbs
    content {
      target_group_arn = load_balancer.value
      other = module.app.out
    }
  }
}
"#,
        );
        assert_eq!(
            refs,
            [
                "aws_subnet.private@2:17",
                "var.skip@2:56",
                "local.prefix@3:10",
                "var.names@3:36",
                "aws_lb.main.arn@4:24",
                "aws_subnet.private@5:7",
                "var.index@5:26",
                "aws_lb.main.dns_name@6:8",
                "var.lbs@9:16",
                "module.app.out@12:15",
            ]
        );
    }

    #[test]
    fn syntax_errors_have_a_location() {
        let error =
            parse_file("bad.tf".into(), "resource \"a\" \"b\" {\n  x = = 1\n}\n").unwrap_err();
        assert_eq!(error.location.to_string(), "bad.tf:2:7");
        assert!(
            error.message.starts_with("HCL syntax error"),
            "{}",
            error.message
        );
    }

    fn blocks(file: &ParsedFile) -> Vec<String> {
        file.body
            .blocks
            .iter()
            .map(|b| format!("{} {}@{}", b.kind, b.labels.join("."), b.location))
            .collect()
    }

    #[test]
    fn a_refused_file_keeps_every_block_that_parses_with_its_locations() {
        let text = r#"variable "region" {
  default = "eu-west-1"
}

resource "aws_s3_bucket_object" "index" {
  bucket = "b"
  metadata {
    index.php = "x"
  }
}

resource "aws_ecs_cluster" "main" {
  name = "${var.region}-main"
  depends_on = ["aws_iam_role.ecs"]
}
"#;
        let (file, diagnostics) = parse_config("old.tf".into(), text).expect("partly read");
        assert_eq!(
            blocks(&file),
            [
                "variable region@old.tf:1:1",
                "resource aws_ecs_cluster.main@old.tf:12:1"
            ]
        );
        let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].starts_with("old.tf:8:10: error: HCL syntax error: ")
                && messages[0].ends_with(
                    "; block `resource \"aws_s3_bucket_object\" \"index\"` (lines 5-10) skipped"
                ),
            "{messages:?}"
        );
        assert!(file.unread.is_some());
        // The quoted 0.11 reference is a reference, at the column after its quote.
        let cluster = &file.body.blocks[1].body;
        let depends_on = cluster.attribute("depends_on").expect("depends_on");
        let reference = &depends_on.references[0];
        assert_eq!(reference.path, ["aws_iam_role", "ecs"]);
        assert_eq!(reference.location.to_string(), "old.tf:14:18");
        let name = cluster.attribute("name").expect("name");
        assert_eq!(name.references[0].location.to_string(), "old.tf:13:13");
    }

    #[test]
    fn a_block_never_closed_costs_itself_and_stray_text_is_reported() {
        let text = "resource \"a\" \"b\" {\n  x = \"never closed\n\nlocals {\n  y = 1\n}\n}\n\noutput \"o\" {\n  value = 1\n}\n";
        let (file, diagnostics) = parse_config("t.tf".into(), text).expect("partly read");
        assert_eq!(blocks(&file), ["locals @t.tf:4:1", "output o@t.tf:9:1"]);
        let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("t.tf:2:"), "{messages:?}");
        assert!(messages[0].ends_with("(lines 1-3) skipped"), "{messages:?}");
        assert_eq!(
            messages[1],
            "t.tf:7:1: error: HCL syntax error: text outside any block (line 7) skipped"
        );
    }

    #[test]
    fn rewrites_of_blocks_are_bounded_per_file() {
        // A broken block, then blocks Terraform reads but hcl-edit refuses (a key written
        // twice): each is rewritten until the file's budget is spent, then reported.
        let block = "locals {\n  m = { a = 1, a = 2 }\n}\n";
        let count = MAX_BLOCK_RECOVERY_BYTES / block.len() + 100;
        let text = format!("locals {{\n  index.php = 1\n}}\n{}", block.repeat(count));
        let started = std::time::Instant::now();
        let (file, diagnostics) = parse_config("dupes.tf".into(), &text).expect("partly read");
        assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
        assert_eq!(file.body.blocks.len() + diagnostics.len(), count + 1);
        assert!(
            file.body.blocks.len() > count - 200,
            "{}",
            file.body.blocks.len()
        );
        assert!(diagnostics.len() > 1);
        assert!(
            diagnostics[1]
                .message
                .contains("bytes this file may have rewritten are spent"),
            "{}",
            diagnostics[1].message
        );
    }

    #[test]
    fn a_file_with_no_readable_block_is_refused_as_before() {
        let error = parse_config("bad.tf".into(), "resource \"a\" \"b\" {\n  x = = 1\n}\n")
            .expect_err("refused");
        assert_eq!(error.location.to_string(), "bad.tf:2:7");
        assert!(!error.message.contains("skipped"), "{}", error.message);
    }

    #[test]
    fn quoted_providers_of_a_module_call_read_as_references() {
        let text = "module \"m\" {\n  source = \"./m\"\n  providers = {\n    \"aws\" = \"aws.west\"\n  }\n}\n";
        let (file, diagnostics) = parse_config("m.tf".into(), text).expect("parses");
        assert!(diagnostics.is_empty());
        let providers = file.body.blocks[0]
            .body
            .attribute("providers")
            .expect("providers");
        assert_eq!(providers.expr.to_string(), "{\n  aws = aws.west\n}");
        let reference = &providers.references[0];
        assert_eq!(reference.path, ["aws", "west"]);
        assert_eq!(reference.location.to_string(), "m.tf:4:14");
    }

    #[test]
    fn tfvars_locations_match_the_file() {
        let file = parse_file("x.tfvars".into(), "a = 1\n\nb = \"x\"\n").expect("parses");
        let lines: Vec<u32> = file
            .body
            .attributes
            .iter()
            .map(|a| a.location.line)
            .collect();
        assert_eq!(lines, [1, 3]);
    }
}
