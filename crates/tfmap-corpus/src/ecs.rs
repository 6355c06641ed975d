//! An ECS root module: a VPC, an EC2-backed cluster whose instances join it through heredoc
//! user data, one ALB with an HTTPS listener, services through the `ecs-service` module and
//! EventBridge-scheduled jobs through the `scheduled-task` module, both with `for_each` over
//! maps that come from `terraform.tfvars` through locals.

use crate::hcl::{Hcl, list};
use crate::modules::{self, ECS_SERVICE, ModuleSizes, SCHEDULED_TASK, variable};
use crate::names;
use crate::output::Corpus;
use crate::rng::Rng;
use crate::root::{Root, distinct_words, terraform_block, version};

/// Writes the root and returns the resource instances it declares; `budget` caps the number
/// of services and jobs (never below one service) so the corpus lands near its target.
pub fn write(
    corpus: &mut Corpus,
    rng: &mut Rng,
    root: &Root,
    sizes: &ModuleSizes,
    budget: u64,
) -> u64 {
    let zones = rng.range(2, 3);
    let mut declared = 0;

    let mut versions = Hcl::new();
    terraform_block(&mut versions, root, &[("aws", "hashicorp/aws", "~> 5.60")]);
    versions.block("provider \"aws\"", |p| {
        p.attr("region", "var.region");
        p.blank();
        p.block("default_tags", |d| {
            d.attr("tags", "local.common_tags");
        });
    });
    corpus.add(root.file("versions.tf"), modules::text(versions));

    let mut locals = Hcl::new();
    locals.block("locals", |l| {
        let zone_list: Vec<String> = ["a", "b", "c"]
            .iter()
            .take(zones)
            .map(|zone| format!("${{var.region}}{zone}"))
            .collect();
        l.string("name_prefix", "${var.project}-${var.environment}")
            .attr("azs", list(&zone_list));
        l.blank();
        l.block("common_tags =", |t| {
            t.attr("Team", "var.project")
                .attr("Environment", "var.environment")
                .string("ManagedBy", "terraform");
        });
        l.blank();
        l.open("services = {");
        l.open("for name, svc in var.services : name => merge(svc, {");
        l.string("full_name", "${local.name_prefix}-${name}")
            .string(
                "image",
                "${var.image_registry}/${var.project}/${name}:${svc.image_tag}",
            );
        l.close("})");
        l.close("}");
    });
    corpus.add(root.file("locals.tf"), modules::text(locals));

    let network = network(root, rng, zones as u64);
    declared += network.instances();
    corpus.add(root.file("network.tf"), modules::text(network));

    let cluster = cluster();
    declared += cluster.instances();
    corpus.add(root.file("cluster.tf"), modules::text(cluster));

    let alb = alb();
    declared += alb.instances();
    corpus.add(root.file("alb.tf"), modules::text(alb));

    let iam = iam();
    declared += iam.instances();
    corpus.add(root.file("iam.tf"), modules::text(iam));

    let mut jobs = rng.range(0, 3) as u64;
    let mut services = rng.range(3, 10) as u64;
    let cost = |services: u64, jobs: u64| {
        declared + services * sizes.ecs_service + jobs * sizes.scheduled_task
    };
    while services > 1 && cost(services, jobs) > budget {
        services -= 1;
    }
    while jobs > 0 && cost(services, jobs) > budget {
        jobs -= 1;
    }
    declared = cost(services, jobs);

    let service_names = distinct_words(rng, names::SERVICES, services as usize);
    let job_names = distinct_words(rng, names::JOBS, jobs as usize);
    corpus.add(root.file("services.tf"), modules::text(service_calls(root)));
    corpus.add(root.file("variables.tf"), modules::text(variables()));
    corpus.add(
        root.file("terraform.tfvars"),
        modules::text(tfvars(rng, root, &service_names, &job_names)),
    );
    let mut outputs = Hcl::new();
    modules::output(&mut outputs, "alb_dns_name", "aws_lb.main.dns_name");
    modules::output(&mut outputs, "cluster_arn", "aws_ecs_cluster.main.arn");
    modules::output(
        &mut outputs,
        "service_names",
        "{ for name, service in module.service : name => service.service_name }",
    );
    corpus.add(root.file("outputs.tf"), modules::text(outputs));
    declared
}

