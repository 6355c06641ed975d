use super::{Context, Rule};
use crate::analysis::Finding;
use crate::implicit::{cluster_platform, eks, has_load_balancer_controller};
use crate::vocabulary::Platform;
use tfmap_core::Severity;
use tfmap_core::Value;

pub const RULE: Rule = Rule {
    id: "TFM002",
    name: "missing-load-balancer-controller",
    severity: Severity::Warning,
    summary: "An EKS Ingress or Service asks for the AWS Load Balancer Controller, which the code does not install.",
    documentation: r#"
## What it does
Flags an Ingress of class `alb` (by `spec.ingressClassName`, an IngressClass whose controller
is `ingress.k8s.aws/alb`, or the `kubernetes.io/ingress.class: alb` annotation), and a
Service of type LoadBalancer that only the AWS Load Balancer Controller handles
(`service.beta.kubernetes.io/aws-load-balancer-type: external`, `nlb-ip`, or
`spec.loadBalancerClass: service.k8s.aws/nlb`), on an EKS cluster where the code installs no
AWS Load Balancer Controller (no `helm_release` of the `aws-load-balancer-controller` chart,
no Deployment of that name).

## Why it matters
Unlike GKE, EKS handles no Ingress by default. Without the controller nothing creates the
load balancer: the Ingress never gets an address and the Service stays `<pending>`, while
`terraform apply` and `kubectl apply` both succeed.

## Example
```hcl
resource "kubernetes_ingress_v1" "web" {
  spec {
    ingress_class_name = "alb"   # no helm_release installs the controller
  }
}
```

## How to fix
Install the controller with its IAM role (IRSA or Pod Identity), for example a
`helm_release` of chart `aws-load-balancer-controller` from `https://aws.github.io/eks-charts`,
and order the Ingress after it with `depends_on`. Clusters in EKS Auto Mode use the built-in
capability instead (IngressClass controller `eks.amazonaws.com/alb`).
"#,
    knowledge: &["K5", "E1", "E7", "3.1"],
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let analysis = context.analysis;
    let alb_classes: Vec<String> = context
        .objects
        .iter()
        .filter(|o| o.kind == "IngressClass")
        .filter(|o| {
            o.spec()
                .and_then(|s| s.get("controller"))
                .and_then(Value::as_str)
                == Some("ingress.k8s.aws/alb")
        })
        .map(|o| o.name.clone())
        .collect();
    let mut findings = Vec::new();
    for object in context.objects {
        if cluster_platform(analysis, object) != Some(Platform::Eks) {
            continue;
        }
        let wants = match object.kind.as_str() {
            "Ingress" => eks::wants_alb(object, &alb_classes).then_some("an ALB"),
            "Service" => (eks::service_load_balancer(object)
                == Some(eks::ServiceLoadBalancer::LbcNlb))
            .then_some("an NLB"),
            _ => None,
        };
        let Some(wants) = wants else { continue };
        let Some(node) = analysis.node(&object.node) else {
            continue;
        };
        let cluster = node.kubernetes.as_ref().and_then(|k| k.cluster.as_deref());
        if has_load_balancer_controller(analysis, cluster) {
            continue;
        }
        findings.push(Finding {
            rule: RULE.id,
            severity: RULE.severity,
            message: format!(
                "{} {} needs {wants} from the AWS Load Balancer Controller, but this code does not install it on {}: nothing will create the load balancer",
                object.kind,
                object.name,
                cluster.unwrap_or("the cluster")
            ),
            subject: object.node.clone(),
            location: Some(object.location.clone()),
            knowledge: if object.kind == "Ingress" {
                &["K5", "E1", "3.1"]
            } else {
                &["E7", "3.1"]
            },
        });
    }
    findings
}
