# Tests: module inputs/outputs across two levels (root -> ./modules/app -> ./modules/task) and root resources/outputs using module outputs.
resource "aws_ecs_cluster" "main" {
  name = "checkout-cluster"
}

module "app" {
  source = "./modules/app"

  name       = "checkout"
  cluster_id = aws_ecs_cluster.main.id
  image      = "registry.example.com/checkout:3.2.0"
}

resource "aws_cloudwatch_metric_alarm" "app_cpu" {
  alarm_name          = "checkout-cpu-high"
  namespace           = "AWS/ECS"
  metric_name         = "CPUUtilization"
  statistic           = "Average"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  period              = 60
  evaluation_periods  = 3

  dimensions = {
    ClusterName = aws_ecs_cluster.main.name
    ServiceName = module.app.service_name
  }
}

output "service_name" {
  value = module.app.service_name
}

output "task_definition_arn" {
  value = module.app.task_definition_arn
}
