//! Kubernetes manifests in YAML. Every `.yaml`/`.yml` file is read; documents that are
//! Kubernetes objects (a mapping with string `apiVersion` and `kind`) are kept with their
//! line, `List` kinds are unpacked, and anything else (CI pipelines, Helm values, compose
//! files) is counted and passed over quietly. Go-templated YAML (Helm chart templates) is
//! counted as templated, not reported as broken.
//!
//! Documents are split before parsing so that one broken document does not hide the others,
//! and nesting depth is checked with the streaming parser before a tree is built, because
//! building a tree recurses.

use crate::diagnostic::Diagnostic;
use crate::location::Location;
use saphyr::{MarkedYaml, Scalar, YamlData, YamlLoader};
use saphyr_parser::{Event, Parser, Span, SpannedEventReceiver};
use std::collections::BTreeMap;
use std::sync::Arc;
use tfmap_core::{Map, Value};

pub mod kustomize;
pub(crate) mod yaml_text;

/// Kinds that live outside namespaces.
const CLUSTER_SCOPED: [&str; 13] = [
    "Namespace",
    "Node",
    "PersistentVolume",
    "StorageClass",
    "IngressClass",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PriorityClass",
    "GatewayClass",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "APIService",
];

pub fn is_cluster_scoped(kind: &str) -> bool {
    CLUSTER_SCOPED.contains(&kind)
}

/// One Kubernetes object written in YAML.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub object: Value,
    /// Where the object's mapping starts.
    pub location: Location,
    /// The kustomization directory whose build deploys it (the object as written there,
    /// transformed), or `None` for a manifest applied as written.
    pub built_by: Option<Arc<str>>,
}

/// Why a document of a YAML file was not read: the rest of the file was.
pub const DOCUMENT_WITH_ERRORS: &str = "YAML document with errors";

/// What one YAML file gave.
#[derive(Debug, Default)]
pub struct YamlFile {
    pub manifests: Vec<Manifest>,
    pub diagnostics: Vec<Diagnostic>,
    /// Documents passed over, by reason.
    pub skipped: Vec<&'static str>,
}

/// Why a document that is not a Kubernetes object was passed over.
const NOT_AN_OBJECT: &str = "YAML document that is not a Kubernetes object";

/// Reads the Kubernetes objects of one YAML file.
pub fn parse_yaml(path: Arc<str>, text: &str, max_depth: usize) -> YamlFile {
    let mut file = YamlFile::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (first_line, document) in split_documents(text) {
        if document
            .trim()
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            continue;
        }
        // Decided per document: one templated document does not hide the others.
        if let Some(template) = template_kind(&document) {
            file.skipped.push(template);
            continue;
        }
        // Every Kubernetes object has a `kind` and an `apiVersion`. A document that writes
        // neither word (data files for Terraform, most CI workflows) is not one and is not
        // parsed: on a landing zone with a thousand YAML data files this is most of the YAML
        // time. A backslash may spell a key with escapes, so such a document is parsed.
        if !document.contains("kind")
            && !document.contains("apiVersion")
            && !document.contains('\\')
        {
            file.skipped.push(NOT_AN_OBJECT);
            continue;
        }
        // Lines indented to be read (see `indent_flow_lines`): columns added, by line.
        let mut indented = BTreeMap::new();
        let relaxed: String;
        let loaded = match load_bounded(&document, max_depth) {
            Err(Refused::Syntax(error)) if is_flow_indentation(&error) => {
                match indent_flow_lines(&document, max_depth) {
                    Some((text, added)) => {
                        relaxed = text;
                        indented = added;
                        load_bounded(&relaxed, max_depth)
                    }
                    None => Err(Refused::Syntax(error)),
                }
            }
            other => other,
        };
        let at = |line: usize, col: usize| {
            let added = indented.get(&line).copied().unwrap_or(0);
            Location::new(
                path.clone(),
                to_u32(first_line + line.saturating_sub(1)),
                to_u32(col.saturating_sub(added) + 1),
            )
        };
        let nodes = match loaded {
            Ok(nodes) => nodes,
            Err(Refused::TooDeep(line, col)) => {
                file.diagnostics.push(Diagnostic::error(
                    at(line, col),
                    format!("YAML nested deeper than {max_depth} levels; document skipped (raise --max-yaml-depth to read it)"),
                ));
                file.skipped.push(DOCUMENT_WITH_ERRORS);
                continue;
            }
            Err(Refused::Syntax(error)) => {
                let marker = error.marker();
                file.diagnostics.push(Diagnostic::error(
                    at(marker.line(), marker.col()),
                    format!("YAML syntax error: {}; document skipped", error.info()),
                ));
                file.skipped.push(DOCUMENT_WITH_ERRORS);
                continue;
            }
        };
        for node in nodes {
            let line = node.span.start.line();
            let col = node.span.start.col();
            let value = to_json(&node);
            if kind_of(&value).is_some_and(|kind| kind == "List" || kind.ends_with("List")) {
                let items = value
                    .get("items")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let item_nodes = list_item_positions(&node);
                for (index, item) in items.into_iter().enumerate() {
                    let (item_line, item_col) =
                        item_nodes.get(index).copied().unwrap_or((line, col));
                    push_object(&mut file, item, at(item_line, item_col));
                }
            } else {
                push_object(&mut file, value, at(line, col));
            }
        }
    }
    file
}

