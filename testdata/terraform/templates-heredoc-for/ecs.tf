# ECS half of the templates-heredoc-for fixture (see main.tf).
resource "aws_ecs_cluster" "main" {
  name = "tmpl-cluster"
}

resource "aws_cloudwatch_log_group" "app" {
  name = "/ecs/${aws_ecs_cluster.main.name}/app"
}

resource "aws_ecs_task_definition" "app" {
  family = "tmpl-app"
  container_definitions = jsonencode([{
    name  = "app"
    image = "registry.example.com/app:1.0.0"
    logConfiguration = {
      logDriver = "awslogs"
      options   = { awslogs-group = aws_cloudwatch_log_group.app.name }
    }
  }])
}

resource "aws_ecs_service" "app" {
  name            = "${aws_ecs_cluster.main.name}-app"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn

  network_configuration {
    subnets         = [for s in aws_subnet.private : s.id]
    security_groups = [aws_security_group.tasks.id]
  }

  dynamic "load_balancer" {
    for_each = var.target_group_arns
    content {
      target_group_arn = load_balancer.value
      container_name   = "app"
      container_port   = 8080
    }
  }
}
