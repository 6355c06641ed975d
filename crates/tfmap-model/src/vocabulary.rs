//! The words of the model: where a node comes from, which platform it belongs to, the role it
//! plays, and the kinds of edges between nodes. Their `as_str` forms are part of the JSON
//! contract.

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum! {
    /// Where a node was declared.
    Source {
        Terraform => "terraform",
        Kubernetes => "kubernetes",
        /// Created by a platform or controller, never declared.
        Implicit => "implicit",
    }
}

named_enum! {
    /// The platform a node belongs to. Generic cloud resources (an ALB, a subnet) belong to
    /// their cloud; which container platform uses them is told by edges and workloads.
    Platform {
        Ecs => "ecs",
        Eks => "eks",
        Gke => "gke",
        Kubernetes => "kubernetes",
        Aws => "aws",
        Gcp => "gcp",
        Other => "other",
    }
}

named_enum! {
    /// What a node does in a container architecture.
    Role {
        Cluster => "cluster",
        /// Machines or capacity that run containers: ASGs, launch templates, capacity providers.
        Compute => "compute",
        /// What to run: an ECS task definition, a pod template.
        WorkloadDefinition => "workload_definition",
        /// What keeps it running: an ECS service, a Deployment.
        Service => "service",
        LoadBalancer => "load_balancer",
        /// Listeners, listener rules, target groups: how traffic reaches a service.
        Routing => "routing",
        Schedule => "schedule",
        Secret => "secret",
        Config => "config",
        Iam => "iam",
        Network => "network",
        Autoscaling => "autoscaling",
        /// Service discovery: Cloud Map namespaces and services.
        Discovery => "discovery",
        /// Container image registries.
        Registry => "registry",
        Logging => "logging",
        Certificate => "certificate",
        Dns => "dns",
        /// A module tfmap cannot look into.
        Module => "module",
        Other => "other",
    }
}

named_enum! {
    /// Kinds of edges. `reference` and `depends_on` are raw Terraform dependencies; the others
    /// are derived and say what the dependency means.
    EdgeKind {
        Reference => "reference",
        DependsOn => "depends_on",
        /// Runs in or on: a service on its cluster, a scheduled task on its cluster.
        RunsOn => "runs_on",
        /// Needs: a service its task definition, a task definition its secrets and roles.
        Uses => "uses",
        /// Sends traffic to: a listener to its target group.
        RoutesTo => "routes_to",
        /// Is part of: a listener of its load balancer, a rule of its listener.
        AttachedTo => "attached_to",
        /// Puts members into: ECS registers tasks in a target group; instances register
        /// with the cluster named by `ECS_CLUSTER`.
        Registers => "registers",
        /// Starts on a schedule.
        Schedules => "schedules",
        /// Changes the size of.
        Scales => "scales",
        /// A controller or the platform creates the target because of the source.
        Creates => "creates",
        /// Reads another root module's state: the source's expression reads an output of
        /// a `terraform_remote_state` data source, and the target is a resource behind
        /// that output in the root whose state it is; `via` is the output's name.
        ReadsState => "reads_state",
    }
}

impl EdgeKind {
    pub fn is_raw(self) -> bool {
        matches!(self, EdgeKind::Reference | EdgeKind::DependsOn)
    }
}