fn push_object(file: &mut YamlFile, value: Value, location: Location) {
    let api_version = value.get("apiVersion").and_then(Value::as_str);
    let named = value.get("metadata").is_some_and(|m| {
        m.get("name").is_some_and(Value::is_string)
            || m.get("generateName").is_some_and(Value::is_string)
    });
    match api_version {
        // kustomization.yaml and friends build manifests; they are not objects in a cluster.
        Some(version) if version.starts_with("kustomize.config.k8s.io") => {
            file.skipped.push("kustomize configuration")
        }
        Some(_) if kind_of(&value).is_some() && named => file.manifests.push(Manifest {
            object: value,
            location,
            built_by: None,
        }),
        _ => file.skipped.push(NOT_AN_OBJECT),
    }
}

fn kind_of(value: &Value) -> Option<&str> {
    value.get("kind")?.as_str()
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Why a document is a template rather than YAML: Helm and other Go templates put
/// `{{ … }}` where YAML expects structure (at the start of a line, of a sequence item or of
/// a mapping value); a Terraform template (the input of `templatefile()`) puts a `%{ … }`
/// directive at the start of a line. Inside a block scalar, a quoted string or a comment
/// either is data (a ConfigMap may hold a template for its program).
fn template_kind(text: &str) -> Option<&'static str> {
    // Most files hold neither opening: nothing to lay out.
    let (go, terraform) = (text.contains("{{"), text.contains("%{"));
    if !go && !terraform {
        return None;
    }
    let layout = yaml_text::layout(text);
    if go && is_templated(text, &layout) {
        return Some("templated YAML (Helm or Go template)");
    }
    if !terraform {
        return None;
    }
    text.split_inclusive('\n')
        .enumerate()
        .filter(|(index, _)| {
            !layout
                .continues_scalar
                .get(*index)
                .copied()
                .unwrap_or(false)
        })
        .any(|(_, line)| line.trim_start().starts_with("%{"))
        .then_some("templated YAML (Terraform template)")
}

/// The Go-template half of [`template_kind`].
fn is_templated(text: &str, layout: &yaml_text::Layout) -> bool {
    let mut line_start = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let start = line_start;
        line_start += line.len();
        if layout.continues_scalar.get(index).copied().unwrap_or(false) {
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("{{") || trimmed.starts_with("- {{") {
            return true;
        }
        let structural = |offset: usize| !layout.in_scalar(offset) && !layout.in_comment(offset);
        if line
            .match_indices(": {{")
            .any(|(at, _)| structural(start + at + 2))
        {
            return true;
        }
    }
    false
}

/// The documents of a YAML text as values, for files that are not manifests (a
/// kustomization, a patch): empty documents are left out; the first error is the message.
pub fn yaml_values(text: &str, max_depth: usize) -> Result<Vec<Value>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut values = Vec::new();
    for (first_line, document) in split_documents(text) {
        let nodes = load_bounded(&document, max_depth).map_err(|refused| match refused {
            Refused::TooDeep(line, _) => format!(
                "line {}: nested deeper than {max_depth} levels",
                first_line + line.saturating_sub(1)
            ),
            Refused::Syntax(error) => format!(
                "line {}: {}",
                first_line + error.marker().line().saturating_sub(1),
                error.info()
            ),
        })?;
        values.extend(nodes.iter().map(to_json).filter(|v| !v.is_null()));
    }
    Ok(values)
}

