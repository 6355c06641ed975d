resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}"
  retention_in_days = 30
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = var.execution_role_arn

  container_definitions = <<EOF
[
  {
    "name": "job",
    "image": "${var.image}",
    "essential": true,
    "command": ${jsonencode(var.command)},
    "secrets": [
      { "name": "DATABASE_URL", "valueFrom": "${var.secret_arn}" }
    ],
    "environment": [
      { "name": "JOB_NAME", "value": "${var.name}" }
    ],
    "stopTimeout": 120,
    "logConfiguration": {
      "logDriver": "awslogs",
      "options": {
        "awslogs-group": "${aws_cloudwatch_log_group.this.name}",
        "awslogs-region": "${var.region}",
        "awslogs-stream-prefix": "job"
      }
    }
  }
]
EOF
}

resource "aws_cloudwatch_event_rule" "this" {
  name                = var.name
  description         = "Runs ${var.name} on ${var.schedule_expression}"
  schedule_expression = var.schedule_expression
}

resource "aws_cloudwatch_event_target" "this" {
  rule      = aws_cloudwatch_event_rule.this.name
  target_id = "run-task"
  arn       = var.cluster_arn
  role_arn  = var.events_role_arn

  ecs_target {
    task_definition_arn = aws_ecs_task_definition.this.arn
    launch_type         = "FARGATE"
    task_count          = 1

    network_configuration {
      subnets          = var.subnet_ids
      security_groups  = var.security_group_ids
      assign_public_ip = false
    }
  }
}
