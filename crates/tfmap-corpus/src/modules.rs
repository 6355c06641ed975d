//! The local modules every root calls: an ECS service behind a shared ALB, and a task that
//! EventBridge starts on a schedule. Written once per corpus, instantiated with `for_each`.

use crate::hcl::Hcl;
use crate::output::Corpus;

pub const ECS_SERVICE: &str = "modules/ecs-service";
pub const SCHEDULED_TASK: &str = "modules/scheduled-task";

/// Resource instances one call of each module declares.
pub struct ModuleSizes {
    pub ecs_service: u64,
    pub scheduled_task: u64,
}

/// Writes both modules and says how many resources one instance of each declares.
pub fn write(corpus: &mut Corpus) -> ModuleSizes {
    ModuleSizes {
        ecs_service: ecs_service(corpus),
        scheduled_task: scheduled_task(corpus),
    }
}

/// A `variable` block; `default` is HCL as written.
pub fn variable(hcl: &mut Hcl, name: &str, kind: &str, description: &str, default: Option<&str>) {
    hcl.block(format!("variable \"{name}\""), |v| {
        v.string("description", description).attr("type", kind);
        if let Some(default) = default {
            v.attr("default", default);
        }
    });
    hcl.blank();
}

pub fn output(hcl: &mut Hcl, name: &str, value: &str) {
    hcl.block(format!("output \"{name}\""), |o| {
        o.attr("value", value);
    });
    hcl.blank();
}

/// Trims the blank line the last block left, so every file ends with one newline.
pub fn text(hcl: Hcl) -> String {
    let mut text = hcl.finish();
    while text.ends_with("\n\n") {
        text.pop();
    }
    text
}