/// Splits a stream at `---` lines; each document comes with the line it starts on.
fn split_documents(text: &str) -> Vec<(usize, String)> {
    let mut documents = Vec::new();
    let mut current = String::new();
    let mut start = 1;
    for (index, line) in text.lines().enumerate() {
        let is_separator =
            line == "---" || line.starts_with("--- ") || line.starts_with("---\t") || line == "...";
        if is_separator {
            documents.push((start, std::mem::take(&mut current)));
            start = index + 2;
            // Content after `--- ` on the same line belongs to the next document.
            let inline = line
                .strip_prefix("--- ")
                .filter(|rest| !rest.trim().is_empty() && !rest.trim_start().starts_with('#'));
            if let Some(rest) = inline {
                start = index + 1;
                current.push_str(rest);
                current.push('\n');
            }
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    documents.push((start, current));
    documents
}

/// Indentation rounds tried on one document: real files need one or two.
const MAX_INDENTED_LINES: usize = 64;

/// saphyr's "invalid indentation" before a token: only raised inside a flow collection
/// (`[...]`, `{...}`), whose lines YAML wants indented deeper than the block holding it.
fn is_flow_indentation(error: &saphyr::ScanError) -> bool {
    error.info() == "invalid indentation"
}

/// go-yaml (and so kubectl) ignores indentation inside a flow collection, where saphyr
/// follows YAML 1.2 and refuses a line such as a closing `]` back at its key's column.
/// Indenting that line changes no value (leading blanks inside a flow collection are only
/// separation), so each refused line gets one more space until the document loads: the
/// text and the columns added to each line (1-based), or `None` when another error stops
/// it.
fn indent_flow_lines(document: &str, max_depth: usize) -> Option<(String, BTreeMap<usize, usize>)> {
    let mut text = document.to_string();
    let mut added = BTreeMap::new();
    for _ in 0..MAX_INDENTED_LINES {
        let line = match load_bounded(&text, max_depth).map(drop) {
            Ok(_) => return Some((text, added)),
            Err(Refused::Syntax(error)) if is_flow_indentation(&error) => error.marker().line(),
            Err(_) => return None,
        };
        let start = if line <= 1 {
            0
        } else {
            text.match_indices('\n').nth(line - 2)?.0 + 1
        };
        text.insert(start, ' ');
        *added.entry(line).or_insert(0) += 1;
    }
    None
}

/// Why a document was not loaded.
enum Refused {
    /// Nesting went past the limit at this line and column.
    TooDeep(usize, usize),
    Syntax(saphyr::ScanError),
}

/// Loads a document's nodes in one pass of the parser, refusing it as soon as nesting goes
/// past `max_depth`: the tree (and the recursion that walks it) never gets that deep. The
/// events are pulled one by one: `Parser::load` recurses once per level of nesting.
fn load_bounded(document: &str, max_depth: usize) -> Result<Vec<MarkedYaml<'_>>, Refused> {
    load_with(document, max_depth, true)
}

/// The documents of a YAML text with every scalar as written (its text, style and tag),
/// for readers that resolve scalars by their own rules (Terraform's `yamldecode`). The
/// error is the message with its line.
pub(crate) fn load_as_written(text: &str, max_depth: usize) -> Result<Vec<MarkedYaml<'_>>, String> {
    load_with(text, max_depth, false).map_err(|refused| match refused {
        Refused::TooDeep(line, _) => format!("line {line}: nested deeper than {max_depth} levels"),
        Refused::Syntax(error) => format!("line {}: {}", error.marker().line(), error.info()),
    })
}

