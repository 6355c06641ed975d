//! Well-known Helm charts: what a `helm_release` installs into the cluster.

/// Chart name fragments and what they install.
const CHARTS: &[(&str, &str)] = &[
    (
        "aws-load-balancer-controller",
        "AWS Load Balancer Controller: ALBs from Ingresses, NLBs from Services",
    ),
    (
        "ingress-nginx",
        "ingress-nginx controller: serves Ingresses of class nginx in the cluster, behind its own LoadBalancer Service",
    ),
    (
        "cluster-autoscaler",
        "Cluster Autoscaler: adds and removes nodes for pending Pods",
    ),
    ("karpenter", "Karpenter: provisions nodes for pending Pods"),
    (
        "metrics-server",
        "metrics-server: resource metrics for HorizontalPodAutoscalers and kubectl top",
    ),
    (
        "external-dns",
        "ExternalDNS: DNS records from Services and Ingresses",
    ),
    (
        "cert-manager",
        "cert-manager: TLS certificates from Certificate objects",
    ),
    (
        "aws-for-fluent-bit",
        "Fluent Bit for AWS: ships container logs",
    ),
    ("fluent-bit", "Fluent Bit: ships container logs"),
    (
        "external-secrets",
        "External Secrets Operator: Kubernetes Secrets from cloud secret stores",
    ),
    (
        "secrets-store-csi-driver",
        "Secrets Store CSI driver: mounts cloud secrets into Pods",
    ),
    (
        "aws-ebs-csi-driver",
        "EBS CSI driver: volumes from PersistentVolumeClaims",
    ),
    (
        "kube-prometheus-stack",
        "Prometheus and Grafana monitoring stack",
    ),
    ("argo-cd", "Argo CD: deploys manifests from Git"),
];

/// What a release installs, from its chart (or, failing that, release) name.
pub fn installs(chart: Option<&str>, name: Option<&str>) -> Option<&'static str> {
    [chart, name].into_iter().flatten().find_map(|text| {
        CHARTS
            .iter()
            .find(|(fragment, _)| text.contains(fragment))
            .map(|(_, what)| *what)
    })
}