fn ecs_service(corpus: &mut Corpus) -> u64 {
    let mut vars = Hcl::new();
    for (name, kind, description, default) in [
        (
            "name",
            "string",
            "Service name: task family, log group and target group.",
            None,
        ),
        ("region", "string", "Region of the log group.", None),
        ("cluster_id", "string", "Cluster the service runs on.", None),
        (
            "cluster_name",
            "string",
            "Cluster name, for the autoscaling resource id.",
            None,
        ),
        (
            "capacity_provider",
            "string",
            "Capacity provider of the service.",
            None,
        ),
        ("vpc_id", "string", "VPC of the target group.", None),
        ("subnet_ids", "list(string)", "Subnets of the tasks.", None),
        (
            "security_group_ids",
            "list(string)",
            "Security groups of the tasks.",
            None,
        ),
        (
            "listener_arn",
            "string",
            "HTTPS listener the rule is added to.",
            None,
        ),
        (
            "execution_role_arn",
            "string",
            "Role ECS pulls images and writes logs with.",
            None,
        ),
        ("image", "string", "Container image with its tag.", None),
        ("port", "number", "Port the app listens on.", Some("8080")),
        ("cpu", "number", "Task CPU units.", Some("512")),
        ("memory", "number", "Task memory in MiB.", Some("1024")),
        (
            "desired_count",
            "number",
            "Tasks to run, and the autoscaling minimum.",
            Some("2"),
        ),
        ("max_count", "number", "Autoscaling maximum.", Some("10")),
        (
            "priority",
            "number",
            "Listener rule priority, unique per listener.",
            None,
        ),
        (
            "path_patterns",
            "list(string)",
            "Paths routed to the service.",
            None,
        ),
        (
            "health_check_path",
            "string",
            "Path the target group checks.",
            Some("\"/healthz\""),
        ),
        (
            "log_retention_days",
            "number",
            "Days the logs are kept.",
            Some("30"),
        ),
        (
            "environment",
            "map(string)",
            "Plain environment variables of the app.",
            Some("{}"),
        ),
    ] {
        variable(&mut vars, name, kind, description, default);
    }
    corpus.add(format!("{ECS_SERVICE}/variables.tf"), text(vars));

    let mut main = Hcl::new();
    main.block("locals", |l| {
        l.attr(
            "container_environment",
            "[for key, value in var.environment : { name = key, value = value }]",
        );
    });
    main.blank();
    main.resource("aws_cloudwatch_log_group", "this", 1, |r| {
        r.string("name", "/ecs/${var.name}")
            .attr("retention_in_days", "var.log_retention_days");
    });
    main.blank();
    main.resource("aws_ecs_task_definition", "this", 1, |r| {
        r.attr("family", "var.name")
            .string("network_mode", "awsvpc")
            .attr("requires_compatibilities", "[\"EC2\", \"FARGATE\"]")
            .attr("cpu", "var.cpu")
            .attr("memory", "var.memory")
            .attr("execution_role_arn", "var.execution_role_arn");
        r.blank();
        r.open("container_definitions = jsonencode([");
        r.open("{");
        r.string("name", "app")
            .attr("image", "var.image")
            .attr("essential", "true")
            .attr("cpu", "var.cpu - 128")
            .attr("memory", "var.memory - 256")
            .attr("portMappings", "[{ containerPort = var.port, protocol = \"tcp\" }]")
            .attr("environment", "local.container_environment");
        r.blank();
        r.block("healthCheck =", |h| {
            h.attr(
                "command",
                "[\"CMD-SHELL\", \"curl -fs http://localhost:${var.port}${var.health_check_path} || exit 1\"]",
            )
            .attr("interval", "15")
            .attr("retries", "3");
        });
        r.blank();
        log_configuration(r, "aws_cloudwatch_log_group.this.name", "app");
        r.close("},");
        r.open("{");
        r.string("name", "otel-collector")
            .string("image", "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0")
            .attr("essential", "false")
            .attr("cpu", "128")
            .attr("memory", "256");
        r.blank();
        log_configuration(r, "aws_cloudwatch_log_group.this.name", "otel");
        r.close("}");
        r.close("])");
    });
    main.blank();
    main.resource("aws_ecs_service", "this", 1, |r| {
        r.attr("name", "var.name")
            .attr("cluster", "var.cluster_id")
            .attr("task_definition", "aws_ecs_task_definition.this.arn")
            .attr("desired_count", "var.desired_count")
            .attr("health_check_grace_period_seconds", "60");
        r.blank();
        r.block("capacity_provider_strategy", |b| {
            b.attr("capacity_provider", "var.capacity_provider")
                .attr("weight", "1");
        });
        r.blank();
        r.block("network_configuration", |b| {
            b.attr("subnets", "var.subnet_ids")
                .attr("security_groups", "var.security_group_ids");
        });
        r.blank();
        r.block("load_balancer", |b| {
            b.attr("target_group_arn", "aws_lb_target_group.this.arn")
                .string("container_name", "app")
                .attr("container_port", "var.port");
        });
        r.blank();
        r.block("deployment_circuit_breaker", |b| {
            b.attr("enable", "true").attr("rollback", "true");
        });
        r.blank();
        r.block("lifecycle", |b| {
            b.attr("ignore_changes", "[desired_count]");
        });
    });
    main.blank();
    main.resource("aws_lb_target_group", "this", 1, |r| {
        r.attr("name", "substr(var.name, 0, 32)")
            .attr("port", "var.port")
            .string("protocol", "HTTP")
            .string("target_type", "ip")
            .attr("vpc_id", "var.vpc_id")
            .attr("deregistration_delay", "30");
        r.blank();
        r.block("health_check", |b| {
            b.attr("path", "var.health_check_path")
                .string("matcher", "200-299")
                .attr("interval", "15");
        });
    });
    main.blank();
    main.resource("aws_lb_listener_rule", "this", 1, |r| {
        r.attr("listener_arn", "var.listener_arn")
            .attr("priority", "var.priority");
        r.blank();
        r.block("action", |b| {
            b.string("type", "forward")
                .attr("target_group_arn", "aws_lb_target_group.this.arn");
        });
        r.blank();
        r.block("condition", |c| {
            c.block("path_pattern", |p| {
                p.attr("values", "var.path_patterns");
            });
        });
    });
    main.blank();
    main.resource("aws_appautoscaling_target", "this", 1, |r| {
        r.string("service_namespace", "ecs")
            .string(
                "resource_id",
                "service/${var.cluster_name}/${aws_ecs_service.this.name}",
            )
            .string("scalable_dimension", "ecs:service:DesiredCount")
            .attr("min_capacity", "var.desired_count")
            .attr("max_capacity", "var.max_count");
    });
    main.blank();
    main.resource("aws_appautoscaling_policy", "cpu", 1, |r| {
        r.string("name", "${var.name}-cpu")
            .string("policy_type", "TargetTrackingScaling")
            .attr(
                "service_namespace",
                "aws_appautoscaling_target.this.service_namespace",
            )
            .attr("resource_id", "aws_appautoscaling_target.this.resource_id")
            .attr(
                "scalable_dimension",
                "aws_appautoscaling_target.this.scalable_dimension",
            );
        r.blank();
        r.block("target_tracking_scaling_policy_configuration", |c| {
            c.attr("target_value", "60");
            c.blank();
            c.block("predefined_metric_specification", |m| {
                m.string("predefined_metric_type", "ECSServiceAverageCPUUtilization");
            });
        });
    });
    let instances = main.instances();
    corpus.add(format!("{ECS_SERVICE}/main.tf"), text(main));

    let mut outputs = Hcl::new();
    output(&mut outputs, "service_name", "aws_ecs_service.this.name");
    output(
        &mut outputs,
        "target_group_arn",
        "aws_lb_target_group.this.arn",
    );
    output(
        &mut outputs,
        "log_group",
        "aws_cloudwatch_log_group.this.name",
    );
    corpus.add(format!("{ECS_SERVICE}/outputs.tf"), text(outputs));
    instances
}