fn load_with(
    document: &str,
    max_depth: usize,
    resolve: bool,
) -> Result<Vec<MarkedYaml<'_>>, Refused> {
    let mut loader = YamlLoader::default();
    loader.early_parse(resolve);
    // YAML 1.2 forbids a key written twice in one mapping, but `kubectl apply -f` decodes
    // manifests with go-yaml, which keeps the last value (kubernetes/kubernetes#89303,
    // #125885): read such a manifest as kubectl does instead of refusing it.
    loader.allow_duplicate_keys(true);
    let mut guard = DepthGuard {
        loader,
        depth: 0,
        max_depth,
        too_deep: None,
    };
    for event in Parser::new_from_str(document) {
        let (event, span) = event.map_err(Refused::Syntax)?;
        guard.on_event(event, span);
        if let Some((line, col)) = guard.too_deep {
            return Err(Refused::TooDeep(line, col));
        }
    }
    if let Some(error) = guard.loader.error() {
        return Err(Refused::Syntax(error.clone()));
    }
    Ok(guard.loader.into_documents())
}

/// Passes parser events to the loader while they stay within the depth limit.
struct DepthGuard<'input> {
    loader: YamlLoader<'input, MarkedYaml<'input>>,
    depth: usize,
    max_depth: usize,
    too_deep: Option<(usize, usize)>,
}

impl<'input> SpannedEventReceiver<'input> for DepthGuard<'input> {
    fn on_event(&mut self, event: Event<'input>, span: Span) {
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                self.depth += 1;
                if self.depth > self.max_depth {
                    self.too_deep = Some((span.start.line(), span.start.col()));
                    return;
                }
            }
            Event::MappingEnd | Event::SequenceEnd => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        self.loader.on_event(event, span);
    }
}

fn list_item_positions(node: &MarkedYaml) -> Vec<(usize, usize)> {
    let YamlData::Mapping(mapping) = &node.data else {
        return Vec::new();
    };
    for (key, value) in mapping {
        let is_items = matches!(&key.data, YamlData::Value(Scalar::String(k)) if k == "items");
        if let (true, YamlData::Sequence(items)) = (is_items, &value.data) {
            return items
                .iter()
                .map(|i| (i.span.start.line(), i.span.start.col()))
                .collect();
        }
    }
    Vec::new()
}

