variable "name" {}
variable "cluster_arn" {}
variable "image" {}

resource "aws_ecs_task_definition" "this" {
  family                = var.name
  container_definitions = jsonencode([{ name = var.name, image = var.image, essential = true }])
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = 2
}
