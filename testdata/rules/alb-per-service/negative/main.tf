# TFM006 must not fire: orders, payments and catalog share one ALB; path rules route /orders/* and /payments/*, catalog is the default.
locals {
  vpc_id         = "vpc-0d2c7a91e5b34f806"
  public_subnets = ["subnet-0f18a6c3b9e2d4757", "subnet-03b9e5d7a1c2f8064"]
}

resource "aws_ecs_cluster" "shop" {
  name = "shop"
}

resource "aws_ecs_service" "orders" {
  name            = "orders"
  cluster         = aws_ecs_cluster.shop.id
  task_definition = "orders"
  desired_count   = 2

  load_balancer {
    target_group_arn = aws_lb_target_group.orders.arn
    container_name   = "orders"
    container_port   = 8080
  }
}

resource "aws_lb_target_group" "orders" {
  name     = "orders"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = local.vpc_id
}

resource "aws_ecs_service" "payments" {
  name            = "payments"
  cluster         = aws_ecs_cluster.shop.id
  task_definition = "payments"
  desired_count   = 2

  load_balancer {
    target_group_arn = aws_lb_target_group.payments.arn
    container_name   = "payments"
    container_port   = 8080
  }
}

resource "aws_lb_target_group" "payments" {
  name     = "payments"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = local.vpc_id
}

resource "aws_ecs_service" "catalog" {
  name            = "catalog"
  cluster         = aws_ecs_cluster.shop.id
  task_definition = "catalog"
  desired_count   = 2

  load_balancer {
    target_group_arn = aws_lb_target_group.catalog.arn
    container_name   = "catalog"
    container_port   = 8080
  }
}

resource "aws_lb_target_group" "catalog" {
  name     = "catalog"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = local.vpc_id
}

resource "aws_lb" "shop" {
  name               = "shop"
  load_balancer_type = "application"
  subnets            = local.public_subnets
}

resource "aws_lb_listener" "shop" {
  load_balancer_arn = aws_lb.shop.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.catalog.arn
  }
}

resource "aws_lb_listener_rule" "orders" {
  listener_arn = aws_lb_listener.shop.arn
  priority     = 10

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.orders.arn
  }

  condition {
    path_pattern {
      values = ["/orders/*"]
    }
  }
}

resource "aws_lb_listener_rule" "payments" {
  listener_arn = aws_lb_listener.shop.arn
  priority     = 20

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.payments.arn
  }

  condition {
    path_pattern {
      values = ["/payments/*"]
    }
  }
}
