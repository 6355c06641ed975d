//! What platforms create around clusters and schedules, independent of load balancing:
//! Jobs from a CronJob (K6, K7), the Auto Scaling group and launch template of an EKS managed
//! node group (A3), and the nodes GKE Autopilot manages (G3), for a cluster resource or an
//! Autopilot module call.

use super::{Implicit, Spec, attributes};
use crate::analysis::Node;
use crate::kubernetes::KubeObject;
use tfmap_core::Value;
use tfmap_loader::Body;

pub fn cron_job(implicit: &mut Implicit, cron_job: &KubeObject, cause: &Node) {
    let spec = cron_job.spec();
    let schedule = spec
        .and_then(|s| s.get("schedule"))
        .and_then(Value::as_str)
        .unwrap_or("?");
    let backoff = spec
        .and_then(|s| s.pointer("/jobTemplate/spec/backoffLimit"))
        .cloned()
        .unwrap_or_else(|| Value::from("6 (default)"));
    implicit.create(
        cause,
        Spec {
            part: "jobs".into(),
            resource_type: "kubernetes_job_v1",
            created_by: "CronJob controller in kube-controller-manager (present in every cluster)",
            lifecycle: "each Job and its Pods belong to the CronJob and are garbage-collected with it",
            reason: format!(
                "a Job at each tick of {schedule:?}, retried up to backoffLimit times; no cloud scheduler is involved (on ECS the schedule is an EventBridge rule outside the cluster)"
            ),
            knowledge: "K6",
            attributes: attributes([("schedule", Some(Value::from(schedule))), ("backoffLimit", Some(backoff))]),
        },
    );
}

pub fn eks_node_group(implicit: &mut Implicit, node_group: &Node, body: &Body) {
    const CREATED_BY: &str = "EKS managed node groups";
    implicit.create(
        node_group,
        Spec {
            part: "autoscaling-group".into(),
            resource_type: "aws_autoscaling_group",
            created_by: CREATED_BY,
            lifecycle: "deleted with the node group; its size follows scaling_config, and nodes are drained on updates",
            reason: "the EC2 Auto Scaling group that runs the node group's instances".to_string(),
            knowledge: "A3",
            attributes: Default::default(),
        },
    );
    if body.block("launch_template").is_none() {
        implicit.create(
            node_group,
            Spec {
                part: "launch-template".into(),
                resource_type: "aws_launch_template",
                created_by: CREATED_BY,
                lifecycle: "deleted with the node group; it must not be edited by hand",
                reason: "the launch template EKS generates when the node group names none"
                    .to_string(),
                knowledge: "A3",
                attributes: Default::default(),
            },
        );
    }
}

pub fn gke_autopilot(implicit: &mut Implicit, cluster: &Node, body: &Body) {
    if body.value("enable_autopilot").and_then(Value::as_bool) != Some(true) {
        return;
    }
    autopilot_nodes(implicit, cluster);
}

/// The nodes of an Autopilot cluster, which GKE creates and sizes itself (G3).
pub fn autopilot_nodes(implicit: &mut Implicit, cluster: &Node) {
    implicit.create(
        cluster,
        Spec {
            part: "autopilot-nodes".into(),
            resource_type: "google_container_node_pool",
            created_by: "GKE Autopilot (node auto-provisioning)",
            lifecycle: "created, sized and deleted by GKE as workloads need; not in Terraform state",
            reason: "an Autopilot cluster's node pools and VMs are managed by GKE itself".to_string(),
            knowledge: "G3",
            attributes: Default::default(),
        },
    );
}