fn network(root: &Root, rng: &mut Rng, zones: u64) -> Hcl {
    let mut hcl = Hcl::new();
    let second_octet = rng.range(10, 250);
    hcl.resource("aws_vpc", "main", 1, |r| {
        r.string("cidr_block", format!("10.{second_octet}.0.0/16"))
            .attr("enable_dns_support", "true")
            .attr("enable_dns_hostnames", "true");
        r.blank();
        r.block("tags =", |t| {
            t.string("Name", format!("{}-{}", root.team, root.environment));
        });
    });
    hcl.blank();
    for (name, offset, public) in [("private", 0, false), ("public", 100, true)] {
        // `count = length(local.azs)`: one subnet per zone.
        hcl.resource("aws_subnet", name, zones, |r| {
            r.attr("count", "length(local.azs)")
                .attr("vpc_id", "aws_vpc.main.id")
                .attr(
                    "cidr_block",
                    format!("cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + {offset})"),
                )
                .attr("availability_zone", "local.azs[count.index]")
                .attr(
                    "map_public_ip_on_launch",
                    if public { "true" } else { "false" },
                );
        });
        hcl.blank();
    }
    hcl.resource("aws_internet_gateway", "main", 1, |r| {
        r.attr("vpc_id", "aws_vpc.main.id");
    });
    hcl.blank();
    for (name, description, port, source) in [
        ("alb", "Public HTTPS to the load balancer", "443", None),
        (
            "tasks",
            "Load balancer to the tasks",
            "0",
            Some("aws_security_group.alb.id"),
        ),
        (
            "instances",
            "Container instances",
            "0",
            Some("aws_security_group.alb.id"),
        ),
    ] {
        hcl.resource("aws_security_group", name, 1, |r| {
            r.string("name", format!("${{local.name_prefix}}-{name}"))
                .string("description", description)
                .attr("vpc_id", "aws_vpc.main.id");
            r.blank();
            r.block("ingress", |i| {
                let to_port = if port == "0" { "65535" } else { port };
                i.attr("from_port", port)
                    .attr("to_port", to_port)
                    .string("protocol", "tcp");
                match source {
                    Some(group) => i.attr("security_groups", format!("[{group}]")),
                    None => i.attr("cidr_blocks", "[\"0.0.0.0/0\"]"),
                };
            });
            r.blank();
            r.block("egress", |e| {
                e.attr("from_port", "0")
                    .attr("to_port", "0")
                    .string("protocol", "-1")
                    .attr("cidr_blocks", "[\"0.0.0.0/0\"]");
            });
        });
        hcl.blank();
    }
    hcl
}

