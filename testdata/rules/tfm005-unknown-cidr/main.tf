# TFM005 says it cannot check (info): the subnets' CIDRs come from variables with no value, so the
# number of addresses is unknown.
variable "subnet_a_cidr" {}
variable "subnet_b_cidr" {}

resource "aws_subnet" "a" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = var.subnet_a_cidr
}

resource "aws_subnet" "b" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = var.subnet_b_cidr
}

resource "aws_ecs_service" "app" {
  name          = "app"
  launch_type   = "FARGATE"
  desired_count = 500

  network_configuration {
    subnets = [aws_subnet.a.id, aws_subnet.b.id]
  }
}
