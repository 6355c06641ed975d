resource "aws_ecs_task_definition" "t" {
  container_definitions = <<EOT
[{"name": "x"}]
