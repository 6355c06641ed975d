//! What a Service's selector picks beyond Deployments (issue #16): the Pods of a
//! ReplicationController and bare Pods, and, in Terraform, a selector that is a reference to
//! another object's label map.

use crate::common;
use tfmap_model::EdgeKind;

#[test]
fn services_select_replication_controllers_pods_and_referenced_label_maps() {
    let analysis = common::analyse("testdata/kubernetes/service-selects-rc-and-pods");
    let routes: Vec<String> = analysis
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::RoutesTo)
        .map(|e| format!("{} -> {}", e.from, e.to))
        .collect();
    assert_eq!(
        routes,
        [
            "k8s/Service/shop/web -> k8s/Pod/shop/web-debug",
            "k8s/Service/shop/web -> k8s/ReplicationController/shop/legacy-web",
            "kubernetes_service_v1.api_by_template -> kubernetes_deployment_v1.api",
        ]
    );
}
