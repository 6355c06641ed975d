use super::lbc_objects::{
    GROUP_ANNOTATION, class_name, has_annotation, ingress_class, is_lbc_ingress,
};
use super::{Context, Rule};
use crate::analysis::Finding;
use crate::implicit::cluster_platform;
use crate::implicit::eks::{ServiceLoadBalancer, service_load_balancer};
use crate::kubernetes::KubeObject;
use crate::vocabulary::Platform;
use std::collections::BTreeSet;
use tfmap_core::Severity;

const INGRESS_SCHEME: &str = "alb.ingress.kubernetes.io/scheme";
const SERVICE_SCHEME: &str = "service.beta.kubernetes.io/aws-load-balancer-scheme";
/// The legacy annotation; the controller's handling of it is not in the knowledge base, so
/// an object that writes it is not judged.
const SERVICE_INTERNAL: &str = "service.beta.kubernetes.io/aws-load-balancer-internal";

pub const RULE: Rule = Rule {
    id: "TFM011",
    name: "lbc-internal-by-default",
    severity: Severity::Info,
    summary: "An Ingress or Service served by the AWS Load Balancer Controller does not say its scheme, so its load balancer is internal.",
    documentation: r#"
## What it does
Flags an Ingress whose class is the AWS Load Balancer Controller's (`alb`, or an
IngressClass with controller `ingress.k8s.aws/alb`) without the
`alb.ingress.kubernetes.io/scheme` annotation, and a Service of type LoadBalancer that the
controller serves (`service.beta.kubernetes.io/aws-load-balancer-type: external` or
`nlb-ip`, or `spec.loadBalancerClass: service.k8s.aws/nlb`) without the
`service.beta.kubernetes.io/aws-load-balancer-scheme` annotation. An Ingress is not
reported when another member of its IngressGroup sets the scheme, when its IngressClass
has parameters (they may set it), or when its annotations are not known statically. EKS
Auto Mode classes are not judged: their default scheme is not documented.

## Why it matters
The controller creates ALBs and NLBs with the `internal` scheme unless told otherwise
(the reverse of the Classic Load Balancer the legacy cloud provider makes, which is usually
internet-facing). A team expecting a public endpoint gets an address that resolves only
inside the VPC, and nothing fails.

## Example
```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: storefront      # no alb.ingress.kubernetes.io/scheme: the ALB is internal
spec:
  ingressClassName: alb
```

## How to fix
Write the scheme down: `alb.ingress.kubernetes.io/scheme: internet-facing` (or
`internal`) on the Ingress, `service.beta.kubernetes.io/aws-load-balancer-scheme:
internet-facing` (or `internal`) on the Service.
"#,
    knowledge: &["H7", "E1", "E7"],
    check,
};

/// Whether the Ingress's class points at parameters, which may set the scheme for it.
fn class_has_parameters(context: &Context, ingress: &KubeObject) -> bool {
    class_name(ingress)
        .and_then(|name| ingress_class(context.objects, name))
        .and_then(KubeObject::spec)
        .and_then(|s| s.get("parameters"))
        .is_some_and(|p| !p.is_null())
}

fn cluster_of<'a>(context: &'a Context, object: &KubeObject) -> Option<&'a str> {
    context
        .analysis
        .node(&object.node)
        .and_then(|n| n.kubernetes.as_ref())
        .and_then(|k| k.cluster.as_deref())
}

fn finding(
    object: &KubeObject,
    what: &str,
    annotation: &str,
    knowledge: &'static [&'static str],
) -> Finding {
    Finding {
        rule: RULE.id,
        severity: RULE.severity,
        message: format!(
            "{} {} gets {what} from the AWS Load Balancer Controller without {annotation}: the controller makes it internal, reachable only from inside the VPC; write internet-facing if it should be public, or internal to say so",
            object.kind, object.name
        ),
        subject: object.node.clone(),
        location: Some(object.location.clone()),
        knowledge,
    }
}

fn check(context: &Context) -> Vec<Finding> {
    let analysis = context.analysis;
    let lbc_ingresses: Vec<&KubeObject> = context
        .objects
        .iter()
        .filter(|o| is_lbc_ingress(analysis, context.objects, o))
        .collect();
    // IngressGroups one member of which sets the scheme for the shared ALB.
    let groups_with_scheme: BTreeSet<(Option<&str>, &str)> = lbc_ingresses
        .iter()
        .filter(|o| has_annotation(o, INGRESS_SCHEME) == Some(true))
        .filter_map(|o| Some((cluster_of(context, o), o.annotation(GROUP_ANNOTATION)?)))
        .collect();
    let mut findings = Vec::new();
    for ingress in lbc_ingresses {
        if has_annotation(ingress, INGRESS_SCHEME) != Some(false)
            || class_has_parameters(context, ingress)
        {
            continue;
        }
        // A group name that is not known statically may join a group that sets the scheme.
        if has_annotation(ingress, GROUP_ANNOTATION) == Some(true) {
            match ingress.annotation(GROUP_ANNOTATION) {
                Some(group)
                    if !groups_with_scheme.contains(&(cluster_of(context, ingress), group)) => {}
                _ => continue,
            }
        }
        findings.push(finding(ingress, "an ALB", INGRESS_SCHEME, &["H7", "E1"]));
    }
    for service in context.objects.iter().filter(|o| o.kind == "Service") {
        if service_load_balancer(service) != Some(ServiceLoadBalancer::LbcNlb)
            || cluster_platform(analysis, service) == Some(Platform::Gke)
        {
            continue;
        }
        let explicit = [SERVICE_SCHEME, SERVICE_INTERNAL]
            .iter()
            .map(|key| has_annotation(service, key))
            .collect::<Option<Vec<bool>>>();
        if explicit.is_some_and(|written| !written.contains(&true)) {
            findings.push(finding(service, "an NLB", SERVICE_SCHEME, &["H7", "E7"]));
        }
    }
    findings
}
