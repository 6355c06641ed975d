//! One Kubernetes object, its id and its role.

use crate::vocabulary::Role;
use tfmap_core::Value;
use tfmap_loader::{Location, Manifest, Resource};

#[derive(Debug, Clone)]
pub struct KubeObject {
    /// The graph node: `k8s/<Kind>/<namespace>/<name>` for YAML, the address for Terraform.
    pub node: String,
    pub kind: String,
    /// `None` for cluster-scoped kinds.
    pub namespace: Option<String>,
    /// Where an unknown namespace comes from: a Terraform object's reference to its
    /// namespace object (`kubernetes_namespace_v1.shop.metadata[0].name`).
    pub namespace_origin: Option<String>,
    pub name: String,
    /// The object as Kubernetes sees it (`apiVersion`, `kind`, `metadata`, `spec`, …).
    pub object: Value,
    pub location: Location,
    /// The Terraform resource that declares it, if any.
    pub resource: Option<String>,
    /// Where it is deployed from: its file, or for an object a kustomization builds, that
    /// kustomization (`overlays/prod/kustomization.yaml`). Root modules and cluster
    /// mappings are found from here.
    pub placement: String,
    /// The kustomization directory that builds it, if any.
    pub built_by: Option<String>,
    /// The root module whose directory holds its placement (`.` for none).
    pub root: String,
}

pub use tfmap_loader::kubernetes::is_cluster_scoped;

/// `k8s/Deployment/shop/web`, or `k8s/Namespace/shop` for cluster-scoped kinds.
pub fn node_id(kind: &str, namespace: Option<&str>, name: &str) -> String {
    match namespace {
        Some(namespace) => format!("k8s/{kind}/{namespace}/{name}"),
        None => format!("k8s/{kind}/{name}"),
    }
}

/// What a kind does, in the roles shared with ECS.
pub fn role_of(kind: &str) -> Role {
    match kind {
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "Pod"
        | "ReplicationController" => Role::Service,
        "Job" => Role::WorkloadDefinition,
        "CronJob" => Role::Schedule,
        "Service" | "Ingress" | "Gateway" | "HTTPRoute" | "GRPCRoute" | "TCPRoute" | "TLSRoute"
        | "TargetGroupBinding" => Role::Routing,
        "ConfigMap" | "BackendConfig" | "FrontendConfig" | "IngressClassParams" => Role::Config,
        "Secret" => Role::Secret,
        "ServiceAccount" | "Role" | "RoleBinding" | "ClusterRole" | "ClusterRoleBinding" => {
            Role::Iam
        }
        "HorizontalPodAutoscaler" | "VerticalPodAutoscaler" => Role::Autoscaling,
        "ManagedCertificate" | "Certificate" => Role::Certificate,
        "NetworkPolicy" => Role::Network,
        _ => Role::Other,
    }
}

impl KubeObject {
    /// An object from a YAML manifest.
    pub fn from_manifest(manifest: &Manifest) -> Option<KubeObject> {
        let kind = manifest.object.get("kind")?.as_str()?.to_string();
        let mut object = Self::build(
            kind,
            manifest.object.clone(),
            manifest.location.clone(),
            None,
        );
        if let Some(dir) = &manifest.built_by {
            object.placement = format!("{dir}/kustomization.yaml");
            object.built_by = Some(dir.to_string());
        }
        Some(object)
    }

    /// An object declared by a Terraform resource, when its type declares one.
    pub fn from_resource(resource: &Resource) -> Option<KubeObject> {
        let object = super::terraform::object_of(resource)?;
        let kind = object.get("kind")?.as_str()?.to_string();
        let mut object = Self::build(
            kind,
            object,
            resource.location.clone(),
            Some(resource.id.clone()),
        );
        object.root = resource.root.clone();
        Some(object)
    }

    fn build(
        kind: String,
        object: Value,
        location: Location,
        resource: Option<String>,
    ) -> KubeObject {
        let metadata = object.get("metadata");
        let text = |key: &str| {
            metadata
                .and_then(|m| m.get(key))
                // As printed: a Terraform object's unknown name keeps its marker.
                .and_then(Value::text)
                .map(std::borrow::Cow::into_owned)
        };
        let name = text("name")
            .or_else(|| text("generateName").map(|prefix| format!("{prefix}*")))
            .unwrap_or_else(|| "(unnamed)".to_string());
        let namespace = if is_cluster_scoped(&kind) {
            None
        } else {
            Some(text("namespace").unwrap_or_else(|| "default".to_string()))
        };
        let namespace_origin = metadata
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_unknown)
            .and_then(|unknown| unknown.whole_origin())
            .map(str::to_string);
        let node = match &resource {
            Some(id) => id.clone(),
            None => node_id(&kind, namespace.as_deref(), &name),
        };
        KubeObject {
            node,
            kind,
            namespace,
            namespace_origin,
            name,
            object,
            placement: location.file.to_string(),
            location,
            resource,
            built_by: None,
            root: ".".to_string(),
        }
    }

    pub fn labels(&self) -> Option<&tfmap_core::Map> {
        self.object.get("metadata")?.get("labels")?.as_object()
    }

    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.object
            .get("metadata")?
            .get("annotations")?
            .get(key)?
            .as_str()
    }

    pub fn spec(&self) -> Option<&Value> {
        self.object.get("spec")
    }

    /// The pod template of a workload kind, if it has one.
    pub fn pod_template(&self) -> Option<&Value> {
        let spec = self.spec()?;
        match self.kind.as_str() {
            "Deployment"
            | "StatefulSet"
            | "DaemonSet"
            | "ReplicaSet"
            | "Job"
            | "ReplicationController" => spec.get("template"),
            "CronJob" => spec.get("jobTemplate")?.get("spec")?.get("template"),
            _ => None,
        }
    }

    /// The pod spec of a workload (or of a Pod itself).
    pub fn pod_spec(&self) -> Option<&Value> {
        if self.kind == "Pod" {
            return self.spec();
        }
        self.pod_template()?.get("spec")
    }
}
