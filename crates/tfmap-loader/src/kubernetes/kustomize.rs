//! kustomize, built in process: what `kubectl apply -k DIR` would deploy, without running
//! kustomize. Each kustomization that no other one uses (an overlay, or a lone
//! kustomization) is built: its resources (files, and directories holding a kustomization,
//! recursively), generators, components, then its transformers in kustomize's order
//! (patches, namespace, name prefix and suffix, labels, annotations, JSON 6902 patches,
//! replicas, images). The objects it deploys replace the manifests it was built from: a
//! base used by overlays is not drawn by itself. Remote bases are never fetched; features
//! tfmap does not build are named in a diagnostic, never dropped silently.

mod patch;
mod transform;

use crate::diagnostic::Diagnostic;
use crate::kubernetes::{Manifest, yaml_values};
use crate::location::Location;
use crate::source::SourceFiles;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tfmap_core::{Map, Value};

/// The file names kustomize reads in a directory, in its order of preference.
pub const FILE_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Kustomizations nested deeper than this (an overlay of an overlay of …) are not built.
const MAX_DEPTH: usize = 32;

/// Fields of a kustomization tfmap reads.
const READ: [&str; 22] = [
    "apiVersion",
    "kind",
    "metadata",
    "resources",
    "bases",
    "components",
    "namespace",
    "namePrefix",
    "nameSuffix",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "images",
    "replicas",
    "patches",
    "patchesStrategicMerge",
    "patchesJson6902",
    "configMapGenerator",
    "secretGenerator",
    "generatorOptions",
    "buildMetadata",
    "sortOptions",
];

/// Why a skipped count is kept: a remote base is never fetched.
pub const REMOTE_BASE: &str = "kustomize remote base (never fetched)";

/// True for a file kustomize reads as a kustomization.
pub fn is_kustomization(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    FILE_NAMES.contains(&name)
}

/// What building the kustomizations gave.
#[derive(Debug, Default)]
pub struct Built {
    /// The manifests deployed: those no kustomization reads, then each build's objects.
    pub manifests: Vec<Manifest>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: BTreeMap<&'static str, usize>,
}

/// An object being built, with where it was written.
#[derive(Debug, Clone)]
struct Object {
    value: Value,
    location: Location,
}

/// Builds every kustomization among `paths` (the walked files) over `manifests` (what the
/// walk's YAML files hold).
pub fn build_all(
    paths: &[String],
    manifests: Vec<Manifest>,
    files: &dyn SourceFiles,
    max_yaml_depth: usize,
) -> Built {
    let kustomization_files: Vec<&String> = paths.iter().filter(|p| is_kustomization(p)).collect();
    if kustomization_files.is_empty() {
        return Built {
            manifests,
            ..Built::default()
        };
    }
    let mut by_file: BTreeMap<String, Vec<Manifest>> = BTreeMap::new();
    for manifest in manifests {
        by_file
            .entry(manifest.location.file.to_string())
            .or_default()
            .push(manifest);
    }
    let mut builder = Builder {
        files,
        walked: paths.iter().map(String::as_str).collect(),
        by_file,
        max_yaml_depth,
        loaded: BTreeMap::new(),
        consumed: BTreeSet::new(),
        used: BTreeSet::new(),
        built: BTreeSet::new(),
        diagnostics: Vec::new(),
        skipped: BTreeMap::new(),
        stack: Vec::new(),
    };
    // Every kustomization is loaded first, to know which ones another uses.
    let dirs: BTreeSet<String> = kustomization_files.iter().map(|p| parent(p)).collect();
    for dir in &dirs {
        if let Some(kustomization) = builder.load(dir) {
            for entry in strings(&kustomization.value, &["resources", "bases", "components"]) {
                if let Some(path) = builder.files.boundary().join(dir, &entry)
                    && builder.kustomization_file(&path).is_some()
                {
                    builder.used.insert(path);
                }
            }
        }
    }
    let mut built: Vec<Manifest> = Vec::new();
    let tops: Vec<&String> = dirs.iter().filter(|d| !builder.used.contains(*d)).collect();
    for dir in tops {
        let objects = builder.build(dir);
        let by: Arc<str> = Arc::from(dir.as_str());
        built.extend(objects.into_iter().map(|o| Manifest {
            object: o.value,
            location: o.location,
            built_by: Some(by.clone()),
        }));
    }
    // A kustomization only ever used by kustomizations it uses in turn: no overlay built it.
    for dir in &dirs {
        if !builder.built.contains(dir)
            && let Some(Some(kustomization)) = builder.loaded.get(dir).cloned()
        {
            builder.error(
                &kustomization.location,
                format!("kustomization {dir} is only used inside a cycle of kustomizations (kustomize fails on it); not built"),
            );
        }
    }
    let mut deployed: Vec<Manifest> = builder
        .by_file
        .iter()
        .filter(|(file, _)| !builder.consumed.contains(*file))
        .flat_map(|(_, manifests)| manifests.iter().cloned())
        .collect();
    deployed.extend(built);
    Built {
        manifests: deployed,
        diagnostics: builder.diagnostics,
        skipped: builder.skipped,
    }
}