fn cluster() -> Hcl {
    let mut hcl = Hcl::new();
    hcl.resource("aws_ecs_cluster", "main", 1, |r| {
        r.attr("name", "local.name_prefix");
        r.blank();
        r.block("setting", |s| {
            s.string("name", "containerInsights")
                .string("value", "enabled");
        });
    });
    hcl.blank();
    hcl.block("data \"aws_ssm_parameter\" \"ecs_ami\"", |d| {
        d.string(
            "name",
            "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
        );
    });
    hcl.blank();
    hcl.resource("aws_launch_template", "ecs", 1, |r| {
        r.string("name_prefix", "${local.name_prefix}-ecs-")
            .attr("image_id", "data.aws_ssm_parameter.ecs_ami.value")
            .attr("instance_type", "var.instance_type");
        r.blank();
        r.block("iam_instance_profile", |p| {
            p.attr("arn", "aws_iam_instance_profile.ecs.arn");
        });
        r.blank();
        r.attr(
            "vpc_security_group_ids",
            "[aws_security_group.instances.id]",
        );
        r.open("user_data = base64encode(<<-EOT");
        let body: Vec<String> = [
            "#!/bin/bash",
            "cat <<'CONFIG' >> /etc/ecs/ecs.config",
            "ECS_CLUSTER=${aws_ecs_cluster.main.name}",
            "ECS_ENABLE_CONTAINER_METADATA=true",
            "ECS_CONTAINER_STOP_TIMEOUT=60s",
            "CONFIG",
        ]
        .iter()
        .map(|line| line.to_string())
        .collect();
        r.heredoc_body("EOT", &body);
        r.close(")");
        r.blank();
        r.block("metadata_options", |m| {
            m.string("http_tokens", "required");
        });
    });
    hcl.blank();
    hcl.resource("aws_autoscaling_group", "ecs", 1, |r| {
        r.string("name", "${local.name_prefix}-ecs")
            .attr("min_size", "var.asg_min_size")
            .attr("max_size", "var.asg_max_size")
            .attr("vpc_zone_identifier", "aws_subnet.private[*].id")
            .attr("protect_from_scale_in", "true");
        r.blank();
        r.block("launch_template", |l| {
            l.attr("id", "aws_launch_template.ecs.id")
                .string("version", "$Latest");
        });
        r.blank();
        r.block("tag", |t| {
            t.string("key", "AmazonECSManaged")
                .string("value", "true")
                .attr("propagate_at_launch", "true");
        });
    });
    hcl.blank();
    hcl.resource("aws_ecs_capacity_provider", "ec2", 1, |r| {
        r.string("name", "${local.name_prefix}-ec2");
        r.blank();
        r.block("auto_scaling_group_provider", |a| {
            a.attr("auto_scaling_group_arn", "aws_autoscaling_group.ecs.arn")
                .string("managed_termination_protection", "ENABLED");
            a.blank();
            a.block("managed_scaling", |m| {
                m.string("status", "ENABLED").attr("target_capacity", "90");
            });
        });
    });
    hcl.blank();
    hcl.resource("aws_ecs_cluster_capacity_providers", "main", 1, |r| {
        r.attr("cluster_name", "aws_ecs_cluster.main.name")
            .attr("capacity_providers", "[aws_ecs_capacity_provider.ec2.name]");
        r.blank();
        r.block("default_capacity_provider_strategy", |s| {
            s.attr("capacity_provider", "aws_ecs_capacity_provider.ec2.name")
                .attr("weight", "1");
        });
    });
    hcl
}

fn alb() -> Hcl {
    let mut hcl = Hcl::new();
    hcl.resource("aws_acm_certificate", "main", 1, |r| {
        r.string(
            "domain_name",
            "${var.project}.${var.environment}.example.com",
        )
        .string("validation_method", "DNS");
    });
    hcl.blank();
    hcl.resource("aws_lb", "main", 1, |r| {
        r.attr("name", "local.name_prefix")
            .string("load_balancer_type", "application")
            .attr("security_groups", "[aws_security_group.alb.id]")
            .attr("subnets", "aws_subnet.public[*].id");
    });
    hcl.blank();
    hcl.resource("aws_lb_listener", "http", 1, |r| {
        r.attr("load_balancer_arn", "aws_lb.main.arn")
            .attr("port", "80")
            .string("protocol", "HTTP");
        r.blank();
        r.block("default_action", |a| {
            a.string("type", "redirect");
            a.blank();
            a.block("redirect", |d| {
                d.string("port", "443")
                    .string("protocol", "HTTPS")
                    .string("status_code", "HTTP_301");
            });
        });
    });
    hcl.blank();
    hcl.resource("aws_lb_listener", "https", 1, |r| {
        r.attr("load_balancer_arn", "aws_lb.main.arn")
            .attr("port", "443")
            .string("protocol", "HTTPS")
            .string("ssl_policy", "ELBSecurityPolicy-TLS13-1-2-2021-06")
            .attr("certificate_arn", "aws_acm_certificate.main.arn");
        r.blank();
        r.block("default_action", |a| {
            a.string("type", "fixed-response");
            a.blank();
            a.block("fixed_response", |f| {
                f.string("content_type", "text/plain")
                    .string("status_code", "404");
            });
        });
    });
    hcl
}

