//! Implicit resources explained once. A load balancer a controller builds has several parts
//! (the balancer, listeners, target groups, a security group), each listed under every
//! workload it serves; printing who creates each part and when it is deleted for every part
//! under every workload made one ALB shared by three Deployments take 91 lines. So the
//! report says who creates them and when they go once per cause (the Ingress or Service
//! behind them), and a part already listed under an earlier workload is only counted.

use std::collections::{BTreeMap, BTreeSet};
use tfmap_model::{ImplicitInfo, Node};

/// What the report has printed so far of the implicit resources.
#[derive(Default)]
pub struct Explained<'a> {
    /// Implicit nodes already listed, with the resource they were listed under.
    listed: BTreeMap<&'a str, &'a str>,
    /// Causes whose creator and lifecycle have been said: (cause, created by, lifecycle).
    causes: BTreeSet<(&'a str, &'a str, &'a str)>,
}

impl<'a> Explained<'a> {
    /// Where `node` was listed already, if it was.
    pub fn listed_under(&self, node: &Node) -> Option<&'a str> {
        self.listed.get(node.id.as_str()).copied()
    }

    /// Records that `node` is listed under `owner`.
    pub fn list(&mut self, node: &'a Node, owner: &'a str) {
        self.listed.entry(node.id.as_str()).or_insert(owner);
    }

    /// True the first time this cause's creator and lifecycle are to be said.
    pub fn first_explanation(&mut self, implicit: &'a ImplicitInfo) -> bool {
        self.causes.insert((
            implicit.cause.as_str(),
            implicit.created_by.as_str(),
            implicit.lifecycle.as_str(),
        ))
    }
}
