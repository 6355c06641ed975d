//! Which Kubernetes objects the AWS Load Balancer Controller (LBC) serves, for the rules
//! about its annotations (knowledge base E1, E2, E7).

use crate::analysis::Analysis;
use crate::implicit::cluster_platform;
use crate::kubernetes::KubeObject;
use crate::vocabulary::Platform;
use tfmap_core::Value;

pub const LBC_CONTROLLER: &str = "ingress.k8s.aws/alb";
pub const GROUP_ANNOTATION: &str = "alb.ingress.kubernetes.io/group.name";

/// The class an Ingress names: `spec.ingressClassName`, else the class annotation.
pub fn class_name(ingress: &KubeObject) -> Option<&str> {
    ingress
        .spec()
        .and_then(|s| s.get("ingressClassName"))
        .and_then(Value::as_str)
        .or_else(|| ingress.annotation("kubernetes.io/ingress.class"))
}

/// The IngressClass object of that name, if the code declares one.
pub fn ingress_class<'o>(objects: &'o [KubeObject], name: &str) -> Option<&'o KubeObject> {
    objects
        .iter()
        .find(|o| o.kind == "IngressClass" && o.name == name)
}

/// An Ingress whose class is the LBC's: an IngressClass of that name whose controller is
/// `ingress.k8s.aws/alb`, or, when the code declares no such class, the name `alb`. Never
/// on GKE, whose controller ignores the class.
pub fn is_lbc_ingress(analysis: &Analysis, objects: &[KubeObject], ingress: &KubeObject) -> bool {
    if ingress.kind != "Ingress" || cluster_platform(analysis, ingress) == Some(Platform::Gke) {
        return false;
    }
    let Some(name) = class_name(ingress) else {
        return false;
    };
    match ingress_class(objects, name) {
        Some(class) => {
            class
                .spec()
                .and_then(|s| s.get("controller"))
                .and_then(Value::as_str)
                == Some(LBC_CONTROLLER)
        }
        None => name == "alb",
    }
}

/// Whether an annotation is written (its value known or not); `None` when the annotations
/// themselves are not known statically (a Terraform variable).
pub fn has_annotation(object: &KubeObject, key: &str) -> Option<bool> {
    match object
        .object
        .get("metadata")
        .and_then(|m| m.get("annotations"))
    {
        None | Some(Value::Null) => Some(false),
        Some(Value::Object(map)) => Some(map.get(key).is_some_and(|v| !v.is_null())),
        Some(_) => None,
    }
}
