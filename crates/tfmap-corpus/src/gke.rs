//! A GKE root module: a VPC-native cluster with node pools from `for_each`, a `kubernetes`
//! provider pointed at it, `kubernetes_*` resources for the applications Terraform deploys,
//! and YAML manifests in `k8s/` for the others, whose public Ingresses use addresses
//! reserved here.

use crate::hcl::Hcl;
use crate::manifests::{self, App};
use crate::modules::{self, variable};
use crate::names;
use crate::output::Corpus;
use crate::rng::Rng;
use crate::root::{Root, distinct_words, terraform_block, version};

/// Resources of each application Terraform deploys: config map, deployment, service.
const TERRAFORM_APP_RESOURCES: u64 = 3;
/// The fewest objects a YAML application adds (config map, deployment, service).
const YAML_APP_OBJECTS: u64 = 3;

/// What the root writes, decided before any file so the counts can be kept in budget.
struct Plan {
    node_pools: Vec<&'static str>,
    terraform_apps: Vec<&'static str>,
    yaml_apps: Vec<(&'static str, bool)>,
}

/// Writes the root and returns what it declares: (Terraform resource instances, Kubernetes
/// objects in YAML). `budget` caps the applications (never below one of each kind).
pub fn write(corpus: &mut Corpus, rng: &mut Rng, root: &Root, budget: u64) -> (u64, u64) {
    let plan = plan(rng, budget);
    let mut resources = 0;

    let mut versions = Hcl::new();
    terraform_block(
        &mut versions,
        root,
        &[
            ("google", "hashicorp/google", "~> 6.10"),
            ("kubernetes", "hashicorp/kubernetes", "~> 2.33"),
        ],
    );
    versions.block("provider \"google\"", |p| {
        p.attr("project", "var.project_id")
            .attr("region", "var.region");
    });
    versions.blank();
    versions.empty_block("data \"google_client_config\" \"current\"");
    versions.blank();
    versions.block("provider \"kubernetes\"", |p| {
        p.string("host", "https://${google_container_cluster.main.endpoint}")
            .attr("token", "data.google_client_config.current.access_token")
            .attr(
                "cluster_ca_certificate",
                "base64decode(google_container_cluster.main.master_auth[0].cluster_ca_certificate)",
            );
    });
    corpus.add(root.file("versions.tf"), modules::text(versions));

    let mut locals = Hcl::new();
    locals.block("locals", |l| {
        l.string("cluster_name", "${var.team}-${var.environment}")
            .attr("namespace", "var.team");
        l.blank();
        l.block("labels =", |t| {
            t.attr("team", "var.team")
                .attr("environment", "var.environment")
                .string("managed-by", "terraform");
        });
    });
    corpus.add(root.file("locals.tf"), modules::text(locals));

    let public: Vec<&str> = plan
        .yaml_apps
        .iter()
        .filter(|(_, public)| *public)
        .map(|(name, _)| *name)
        .collect();
    let network = network(rng, public.len() as u64);
    resources += network.instances();
    corpus.add(root.file("network.tf"), modules::text(network));

    let cluster = cluster(plan.node_pools.len() as u64);
    resources += cluster.instances();
    corpus.add(root.file("cluster.tf"), modules::text(cluster));

    let kubernetes = kubernetes(plan.terraform_apps.len() as u64);
    resources += kubernetes.instances();
    corpus.add(root.file("kubernetes.tf"), modules::text(kubernetes));

    corpus.add(root.file("variables.tf"), modules::text(variables()));
    corpus.add(
        root.file("terraform.tfvars"),
        modules::text(tfvars(rng, root, &plan, &public)),
    );

    let mut objects = 0;
    for (name, public) in &plan.yaml_apps {
        let app = App {
            name,
            namespace: &root.team,
            image: format!(
                "{}-docker.pkg.dev/acme-{}/{}/{name}:{}",
                root.region,
                root.environment,
                root.team,
                version(rng)
            ),
            public: *public,
            address_name: format!("{}-{}-{name}", root.team, root.environment),
            host: format!("{name}.{}.{}.example.com", root.team, root.environment),
        };
        let (text, count) = manifests::app(rng, &app);
        objects += count;
        corpus.add(root.file(&format!("k8s/{name}.yaml")), text);
    }
    (resources, objects)
}

fn plan(rng: &mut Rng, budget: u64) -> Plan {
    let mut pools = rng.range(2, 4) as u64;
    let mut terraform_apps = rng.range(1, 4) as u64;
    let mut yaml_apps = rng.range(2, 8) as u64;
    // network, subnetwork, service account, two IAM members, cluster, namespace.
    let base = 7;
    let cost = |pools: u64, terraform_apps: u64, yaml_apps: u64| {
        base + pools + terraform_apps * TERRAFORM_APP_RESOURCES + yaml_apps * YAML_APP_OBJECTS
    };
    while yaml_apps > 1 && cost(pools, terraform_apps, yaml_apps) > budget {
        yaml_apps -= 1;
    }
    while terraform_apps > 1 && cost(pools, terraform_apps, yaml_apps) > budget {
        terraform_apps -= 1;
    }
    while pools > 1 && cost(pools, terraform_apps, yaml_apps) > budget {
        pools -= 1;
    }
    let node_pools = distinct_words(
        rng,
        &["general", "highmem", "spot", "batch"],
        pools as usize,
    );
    let apps = distinct_words(rng, names::SERVICES, (terraform_apps + yaml_apps) as usize);
    let (terraform, yaml) = apps.split_at(terraform_apps as usize);
    Plan {
        node_pools,
        terraform_apps: terraform.to_vec(),
        yaml_apps: yaml.iter().map(|name| (*name, rng.chance(40))).collect(),
    }
}

fn network(rng: &mut Rng, public_apps: u64) -> Hcl {
    let mut hcl = Hcl::new();
    let octet = rng.range(10, 250);
    hcl.resource("google_compute_network", "main", 1, |r| {
        r.attr("name", "local.cluster_name")
            .attr("auto_create_subnetworks", "false");
    });
    hcl.blank();
    hcl.resource("google_compute_subnetwork", "nodes", 1, |r| {
        r.string("name", "${local.cluster_name}-nodes")
            .attr("network", "google_compute_network.main.id")
            .attr("region", "var.region")
            .string("ip_cidr_range", format!("10.{octet}.0.0/20"));
        for (name, range) in [("pods", "/14"), ("services", "/20")] {
            r.blank();
            r.block("secondary_ip_range", |s| {
                let base = if name == "pods" { 64 } else { 16 };
                s.string("range_name", name).string(
                    "ip_cidr_range",
                    format!("10.{}.0.0{range}", base + octet % 48),
                );
            });
        }
    });
    hcl.blank();
    hcl.comment("Reserved for the public Ingresses in k8s/, which name them in an annotation.");
    hcl.resource(
        "google_compute_global_address",
        "ingress",
        public_apps,
        |r| {
            r.attr("for_each", "toset(var.public_apps)")
                .string("name", "${local.cluster_name}-${each.key}");
        },
    );
    hcl
}

fn cluster(pools: u64) -> Hcl {
    let mut hcl = Hcl::new();
    hcl.resource("google_service_account", "nodes", 1, |r| {
        r.string("account_id", "${local.cluster_name}-nodes")
            .string("display_name", "Nodes of ${local.cluster_name}");
    });
    hcl.blank();
    hcl.resource("google_project_iam_member", "nodes", 2, |r| {
        r.attr(
            "for_each",
            "toset([\"roles/logging.logWriter\", \"roles/monitoring.metricWriter\"])",
        )
        .attr("project", "var.project_id")
        .attr("role", "each.value")
        .string(
            "member",
            "serviceAccount:${google_service_account.nodes.email}",
        );
    });
    hcl.blank();
    hcl.resource("google_container_cluster", "main", 1, |r| {
        r.attr("name", "local.cluster_name")
            .attr("location", "var.region")
            .attr("network", "google_compute_network.main.id")
            .attr("subnetwork", "google_compute_subnetwork.nodes.id");
        r.blank();
        r.attr("remove_default_node_pool", "true")
            .attr("initial_node_count", "1")
            .string("networking_mode", "VPC_NATIVE")
            .attr("deletion_protection", "var.environment == \"prod\"");
        r.blank();
        r.block("ip_allocation_policy", |p| {
            p.string("cluster_secondary_range_name", "pods")
                .string("services_secondary_range_name", "services");
        });
        r.blank();
        r.block("workload_identity_config", |w| {
            w.string("workload_pool", "${var.project_id}.svc.id.goog");
        });
        r.blank();
        r.block("release_channel", |c| {
            c.attr(
                "channel",
                "var.environment == \"prod\" ? \"STABLE\" : \"REGULAR\"",
            );
        });
    });
    hcl.blank();
    hcl.resource("google_container_node_pool", "pools", pools, |r| {
        r.attr("for_each", "var.node_pools")
            .attr("name", "each.key")
            .attr("cluster", "google_container_cluster.main.id");
        r.blank();
        r.block("autoscaling", |a| {
            a.attr("min_node_count", "each.value.min_nodes")
                .attr("max_node_count", "each.value.max_nodes");
        });
        r.blank();
        r.block("node_config", |n| {
            n.attr("machine_type", "each.value.machine_type")
                .attr("spot", "each.value.spot")
                .attr("service_account", "google_service_account.nodes.email")
                .attr(
                    "oauth_scopes",
                    "[\"https://www.googleapis.com/auth/cloud-platform\"]",
                )
                .attr("labels", "merge(local.labels, { pool = each.key })");
            n.blank();
            n.block("workload_metadata_config", |w| {
                w.string("mode", "GKE_METADATA");
            });
        });
    });
    hcl
}

fn kubernetes(apps: u64) -> Hcl {
    let mut hcl = Hcl::new();
    hcl.resource("kubernetes_namespace_v1", "team", 1, |r| {
        r.block("metadata", |m| {
            m.attr("name", "local.namespace")
                .attr("labels", "local.labels");
        });
    });
    hcl.blank();
    hcl.resource("kubernetes_config_map_v1", "app", apps, |r| {
        r.attr("for_each", "var.apps");
        r.blank();
        r.block("metadata", |m| {
            m.string("name", "${each.key}-config")
                .attr("namespace", "kubernetes_namespace_v1.team.metadata[0].name");
        });
        r.blank();
        r.block("data =", |d| {
            d.attr("LOG_LEVEL", "each.value.log_level")
                .attr("ENVIRONMENT", "var.environment");
        });
    });
    hcl.blank();
    hcl.resource("kubernetes_deployment_v1", "app", apps, |r| {
        r.attr("for_each", "var.apps");
        r.blank();
        r.block("metadata", |m| {
            m.attr("name", "each.key")
                .attr("namespace", "kubernetes_namespace_v1.team.metadata[0].name")
                .attr("labels", "{ app = each.key }");
        });
        r.blank();
        r.block("spec", |s| {
            s.attr("replicas", "each.value.replicas");
            s.blank();
            s.block("selector", |sel| {
                sel.attr("match_labels", "{ app = each.key }");
            });
            s.blank();
            s.block("template", |t| {
                t.block("metadata", |m| {
                    m.attr("labels", "{ app = each.key }");
                });
                t.blank();
                t.block("spec", |p| {
                    p.block("container", |c| {
                        c.attr("name", "each.key").attr("image", "each.value.image");
                        c.blank();
                        c.block("port", |port| {
                            port.attr("container_port", "each.value.port");
                        });
                        c.blank();
                        c.block("env_from", |e| {
                            e.block("config_map_ref", |cm| {
                                cm.attr(
                                    "name",
                                    "kubernetes_config_map_v1.app[each.key].metadata[0].name",
                                );
                            });
                        });
                    });
                });
            });
        });
    });
    hcl.blank();
    hcl.resource("kubernetes_service_v1", "app", apps, |r| {
        r.attr("for_each", "var.apps");
        r.blank();
        r.block("metadata", |m| {
            m.attr("name", "each.key")
                .attr("namespace", "kubernetes_namespace_v1.team.metadata[0].name");
        });
        r.blank();
        r.block("spec", |s| {
            s.string("type", "LoadBalancer")
                .attr("selector", "{ app = each.key }");
            s.blank();
            s.block("port", |p| {
                p.attr("port", "80").attr("target_port", "each.value.port");
            });
        });
    });
    hcl
}

fn variables() -> Hcl {
    let mut hcl = Hcl::new();
    for (name, kind, description, default) in [
        (
            "project_id",
            "string",
            "Google Cloud project of the cluster.",
            None,
        ),
        (
            "team",
            "string",
            "Team that owns the cluster; also its namespace.",
            None,
        ),
        ("environment", "string", "dev, staging or prod.", None),
        (
            "region",
            "string",
            "Region of the cluster.",
            Some("\"europe-west1\""),
        ),
        (
            "public_apps",
            "list(string)",
            "YAML applications with a public Ingress.",
            Some("[]"),
        ),
    ] {
        variable(&mut hcl, name, kind, description, default);
    }
    hcl.block("variable \"node_pools\"", |v| {
        v.string("description", "Node pools by name.");
        v.open("type = map(object({");
        v.attr("machine_type", "string")
            .attr("min_nodes", "number")
            .attr("max_nodes", "number")
            .attr("spot", "bool");
        v.close("}))");
    });
    hcl.blank();
    hcl.block("variable \"apps\"", |v| {
        v.string(
            "description",
            "Applications deployed by Terraform, by name.",
        );
        v.open("type = map(object({");
        v.attr("image", "string")
            .attr("replicas", "number")
            .attr("port", "number")
            .attr("log_level", "string");
        v.close("}))");
        v.attr("default", "{}");
    });
    hcl
}

fn tfvars(rng: &mut Rng, root: &Root, plan: &Plan, public: &[&str]) -> Hcl {
    let mut hcl = Hcl::new();
    let quoted: Vec<String> = public.iter().map(|name| name.to_string()).collect();
    hcl.string(
        "project_id",
        format!("acme-{}-{}", root.team, root.environment),
    )
    .string("team", &root.team)
    .string("environment", root.environment)
    .string("region", root.region)
    .attr("public_apps", crate::hcl::list(&quoted));
    hcl.blank();
    hcl.open("node_pools = {");
    for pool in &plan.node_pools {
        let machine = rng.word(names::MACHINE_TYPES);
        let min = rng.range(0, 2);
        let max = min + rng.range(2, 10);
        hcl.block(format!("{pool} ="), |p| {
            p.string("machine_type", machine)
                .attr("min_nodes", min.to_string())
                .attr("max_nodes", max.to_string())
                .attr("spot", if *pool == "spot" { "true" } else { "false" });
        });
    }
    hcl.close("}");
    hcl.blank();
    hcl.open("apps = {");
    for name in &plan.terraform_apps {
        let image = format!(
            "{}-docker.pkg.dev/acme-{}/{}/{name}:{}",
            root.region,
            root.environment,
            root.team,
            version(rng)
        );
        let port = rng.pick(names::PORTS).copied().unwrap_or(8080);
        hcl.block(format!("{name} ="), |a| {
            a.string("image", image)
                .attr("replicas", rng.range(1, 5).to_string())
                .attr("port", port.to_string())
                .string("log_level", if rng.chance(25) { "debug" } else { "info" });
        });
    }
    hcl.close("}");
    hcl
}
