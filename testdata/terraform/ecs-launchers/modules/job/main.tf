variable "family" {
  type = string
}

resource "aws_ecs_task_definition" "this" {
  family                = var.family
  container_definitions = jsonencode([{ name = var.family, image = "example/${var.family}:1" }])
}

output "task_definition_arn" {
  value = aws_ecs_task_definition.this.arn
}