fn log_configuration(hcl: &mut Hcl, group: &str, prefix: &str) {
    hcl.block("logConfiguration =", |l| {
        l.string("logDriver", "awslogs");
        l.block("options =", |o| {
            o.attr("awslogs-group", group)
                .attr("awslogs-region", "var.region")
                .string("awslogs-stream-prefix", prefix);
        });
    });
}

fn scheduled_task(corpus: &mut Corpus) -> u64 {
    let mut vars = Hcl::new();
    for (name, kind, description, default) in [
        (
            "name",
            "string",
            "Job name: task family, rule and log group.",
            None,
        ),
        ("region", "string", "Region of the log group.", None),
        ("cluster_arn", "string", "Cluster the task runs on.", None),
        ("image", "string", "Container image with its tag.", None),
        (
            "command",
            "list(string)",
            "Command of the job container.",
            None,
        ),
        ("cpu", "number", "Task CPU units.", Some("256")),
        ("memory", "number", "Task memory in MiB.", Some("512")),
        (
            "schedule_expression",
            "string",
            "EventBridge cron() or rate() expression.",
            None,
        ),
        ("subnet_ids", "list(string)", "Subnets of the task.", None),
        (
            "security_group_ids",
            "list(string)",
            "Security groups of the task.",
            None,
        ),
        (
            "execution_role_arn",
            "string",
            "Role ECS pulls images and writes logs with.",
            None,
        ),
        (
            "events_role_arn",
            "string",
            "Role EventBridge starts the task with.",
            None,
        ),
    ] {
        variable(&mut vars, name, kind, description, default);
    }
    corpus.add(format!("{SCHEDULED_TASK}/variables.tf"), text(vars));

    let mut main = Hcl::new();
    main.resource("aws_cloudwatch_log_group", "this", 1, |r| {
        r.string("name", "/ecs/jobs/${var.name}")
            .attr("retention_in_days", "14");
    });
    main.blank();
    main.resource("aws_ecs_task_definition", "this", 1, |r| {
        r.attr("family", "var.name")
            .attr("requires_compatibilities", "[\"FARGATE\"]")
            .string("network_mode", "awsvpc")
            .attr("cpu", "var.cpu")
            .attr("memory", "var.memory")
            .attr("execution_role_arn", "var.execution_role_arn");
        r.blank();
        let body: Vec<String> = [
            "[",
            "  {",
            "    \"name\": \"job\",",
            "    \"image\": \"${var.image}\",",
            "    \"essential\": true,",
            "    \"command\": ${jsonencode(var.command)},",
            "    \"environment\": [",
            "      { \"name\": \"JOB_NAME\", \"value\": \"${var.name}\" }",
            "    ],",
            "    \"logConfiguration\": {",
            "      \"logDriver\": \"awslogs\",",
            "      \"options\": {",
            "        \"awslogs-group\": \"${aws_cloudwatch_log_group.this.name}\",",
            "        \"awslogs-region\": \"${var.region}\",",
            "        \"awslogs-stream-prefix\": \"job\"",
            "      }",
            "    }",
            "  }",
            "]",
        ]
        .iter()
        .map(|line| line.to_string())
        .collect();
        r.heredoc("container_definitions", "EOT", &body);
    });
    main.blank();
    main.resource("aws_cloudwatch_event_rule", "this", 1, |r| {
        r.attr("name", "var.name")
            .string(
                "description",
                "Runs ${var.name} on ${var.schedule_expression}",
            )
            .attr("schedule_expression", "var.schedule_expression");
    });
    main.blank();
    main.resource("aws_cloudwatch_event_target", "this", 1, |r| {
        r.attr("rule", "aws_cloudwatch_event_rule.this.name")
            .string("target_id", "run-task")
            .attr("arn", "var.cluster_arn")
            .attr("role_arn", "var.events_role_arn");
        r.blank();
        r.block("ecs_target", |t| {
            t.attr("task_definition_arn", "aws_ecs_task_definition.this.arn")
                .string("launch_type", "FARGATE")
                .attr("task_count", "1");
            t.blank();
            t.block("network_configuration", |n| {
                n.attr("subnets", "var.subnet_ids")
                    .attr("security_groups", "var.security_group_ids")
                    .attr("assign_public_ip", "false");
            });
        });
    });
    let instances = main.instances();
    corpus.add(format!("{SCHEDULED_TASK}/main.tf"), text(main));

    let mut outputs = Hcl::new();
    output(
        &mut outputs,
        "rule_name",
        "aws_cloudwatch_event_rule.this.name",
    );
    corpus.add(format!("{SCHEDULED_TASK}/outputs.tf"), text(outputs));
    instances
}