fn parent(path: &str) -> String {
    path.rsplit_once('/')
        .map_or(".".to_string(), |(dir, _)| dir.to_string())
}

/// A loaded kustomization file.
#[derive(Debug, Clone)]
struct Kustomization {
    value: Value,
    location: Location,
}

struct Builder<'a> {
    files: &'a dyn SourceFiles,
    walked: BTreeSet<&'a str>,
    by_file: BTreeMap<String, Vec<Manifest>>,
    max_yaml_depth: usize,
    /// Kustomization files read, by directory (`None`: it could not be read).
    loaded: BTreeMap<String, Option<Kustomization>>,
    /// Files a build read as resources or patches: not deployed as written.
    consumed: BTreeSet<String>,
    /// Directories some kustomization uses as a base or component.
    used: BTreeSet<String>,
    /// Directories built at least once.
    built: BTreeSet<String>,
    diagnostics: Vec<Diagnostic>,
    skipped: BTreeMap<&'static str, usize>,
    /// Directories being built, to refuse a cycle.
    stack: Vec<String>,
}

impl Builder<'_> {
    /// The kustomization file of a directory, if it has one.
    fn kustomization_file(&self, dir: &str) -> Option<String> {
        FILE_NAMES.iter().find_map(|name| {
            let path = if dir == "." {
                (*name).to_string()
            } else {
                format!("{dir}/{name}")
            };
            let exists = self.walked.contains(path.as_str()) || self.files.read_text(&path).is_ok();
            exists.then_some(path)
        })
    }

    fn load(&mut self, dir: &str) -> Option<Kustomization> {
        if let Some(loaded) = self.loaded.get(dir) {
            return loaded.clone();
        }
        let loaded = self.read_kustomization(dir);
        self.loaded.insert(dir.to_string(), loaded.clone());
        loaded
    }

    fn read_kustomization(&mut self, dir: &str) -> Option<Kustomization> {
        let path = self.kustomization_file(dir)?;
        let location = Location::file_start(Arc::from(path.as_str()));
        let text = match self.files.read_text(&path) {
            Ok(text) => text,
            Err(error) => {
                self.error(&location, format!("cannot read kustomization: {error}"));
                return None;
            }
        };
        let value = match yaml_values(&text, self.max_yaml_depth) {
            Ok(values) => values.into_iter().next().unwrap_or_default(),
            Err(error) => {
                self.error(
                    &location,
                    format!("kustomization is not valid YAML ({error}); not built"),
                );
                return None;
            }
        };
        if !value.is_object() && !value.is_null() {
            self.error(
                &location,
                "kustomization is not a mapping; not built".to_string(),
            );
            return None;
        }
        for key in value.as_object().into_iter().flat_map(Map::keys) {
            if !READ.contains(&key.as_str()) {
                self.diagnostics.push(Diagnostic::warning(
                    location.clone(),
                    format!("kustomize `{key}` is not built by tfmap: what it adds or changes is not drawn"),
                ));
            }
        }
        Some(Kustomization { value, location })
    }

    fn error(&mut self, location: &Location, message: String) {
        self.diagnostics
            .push(Diagnostic::error(location.clone(), message));
    }

    /// The objects a kustomization directory deploys.
    fn build(&mut self, dir: &str) -> Vec<Object> {
        let mut objects = Vec::new();
        self.apply_kustomization(dir, &mut objects);
        objects
    }

    /// One kustomization over `objects`, in kustomize's order: its resources added, its
    /// components applied (each the same way, over everything so far), its generators, then
    /// its own transformers. A build starts from nothing; a component adds to its user's.
    fn apply_kustomization(&mut self, dir: &str, objects: &mut Vec<Object>) {
        let Some(kustomization) = self.load(dir) else {
            return;
        };
        if self.stack.iter().any(|d| d == dir) || self.stack.len() >= MAX_DEPTH {
            self.error(
                &kustomization.location,
                format!("kustomization {dir} uses itself or is nested deeper than {MAX_DEPTH}; not built again"),
            );
            return;
        }
        self.stack.push(dir.to_string());
        self.built.insert(dir.to_string());
        self.resources(dir, &kustomization, objects);
        for entry in strings(&kustomization.value, &["components"]) {
            match self.files.boundary().join(dir, &entry) {
                Some(path) if self.kustomization_file(&path).is_some() => {
                    self.apply_kustomization(&path, objects);
                }
                _ => self.error(
                    &kustomization.location,
                    format!("component {entry:?} has no kustomization; kustomize fails the build"),
                ),
            }
        }
        generate_all(&kustomization, objects);
        self.transform(dir, &kustomization, objects);
        self.stack.pop();
    }

    /// The resources of one kustomization.
    fn resources(&mut self, dir: &str, kustomization: &Kustomization, objects: &mut Vec<Object>) {
        for entry in strings(&kustomization.value, &["resources", "bases"]) {
            if is_remote(&entry) {
                *self.skipped.entry(REMOTE_BASE).or_default() += 1;
                self.diagnostics.push(Diagnostic::info(
                    kustomization.location.clone(),
                    format!("remote kustomize resource {entry:?} is not read (tfmap never touches the network)"),
                ));
                continue;
            }
            let Some(path) = self.files.boundary().join(dir, &entry) else {
                self.error(
                    &kustomization.location,
                    format!("resource {entry:?} leads out of the repository; not read"),
                );
                continue;
            };
            if self.kustomization_file(&path).is_some() {
                objects.extend(self.build(&path));
            } else if let Some(found) = self.manifests_of(&path) {
                objects.extend(found);
            } else {
                self.error(
                    &kustomization.location,
                    format!("resource {entry:?} is neither a file nor a directory with a kustomization; kustomize fails the build"),
                );
            }
        }
    }

    /// The objects of a YAML file a kustomization lists, from the walk or read now.
    fn manifests_of(&mut self, path: &str) -> Option<Vec<Object>> {
        let manifests = match self.by_file.get(path) {
            Some(manifests) => manifests.clone(),
            None if self.walked.contains(path) => Vec::new(),
            None => {
                let text = self.files.read_text(path).ok()?;
                let file = super::parse_yaml(Arc::from(path), &text, self.max_yaml_depth);
                self.diagnostics.extend(file.diagnostics);
                file.manifests
            }
        };
        self.consumed.insert(path.to_string());
        Some(
            manifests
                .into_iter()
                .map(|m| Object {
                    value: m.object,
                    location: m.location,
                })
                .collect(),
        )
    }

    /// The documents of a patch file, read as a patch (the file is not deployed).
    fn patch_file(&mut self, dir: &str, entry: &str, at: &Location) -> Option<Vec<Value>> {
        let path = self.files.boundary().join(dir, entry)?;
        self.consumed.insert(path.clone());
        match self.files.read_text(&path) {
            Ok(text) => match yaml_values(&text, self.max_yaml_depth) {
                Ok(values) => Some(values),
                Err(error) => {
                    self.error(
                        at,
                        format!("patch {entry:?} is not valid YAML ({error}); not applied"),
                    );
                    None
                }
            },
            Err(error) => {
                self.error(
                    at,
                    format!("patch {entry:?} cannot be read ({error}); not applied"),
                );
                None
            }
        }
    }

    /// A kustomization's transformers over the objects, in kustomize's order.
    fn transform(&mut self, dir: &str, kustomization: &Kustomization, objects: &mut Vec<Object>) {
        let k = &kustomization.value;
        let at = &kustomization.location;
        // Strategic merge patches, by file or inline.
        for entry in strings(k, &["patchesStrategicMerge"]) {
            let patches = if entry.contains('\n') {
                self.inline(&entry, at)
            } else {
                self.patch_file(dir, &entry, at)
            };
            for patch in patches.unwrap_or_default() {
                self.apply(objects, &patch, None, &transform::Renames::new(), at);
            }
        }
        for entry in list(k, "patches") {
            let target = match entry.get("target").map(patch::Target::read).transpose() {
                Ok(target) => target,
                Err(error) => {
                    self.warn(
                        at,
                        format!("patch target not read ({error}); patch not applied"),
                    );
                    continue;
                }
            };
            let patches = match (
                entry.get("path").and_then(Value::as_str),
                entry.get("patch").and_then(Value::as_str),
            ) {
                (Some(path), _) => self.patch_file(dir, path, at),
                (None, Some(text)) => self.inline(text, at),
                (None, None) => None,
            };
            for patch in patches.unwrap_or_default() {
                self.apply(
                    objects,
                    &patch,
                    target.as_ref(),
                    &transform::Renames::new(),
                    at,
                );
            }
        }
        let mut values: Vec<Value> = objects.iter().map(|o| o.value.clone()).collect();
        if let Some(namespace) = k.get("namespace").and_then(Value::as_str) {
            transform::namespace(&mut values, namespace);
        }
        let text = |key: &str| k.get(key).and_then(Value::as_str).unwrap_or_default();
        let renames = transform::prefix_suffix(&mut values, text("namePrefix"), text("nameSuffix"));
        transform::update_references(&mut values, &renames);
        if let Some(Value::Object(pairs)) = k.get("commonLabels") {
            transform::labels(&mut values, pairs, true, false);
        }
        for entry in list(k, "labels") {
            if let Some(Value::Object(pairs)) = entry.get("pairs") {
                let flag = |key: &str| entry.get(key).and_then(Value::as_bool).unwrap_or(false);
                transform::labels(
                    &mut values,
                    pairs,
                    flag("includeSelectors"),
                    flag("includeTemplates"),
                );
            }
        }
        if let Some(Value::Object(pairs)) = k.get("commonAnnotations") {
            transform::annotations(&mut values, pairs);
        }
        for (object, value) in objects.iter_mut().zip(values) {
            object.value = value;
        }
        for entry in list(k, "patchesJson6902") {
            let target = match entry.get("target").map(patch::Target::read) {
                Some(Ok(target)) => target,
                Some(Err(error)) => {
                    self.warn(
                        at,
                        format!("patch target not read ({error}); patch not applied"),
                    );
                    continue;
                }
                None => {
                    self.warn(
                        at,
                        "a patchesJson6902 entry has no target; not applied".to_string(),
                    );
                    continue;
                }
            };
            let operations = match (
                entry.get("path").and_then(Value::as_str),
                entry.get("patch").and_then(Value::as_str),
            ) {
                (Some(path), _) => self.patch_file(dir, path, at),
                (None, Some(text)) => self.inline(text, at),
                (None, None) => None,
            };
            for operations in operations.unwrap_or_default() {
                self.apply(objects, &operations, Some(&target), &renames, at);
            }
        }
        let mut values: Vec<Value> = objects.iter().map(|o| o.value.clone()).collect();
        for entry in list(k, "replicas") {
            if let (Some(name), Some(count)) = (
                entry.get("name").and_then(Value::as_str),
                entry.get("count"),
            ) {
                transform::replicas(&mut values, name, count, &renames);
            }
        }
        for entry in list(k, "images") {
            let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_string);
            if let Some(name) = text("name") {
                let change = transform::ImageChange {
                    name,
                    new_name: text("newName"),
                    new_tag: text("newTag").or_else(|| {
                        entry
                            .get("newTag")
                            .filter(|t| t.is_number())
                            .map(|t| t.to_string())
                    }),
                    digest: text("digest"),
                };
                transform::images(&mut values, &change);
            }
        }
        for (object, value) in objects.iter_mut().zip(values) {
            object.value = value;
        }
    }

    fn warn(&mut self, at: &Location, message: String) {
        self.diagnostics
            .push(Diagnostic::warning(at.clone(), message));
    }

    fn inline(&mut self, text: &str, at: &Location) -> Option<Vec<Value>> {
        match yaml_values(text, self.max_yaml_depth) {
            Ok(values) => Some(values),
            Err(error) => {
                self.error(
                    at,
                    format!("inline patch is not valid YAML ({error}); not applied"),
                );
                None
            }
        }
    }

    /// Applies one patch document: a list is JSON 6902 operations (on the target), a
    /// mapping a strategic merge patch (on the target, or on the object it names).
    fn apply(
        &mut self,
        objects: &mut Vec<Object>,
        patch: &Value,
        target: Option<&patch::Target>,
        renames: &transform::Renames,
        at: &Location,
    ) {
        // A selector that matches nothing is no error for kustomize; a patch that names
        // its object and finds none fails the build.
        let selected = target.is_some();
        let target = match (target, patch) {
            (Some(target), _) => target.clone(),
            (None, Value::Object(_)) => {
                match patch::Target::of_patch(patch) {
                    Some(target) => target,
                    None => {
                        self.warn(at, "a patch names no object (metadata.name) and has no target; not applied".to_string());
                        return;
                    }
                }
            }
            (None, _) => {
                self.warn(
                    at,
                    "a JSON 6902 patch has no target; not applied".to_string(),
                );
                return;
            }
        };
        let mut matched = false;
        let mut deleted = Vec::new();
        for (index, object) in objects.iter_mut().enumerate() {
            let kind = object
                .value
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let current = transform::name(&object.value);
            let earlier = renames
                .iter()
                .find(|((k, _), new)| k == kind && *new == current)
                .map(|((_, old), _)| old.as_str());
            let named = |name: &str| target.matches_named(&object.value, name);
            if !(named(current) || earlier.is_some_and(named)) {
                continue;
            }
            matched = true;
            match patch {
                Value::Array(operations) => {
                    if let Err(error) = patch::json6902(&mut object.value, operations) {
                        self.diagnostics.push(Diagnostic::error(
                            at.clone(),
                            format!(
                                "JSON 6902 patch fails on {}: {error}; kustomize fails the build",
                                transform::name(&object.value)
                            ),
                        ));
                    }
                }
                _ => {
                    if let patch::Merged::Deleted = patch::strategic_merge(&mut object.value, patch)
                    {
                        deleted.push(index);
                    }
                }
            }
        }
        for index in deleted.into_iter().rev() {
            objects.remove(index);
        }
        if !matched && !selected {
            self.diagnostics.push(Diagnostic::warning(
                at.clone(),
                format!(
                    "patch for {} {} finds no such object in this build (kustomize fails it); not applied",
                    patch.get("kind").and_then(Value::as_str).unwrap_or("object"),
                    transform::name(patch)
                ),
            ));
        }
    }
}

