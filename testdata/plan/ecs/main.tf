# An ECS setup whose shape depends on values only a plan knows: the environment and the
# services map come from a -var-file that is not in the repository, and the network comes
# from a registry module that was never downloaded.

variable "environment" {
  type = string
}

variable "services" {
  type = map(object({
    image = string
    port  = number
    count = number
  }))
}

variable "db_password" {
  type      = string
  sensitive = true
}

module "network" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"

  name = var.environment
  cidr = "10.0.0.0/16"
}

resource "aws_ecs_cluster" "main" {
  name = "${var.environment}-apps"
}

resource "aws_launch_template" "ecs" {
  name_prefix = "ecs-"
  image_id    = "ami-0abcdef1234567890"
  user_data   = base64encode("#!/bin/bash\necho ECS_CLUSTER=${aws_ecs_cluster.main.name} >> /etc/ecs/ecs.config\n")
}

resource "aws_lb" "public" {
  name               = "${var.environment}-public"
  load_balancer_type = "application"
  subnets            = module.network.public_subnets
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.public.arn
  port              = 80

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      status_code  = "404"
    }
  }
}

resource "aws_lb_target_group" "svc" {
  for_each = var.services

  name        = "${var.environment}-${each.key}"
  port        = each.value.port
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = module.network.vpc_id
}

resource "aws_lb_listener_rule" "svc" {
  for_each = var.services

  listener_arn = aws_lb_listener.http.arn

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.svc[each.key].arn
  }

  condition {
    path_pattern {
      values = ["/${each.key}/*"]
    }
  }
}

resource "aws_ecs_task_definition" "svc" {
  for_each = var.services

  family                   = "${var.environment}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name         = each.key
    image        = each.value.image
    essential    = true
    portMappings = [{ containerPort = each.value.port }]
  }])
}

resource "aws_ecs_service" "svc" {
  for_each = var.services

  name            = each.key
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.svc[each.key].arn
  desired_count   = each.value.count
  launch_type     = "FARGATE"

  load_balancer {
    target_group_arn = aws_lb_target_group.svc[each.key].arn
    container_name   = each.key
    container_port   = each.value.port
  }

  network_configuration {
    subnets         = module.network.private_subnets
    security_groups = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_db_instance" "main" {
  identifier     = "${var.environment}-db"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
  username       = "app"
  password       = var.db_password
}
