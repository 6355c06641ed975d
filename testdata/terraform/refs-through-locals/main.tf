# Tests: references resolved through locals (one chained through another), variable defaults overridden by terraform.tfvars and *.auto.tfvars, and depends_on.
locals {
  cluster      = aws_ecs_cluster.main.arn
  tg_arn       = aws_lb_target_group.web.arn
  lb_target    = local.tg_arn
  service_name = "${var.app_name}-svc"
  full_name    = "${local.service_name}-${var.environment}"
}

resource "aws_ecs_cluster" "main" {
  name = "${var.app_name}-cluster"
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = ["FARGATE"]
}

resource "aws_lb_target_group" "web" {
  name        = local.full_name
  port        = 80
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = var.vpc_id
}

resource "aws_ecs_task_definition" "web" {
  family                   = local.full_name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([
    { name = "web", image = "nginx:1.27", essential = true, portMappings = [{ containerPort = 80 }] }
  ])
}

resource "aws_ecs_service" "web" {
  name            = local.full_name
  cluster         = local.cluster
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  network_configuration {
    subnets = var.subnet_ids
  }

  load_balancer {
    target_group_arn = local.lb_target
    container_name   = "web"
    container_port   = 80
  }

  depends_on = [aws_ecs_cluster_capacity_providers.main]
}
