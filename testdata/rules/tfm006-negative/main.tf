# TFM006 must stay quiet: the three services share one ALB through listener rules.

resource "aws_ecs_service" "orders" {
  name            = "orders"
  cluster         = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/shop"
  task_definition = "orders:1"
  desired_count   = 2

  load_balancer {
    target_group_arn = aws_lb_target_group.orders.arn
    container_name   = "orders"
    container_port   = 8080
  }
}

resource "aws_lb_target_group" "orders" {
  name        = "orders"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_ecs_service" "payments" {
  name            = "payments"
  cluster         = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/shop"
  task_definition = "payments:1"
  desired_count   = 2

  load_balancer {
    target_group_arn = aws_lb_target_group.payments.arn
    container_name   = "payments"
    container_port   = 8080
  }
}

resource "aws_lb_target_group" "payments" {
  name        = "payments"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_ecs_service" "catalog" {
  name            = "catalog"
  cluster         = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/shop"
  task_definition = "catalog:1"
  desired_count   = 2

  load_balancer {
    target_group_arn = aws_lb_target_group.catalog.arn
    container_name   = "catalog"
    container_port   = 8080
  }
}

resource "aws_lb_target_group" "catalog" {
  name        = "catalog"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_lb" "shared" {
  name               = "shared"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

resource "aws_lb_listener" "shared" {
  load_balancer_arn = aws_lb.shared.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.catalog.arn
  }
}

resource "aws_lb_listener_rule" "orders" {
  listener_arn = aws_lb_listener.shared.arn
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
  listener_arn = aws_lb_listener.shared.arn
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
