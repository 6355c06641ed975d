# TFM006 must fire (info) on each of the three ECS services: orders, payments and catalog each sit behind an ALB of their own.
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

resource "aws_lb" "orders" {
  name               = "orders"
  load_balancer_type = "application"
  subnets            = local.public_subnets
}

resource "aws_lb_listener" "orders" {
  load_balancer_arn = aws_lb.orders.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.orders.arn
  }
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

resource "aws_lb" "payments" {
  name               = "payments"
  load_balancer_type = "application"
  subnets            = local.public_subnets
}

resource "aws_lb_listener" "payments" {
  load_balancer_arn = aws_lb.payments.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.payments.arn
  }
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

resource "aws_lb" "catalog" {
  name               = "catalog"
  load_balancer_type = "application"
  subnets            = local.public_subnets
}

resource "aws_lb_listener" "catalog" {
  load_balancer_arn = aws_lb.catalog.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.catalog.arn
  }
}
