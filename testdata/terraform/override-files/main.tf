# Tests: override.tf and z_override.tf.json are merged after this file, in that (lexical)
# order: arguments replaced, the two load_balancer blocks replaced by the override's one,
# a local and a variable default overridden; an override of an undeclared resource is an
# error at its location (z_override.tf.json).
variable "image" {
  type    = string
  default = "registry.example.com/api:1.0.0"
}

locals {
  family = "api"
  port   = 8080
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_lb_target_group" "blue" {
  name     = "api-blue"
  port     = local.port
  protocol = "HTTP"
}

resource "aws_lb_target_group" "green" {
  name     = "api-green"
  port     = local.port
  protocol = "HTTP"
}

resource "aws_ecs_task_definition" "api" {
  family = local.family
  container_definitions = jsonencode([
    { name = "api", image = var.image, essential = true, portMappings = [{ containerPort = local.port }] }
  ])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 2

  load_balancer {
    target_group_arn = aws_lb_target_group.blue.arn
    container_name   = "api"
    container_port   = local.port
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.blue.arn
    container_name   = "api"
    container_port   = 9090
  }
}
