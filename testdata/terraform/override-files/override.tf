resource "aws_ecs_service" "api" {
  desired_count = 3

  load_balancer {
    target_group_arn = aws_lb_target_group.green.arn
    container_name   = "api"
    container_port   = local.port
  }
}

locals {
  family = "api-canary"
}
