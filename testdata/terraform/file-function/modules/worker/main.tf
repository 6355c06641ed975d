# Module "worker": its task definition reads task.json from this module's directory.
variable "cluster_id" {
  type = string
}

resource "aws_ecs_task_definition" "this" {
  family                = "files-worker"
  container_definitions = file("${path.module}/task.json")
}

resource "aws_ecs_service" "this" {
  name            = "files-worker"
  cluster         = var.cluster_id
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = 1
}
