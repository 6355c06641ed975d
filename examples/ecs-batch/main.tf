locals {
  name_prefix = "billing-${var.environment}"
}

# ---------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------

resource "aws_vpc" "batch" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "${local.name_prefix}-batch"
  }
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.batch.id
  cidr_block        = "10.40.1.0/24"
  availability_zone = "${var.region}a"
}

resource "aws_subnet" "private_c" {
  vpc_id            = aws_vpc.batch.id
  cidr_block        = "10.40.2.0/24"
  availability_zone = "${var.region}c"
}

resource "aws_security_group" "batch_tasks" {
  name        = "${local.name_prefix}-batch-tasks"
  description = "Batch tasks: no inbound, outbound to AWS APIs and the database"
  vpc_id      = aws_vpc.batch.id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# ---------------------------------------------------------------------------
# Cluster (Fargate only, no EC2 capacity)
# ---------------------------------------------------------------------------

resource "aws_ecs_cluster" "batch" {
  name = "${local.name_prefix}-batch"
}

resource "aws_ecs_cluster_capacity_providers" "batch" {
  cluster_name       = aws_ecs_cluster.batch.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
    weight            = 3
  }

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
    base              = 0
  }
}

# ---------------------------------------------------------------------------
# Nightly report: EventBridge rule + target, via the local module
# ---------------------------------------------------------------------------

resource "aws_secretsmanager_secret" "report_db" {
  name        = "${local.name_prefix}/report/db-url"
  description = "Read-replica connection string for the report job"
}

module "report_job" {
  source = "./modules/scheduled-task"

  name                = "${local.name_prefix}-report"
  cluster_arn         = aws_ecs_cluster.batch.arn
  image               = var.report_image
  cpu                 = 1024
  memory              = 2048
  command             = ["report", "--period", "yesterday"]
  secret_arn          = aws_secretsmanager_secret.report_db.arn
  schedule_expression = var.report_schedule
  subnet_ids          = [aws_subnet.private_a.id, aws_subnet.private_c.id]
  security_group_ids  = [aws_security_group.batch_tasks.id]
  execution_role_arn  = aws_iam_role.task_execution.arn
  events_role_arn     = aws_iam_role.events_run_task.arn
  region              = var.region
}

# ---------------------------------------------------------------------------
# Hourly cleanup: EventBridge Scheduler (the newer API)
# ---------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "cleanup" {
  name              = "/ecs/${local.name_prefix}-cleanup"
  retention_in_days = 14
}

resource "aws_ecs_task_definition" "cleanup" {
  family                   = "${local.name_prefix}-cleanup"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.task_execution.arn
  container_definitions    = file("${path.module}/containers/cleanup.json")
}

resource "aws_scheduler_schedule" "cleanup" {
  name                = "${local.name_prefix}-cleanup"
  schedule_expression = "rate(1 hour)"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_ecs_cluster.batch.arn
    role_arn = aws_iam_role.scheduler_run_task.arn

    ecs_parameters {
      task_definition_arn = aws_ecs_task_definition.cleanup.arn
      launch_type         = "FARGATE"
      task_count          = 1

      network_configuration {
        subnets          = [aws_subnet.private_a.id, aws_subnet.private_c.id]
        security_groups  = [aws_security_group.batch_tasks.id]
        assign_public_ip = false
      }
    }

    retry_policy {
      maximum_retry_attempts       = 2
      maximum_event_age_in_seconds = 900
    }
  }
}
