//! Kubernetes workloads: each Deployment, StatefulSet, DaemonSet, CronJob and Job with the
//! Services and Ingresses that route to it, what it mounts and references, what scales it,
//! and the implicit cloud resources those create.

use crate::analysis::{Analysis, Workload, WorkloadKind};
use crate::vocabulary::{EdgeKind, Role};
use std::collections::{BTreeMap, BTreeSet};

pub fn collect(analysis: &Analysis) -> Vec<Workload> {
    let mut workloads = Vec::new();
    for node in &analysis.nodes {
        let Some(kube) = &node.kubernetes else {
            continue;
        };
        if node.implicit.is_some() {
            continue;
        }
        let kind = match kube.kind.as_str() {
            "Deployment" | "StatefulSet" | "ReplicaSet" => WorkloadKind::Api,
            "DaemonSet" => WorkloadKind::Daemon,
            "CronJob" | "Job" => WorkloadKind::Batch,
            _ => continue,
        };
        let mut members: BTreeMap<Role, BTreeSet<String>> = BTreeMap::new();
        let mut add = |id: &str| {
            if let Some(n) = analysis.node(id) {
                members.entry(n.role).or_default().insert(id.to_string());
            }
        };
        add(&node.id);
        let created = |id: &str, add: &mut dyn FnMut(&str)| {
            for edge in analysis.edges_from(id, &[EdgeKind::Creates]) {
                add(&edge.to);
            }
        };
        created(&node.id, &mut add);
        for used in analysis.edges_from(&node.id, &[EdgeKind::Uses]) {
            add(&used.to);
        }
        for scaler in analysis.edges_to(&node.id, &[EdgeKind::Scales]) {
            add(&scaler.from);
        }
        for service in analysis
            .edges_to(&node.id, &[EdgeKind::RoutesTo])
            .filter(|e| analysis.node(&e.from).is_some_and(|n| n.implicit.is_none()))
        {
            add(&service.from);
            created(&service.from, &mut add);
            for ingress in analysis
                .edges_to(&service.from, &[EdgeKind::RoutesTo])
                .filter(|e| analysis.node(&e.from).is_some_and(|n| n.implicit.is_none()))
            {
                add(&ingress.from);
                created(&ingress.from, &mut add);
                for certificate in analysis.edges_from(&ingress.from, &[EdgeKind::Uses]) {
                    add(&certificate.to);
                    created(&certificate.to, &mut add);
                }
            }
        }
        if let Some(cluster) = &kube.cluster {
            add(cluster);
        }
        let platform = kube
            .cluster
            .as_deref()
            .and_then(|c| analysis.node(c))
            .map_or(node.platform, |c| c.platform);
        workloads.push(Workload {
            id: node.id.clone(),
            kind,
            platform,
            cluster: kube.cluster.clone(),
            members: members
                .into_iter()
                .map(|(role, ids)| (role, ids.into_iter().collect()))
                .collect(),
        });
    }
    workloads
}
