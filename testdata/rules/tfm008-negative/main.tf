# TFM008 must stay quiet: every network configuration names security groups (one from a
# variable tfmap cannot evaluate), and the bridge-mode service has no network configuration.
variable "task_security_groups" {
  type = list(string)
}

resource "aws_ecs_cluster" "main" {
  name = "shop"
}

resource "aws_security_group" "api" {
  name   = "api"
  vpc_id = "vpc-0a1b2c3d"
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name  = "api"
    image = "shop/api:1"
  }])
}

resource "aws_ecs_task_definition" "legacy" {
  family       = "legacy"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name   = "legacy"
    image  = "shop/legacy:1"
    memory = 256
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = ["subnet-0a1b2c3d"]
    security_groups = [aws_security_group.api.id]
  }
}

resource "aws_ecs_service" "configurable" {
  name            = "configurable"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = ["subnet-0a1b2c3d"]
    security_groups = var.task_security_groups
  }
}

resource "aws_ecs_service" "legacy" {
  name            = "legacy"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.legacy.arn
  desired_count   = 1
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly"
  schedule_expression = "cron(0 3 * * ? *)"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule     = aws_cloudwatch_event_rule.nightly.name
  arn      = aws_ecs_cluster.main.arn
  role_arn = "arn:aws:iam::123456789012:role/events-ecs"

  ecs_target {
    task_definition_arn = aws_ecs_task_definition.api.arn
    launch_type         = "FARGATE"
    network_configuration {
      subnets         = ["subnet-0a1b2c3d"]
      security_groups = [aws_security_group.api.id]
    }
  }
}