fn iam() -> Hcl {
    let mut hcl = Hcl::new();
    for (name, principal, policy) in [
        (
            "ecs_instance",
            "ec2.amazonaws.com",
            "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
        ),
        (
            "task_execution",
            "ecs-tasks.amazonaws.com",
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        ),
        (
            "events",
            "events.amazonaws.com",
            "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceEventsRole",
        ),
    ] {
        hcl.resource("aws_iam_role", name, 1, |r| {
            r.string(
                "name",
                format!("${{local.name_prefix}}-{}", name.replace('_', "-")),
            );
            r.open("assume_role_policy = jsonencode({");
            r.string("Version", "2012-10-17");
            r.open("Statement = [{");
            r.string("Effect", "Allow")
                .string("Action", "sts:AssumeRole")
                .attr("Principal", format!("{{ Service = \"{principal}\" }}"));
            r.close("}]");
            r.close("})");
        });
        hcl.blank();
        hcl.resource("aws_iam_role_policy_attachment", name, 1, |r| {
            r.attr("role", format!("aws_iam_role.{name}.name"))
                .string("policy_arn", policy);
        });
        hcl.blank();
    }
    hcl.resource("aws_iam_instance_profile", "ecs", 1, |r| {
        r.string("name", "${local.name_prefix}-ecs-instance")
            .attr("role", "aws_iam_role.ecs_instance.name");
    });
    hcl
}

fn service_calls(root: &Root) -> Hcl {
    let mut hcl = Hcl::new();
    hcl.block("module \"service\"", |m| {
        m.attr("source", format!("\"{}\"", root.module_source(ECS_SERVICE)))
            .attr("for_each", "local.services");
        m.blank();
        m.attr("name", "each.value.full_name")
            .attr("region", "var.region")
            .attr("cluster_id", "aws_ecs_cluster.main.id")
            .attr("cluster_name", "aws_ecs_cluster.main.name")
            .attr("capacity_provider", "aws_ecs_capacity_provider.ec2.name")
            .attr("vpc_id", "aws_vpc.main.id")
            .attr("subnet_ids", "aws_subnet.private[*].id")
            .attr("security_group_ids", "[aws_security_group.tasks.id]")
            .attr("listener_arn", "aws_lb_listener.https.arn")
            .attr("execution_role_arn", "aws_iam_role.task_execution.arn")
            .attr("image", "each.value.image")
            .attr("port", "each.value.port")
            .attr("cpu", "each.value.cpu")
            .attr("memory", "each.value.memory")
            .attr("desired_count", "each.value.desired_count")
            .attr("priority", "each.value.priority")
            .attr("path_patterns", "each.value.paths")
            .attr(
                "environment",
                "merge(each.value.environment, { ENVIRONMENT = var.environment })",
            );
    });
    hcl.blank();
    hcl.block("module \"job\"", |m| {
        m.attr(
            "source",
            format!("\"{}\"", root.module_source(SCHEDULED_TASK)),
        )
        .attr("for_each", "var.jobs");
        m.blank();
        m.string("name", "${local.name_prefix}-${each.key}")
            .attr("region", "var.region")
            .attr("cluster_arn", "aws_ecs_cluster.main.arn")
            .string(
                "image",
                "${var.image_registry}/${var.project}/jobs:${each.value.image_tag}",
            )
            .attr("command", "each.value.command")
            .attr("schedule_expression", "each.value.schedule")
            .attr("subnet_ids", "aws_subnet.private[*].id")
            .attr("security_group_ids", "[aws_security_group.tasks.id]")
            .attr("execution_role_arn", "aws_iam_role.task_execution.arn")
            .attr("events_role_arn", "aws_iam_role.events.arn");
    });
    hcl
}