fn to_json(node: &MarkedYaml) -> Value {
    match &node.data {
        YamlData::Value(scalar) => scalar_to_json(scalar),
        YamlData::Representation(text, _, _) => Value::String(text.to_string()),
        YamlData::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        YamlData::Mapping(mapping) => {
            let mut object = Map::new();
            for (key, value) in mapping {
                let key = match to_json(key) {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                object.insert(key, to_json(value));
            }
            Value::Object(object)
        }
        YamlData::Tagged(_, inner) => to_json(inner),
        YamlData::Alias(_) | YamlData::BadValue => Value::Null,
    }
}

fn scalar_to_json(scalar: &Scalar) -> Value {
    match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::from(*i),
        Scalar::FloatingPoint(f) => {
            serde_json::Number::from_f64(f.into_inner()).map_or(Value::Null, Value::Number)
        }
        Scalar::String(s) => Value::String(s.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn terraform_templates_are_passed_over_unless_the_directive_is_data() {
        let template = "#cloud-config\nwrite_files:\n%{ for path, data in files }\n  - path: ${path}\n%{ endfor }\n";
        let file = parse_yaml(Arc::from("cloud-config.yaml"), template, 64);
        assert_eq!(file.skipped, ["templated YAML (Terraform template)"]);
        assert!(file.diagnostics.is_empty());
        let data = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  t: |\n    %{ if x }y%{ endif }\n";
        let file = parse_yaml(Arc::from("cm.yaml"), data, 64);
        assert_eq!(file.manifests.len(), 1);
    }

    #[test]
    fn templated_documents_are_passed_over_one_by_one() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  t: |\n    {{ .X }}\n  q: 'k: {{ .Y }}'\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n";
        let file = parse_yaml("x.yaml".into(), text, 64);
        assert_eq!(file.manifests.len(), 1);
        assert_eq!(file.skipped, ["templated YAML (Helm or Go template)"]);
    }

    use super::*;

    const DEPTH: usize = 128;

    fn ids(file: &YamlFile) -> Vec<String> {
        file.manifests
            .iter()
            .map(|m| {
                format!(
                    "{}/{}@{}",
                    m.object["kind"].as_str().unwrap_or("?"),
                    m.object["metadata"]["name"].as_str().unwrap_or("?"),
                    m.location.line
                )
            })
            .collect()
    }

    #[test]
    fn documents_lists_and_lines() {
        let text = "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n# only a comment\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: b\n";
        let file = parse_yaml("k.yaml".into(), text, DEPTH);
        assert_eq!(ids(&file), ["Service/a@2", "ConfigMap/b@12"]);
        assert!(file.diagnostics.is_empty());
    }

    #[test]
    fn a_broken_document_spares_the_others() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: [unclosed\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: c\n";
        let file = parse_yaml("k.yaml".into(), text, DEPTH);
        assert_eq!(ids(&file), ["Service/a@1", "Secret/c@9"]);
        assert_eq!(file.diagnostics.len(), 1);
        assert_eq!(
            file.diagnostics[0].location.line, 8,
            "{}",
            file.diagnostics[0]
        );
    }

    #[test]
    fn templates_and_other_yaml_are_passed_over() {
        let templated = parse_yaml(
            "t.yaml".into(),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n",
            DEPTH,
        );
        assert_eq!(templated.skipped, ["templated YAML (Helm or Go template)"]);
        let workflow = parse_yaml(
            "ci.yml".into(),
            "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
            DEPTH,
        );
        assert!(workflow.manifests.is_empty() && workflow.diagnostics.is_empty());
        assert_eq!(
            workflow.skipped,
            ["YAML document that is not a Kubernetes object"]
        );
    }

    #[test]
    fn a_document_naming_neither_kind_nor_api_version_is_not_parsed() {
        // Broken YAML, but it cannot be a Kubernetes object: passed over, no error.
        let data = parse_yaml("data.yaml".into(), "rules: [\n  - a: b\n", DEPTH);
        assert!(data.diagnostics.is_empty());
        assert_eq!(data.skipped, [NOT_AN_OBJECT]);
        // The same break in a document that says what kind it is: reported.
        let manifest = parse_yaml("app.yaml".into(), "kind: [\n  - a: b\n", DEPTH);
        assert_eq!(manifest.diagnostics.len(), 1, "{:?}", manifest.diagnostics);
        assert_eq!(manifest.skipped, [DOCUMENT_WITH_ERRORS]);
    }

    #[test]
    fn a_key_written_twice_keeps_its_last_value_as_kubectl_does() {
        let text = "apiVersion: v1\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: first\n  name: last\n";
        let file = parse_yaml("twice.yaml".into(), text, DEPTH);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        assert_eq!(ids(&file), ["Deployment/last@1"]);
        assert_eq!(file.manifests[0].object["apiVersion"], "apps/v1");
    }

    #[test]
    fn a_flow_collection_closed_at_its_key_column_is_read_as_go_yaml_reads_it() {
        // The `]` sits at the column of `namespaces`: YAML 1.2 wants it deeper, go-yaml
        // (kubectl) does not care.
        let text = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n    data: {\n      x: \"1\"\n    }\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: b,\n  }\n";
        let file = parse_yaml("flow.yaml".into(), text, DEPTH);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        assert_eq!(ids(&file), ["ConfigMap/a@4", "ConfigMap/b@11"]);
        assert_eq!(file.manifests[0].object["data"]["x"], "1");
        // Another error in such a document is still reported, where it is.
        let broken = "kind: Config\nspec:\n  match: [\n    a\n  ]\n  bad: [\n";
        let file = parse_yaml("broken.yaml".into(), broken, DEPTH);
        assert_eq!(file.diagnostics.len(), 1, "{:?}", file.diagnostics);
    }

    #[test]
    fn deep_nesting_is_refused_before_building_a_tree() {
        // Block nesting would overflow the stack while the tree is built: refused first.
        let block = format!("{}kind: x\n", "- ".repeat(10_000));
        let file = parse_yaml("deep.yaml".into(), &block, DEPTH);
        assert_eq!(file.diagnostics.len(), 1);
        assert!(
            file.diagnostics[0].message.contains("nested deeper"),
            "{}",
            file.diagnostics[0]
        );
        // Flow nesting is refused by the parser's own recursion limit.
        let flow = format!("kind: {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let file = parse_yaml("deep.yaml".into(), &flow, DEPTH);
        assert_eq!(file.diagnostics.len(), 1);
        assert_eq!(file.diagnostics[0].location.line, 1);
    }
}
