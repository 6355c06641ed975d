# TFM005 must not fire: two /24 subnets hold 512 addresses, more than the 40 tasks the service may scale to.
resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-central-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "eu-central-1b"
}

resource "aws_ecs_cluster" "main" {
  name = "render-farm"
}

resource "aws_ecs_task_definition" "worker" {
  family                   = "thumbnailer"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = "arn:aws:iam::456789012345:role/thumbnailer-execution"
  container_definitions = jsonencode([{
    name      = "thumbnailer"
    image     = "456789012345.dkr.ecr.eu-central-1.amazonaws.com/thumbnailer:2.7.0"
    essential = true
  }])
}

resource "aws_ecs_service" "app" {
  name            = "thumbnailer"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.worker.arn
  launch_type     = "FARGATE"
  desired_count   = 20

  network_configuration {
    subnets          = [aws_subnet.a.id, aws_subnet.b.id]
    assign_public_ip = false
  }
}

resource "aws_appautoscaling_target" "app" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.app.name}"
  min_capacity       = 20
  max_capacity       = 40
}