fn variables() -> Hcl {
    let mut hcl = Hcl::new();
    for (name, kind, description, default) in [
        (
            "project",
            "string",
            "Team that owns the stack; prefixes every name.",
            None,
        ),
        ("environment", "string", "dev, staging or prod.", None),
        ("region", "string", "AWS region.", Some("\"eu-west-1\"")),
        (
            "instance_type",
            "string",
            "Container instance type.",
            Some("\"m6i.large\""),
        ),
        (
            "asg_min_size",
            "number",
            "Minimum container instances.",
            Some("2"),
        ),
        (
            "asg_max_size",
            "number",
            "Maximum container instances.",
            Some("6"),
        ),
        (
            "image_registry",
            "string",
            "Registry the images are pulled from.",
            None,
        ),
    ] {
        variable(&mut hcl, name, kind, description, default);
    }
    hcl.block("variable \"services\"", |v| {
        v.string(
            "description",
            "Services behind the shared load balancer, by name.",
        );
        v.open("type = map(object({");
        v.attr("image_tag", "string")
            .attr("cpu", "number")
            .attr("memory", "number")
            .attr("port", "number")
            .attr("desired_count", "number")
            .attr("priority", "number")
            .attr("paths", "list(string)")
            .attr("environment", "map(string)");
        v.close("}))");
    });
    hcl.blank();
    hcl.block("variable \"jobs\"", |v| {
        v.string(
            "description",
            "Scheduled tasks started by EventBridge, by name.",
        );
        v.open("type = map(object({");
        v.attr("image_tag", "string")
            .attr("schedule", "string")
            .attr("command", "list(string)");
        v.close("}))");
        v.attr("default", "{}");
    });
    hcl
}

fn tfvars(rng: &mut Rng, root: &Root, services: &[&str], jobs: &[&str]) -> Hcl {
    let mut hcl = Hcl::new();
    hcl.string("project", &root.team)
        .string("environment", root.environment)
        .string("region", root.region)
        .string("instance_type", rng.word(names::INSTANCE_TYPES))
        .attr("asg_min_size", rng.range(1, 3).to_string())
        .attr("asg_max_size", rng.range(4, 12).to_string())
        .string(
            "image_registry",
            format!("123456789012.dkr.ecr.{}.amazonaws.com", root.region),
        );
    hcl.blank();
    hcl.open("services = {");
    for (index, name) in services.iter().enumerate() {
        let (cpu, memory) = rng.pick(names::TASK_SIZES).copied().unwrap_or((256, 512));
        let port = rng.pick(names::PORTS).copied().unwrap_or(8080);
        let tag = version(rng);
        hcl.block(format!("{name} ="), |s| {
            s.string("image_tag", tag)
                .attr("cpu", cpu.to_string())
                .attr("memory", memory.to_string())
                .attr("port", port.to_string())
                .attr("desired_count", rng.range(1, 4).to_string())
                .attr("priority", (100 + 10 * index).to_string())
                .attr("paths", list(&[format!("/{name}/*")]));
            s.block("environment =", |e| {
                e.string("LOG_LEVEL", if rng.chance(30) { "debug" } else { "info" })
                    .string("SERVICE_NAME", *name);
                if rng.chance(50) {
                    e.string("FEATURE_FLAGS_URL", "https://flags.internal.example.com");
                }
            });
        });
    }
    hcl.close("}");
    hcl.blank();
    if jobs.is_empty() {
        hcl.attr("jobs", "{}");
        return hcl;
    }
    hcl.open("jobs = {");
    for name in jobs {
        let tag = version(rng);
        let schedule = rng.word(names::SCHEDULES);
        hcl.block(format!("{name} ="), |j| {
            j.string("image_tag", tag)
                .string("schedule", schedule)
                .attr(
                    "command",
                    list(&[format!("bin/{name}"), "--batch-size".into(), "500".into()]),
                );
        });
    }
    hcl.close("}");
    hcl
}