/// The objects a kustomization's generators make.
fn generate_all(kustomization: &Kustomization, objects: &mut Vec<Object>) {
    for (key, kind) in [
        ("configMapGenerator", "ConfigMap"),
        ("secretGenerator", "Secret"),
    ] {
        for generator in list(&kustomization.value, key) {
            generate(generator, kind, &kustomization.location, objects);
        }
    }
}

/// `configMapGenerator` / `secretGenerator` entries: the object with its literal keys. The
/// content-hash suffix kustomize adds to the name (and to every reference) is left out, so
/// references still match.
fn generate(generator: &Value, kind: &str, at: &Location, objects: &mut Vec<Object>) {
    let Some(name) = generator.get("name").and_then(Value::as_str) else {
        return;
    };
    let mut data = Map::new();
    for literal in generator
        .get("literals")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some((key, value)) = literal.as_str().and_then(|l| l.split_once('=')) {
            data.insert(key.to_string(), Value::from(value));
        }
    }
    let namespace = generator.get("namespace").and_then(Value::as_str);
    let behavior = generator
        .get("behavior")
        .and_then(Value::as_str)
        .unwrap_or("create");
    if behavior != "create"
        && let Some(existing) = objects.iter_mut().find(|o| {
            o.value.get("kind").and_then(Value::as_str) == Some(kind)
                && transform::name(&o.value) == name
        })
    {
        if let Some(Value::Object(existing_data)) = existing.value.get_mut("data") {
            if behavior == "replace" {
                existing_data.clear();
            }
            existing_data.extend(data);
        }
        return;
    }
    let mut metadata = Map::from_iter([("name".to_string(), Value::from(name))]);
    if let Some(namespace) = namespace {
        metadata.insert("namespace".to_string(), Value::from(namespace));
    }
    objects.push(Object {
        value: Value::Object(Map::from_iter([
            ("apiVersion".to_string(), Value::from("v1")),
            ("kind".to_string(), Value::from(kind)),
            ("metadata".to_string(), Value::Object(metadata)),
            ("data".to_string(), Value::Object(data)),
        ])),
        location: at.clone(),
    });
}

/// A remote resource: a URL or a git reference kustomize would fetch.
fn is_remote(entry: &str) -> bool {
    entry.contains("://")
        || entry.starts_with("git@")
        || entry.starts_with("github.com/")
        || entry.starts_with("gitlab.com/")
        || entry.starts_with("bitbucket.org/")
        || entry.contains("?ref=")
}

/// The strings listed under any of `keys`.
fn strings(value: &Value, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .flat_map(|key| list(value, key))
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn list<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}
