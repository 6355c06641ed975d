# TFM005 must fire for both services: each alone fits, but together, with a deployment's
# surge (200 % by default) and the load balancer's 8 addresses per subnet, they do not.
# Two /25 subnets: 2 x (128 - 5) = 246 usable, 16 kept for the ALB, 230 free; the
# services may take 2 x (60 x 2) = 240.
resource "aws_subnet" "a" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.1.0/25"
}

resource "aws_subnet" "b" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.1.128/25"
}

resource "aws_lb" "public" {
  name    = "public"
  subnets = [aws_subnet.a.id, aws_subnet.b.id]
}

resource "aws_ecs_service" "orders" {
  name          = "orders"
  launch_type   = "FARGATE"
  desired_count = 60

  network_configuration {
    subnets = [aws_subnet.a.id, aws_subnet.b.id]
  }
}

resource "aws_ecs_service" "payments" {
  name          = "payments"
  launch_type   = "FARGATE"
  desired_count = 60

  network_configuration {
    subnets = [aws_subnet.a.id, aws_subnet.b.id]
  }
}

# In other subnets, with a smaller surge: it fits (55 x 1.5 = 82 of 123 free).
resource "aws_subnet" "c" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.2.0/25"
}

resource "aws_ecs_service" "reports" {
  name                       = "reports"
  launch_type                = "FARGATE"
  desired_count              = 55
  deployment_maximum_percent = 150

  network_configuration {
    subnets = [aws_subnet.c.id]
  }
}
