# Nested module "task" (modules/app/modules/task): declares the task definition and outputs its ARN.
variable "family" {
  type = string
}

variable "image" {
  type = string
}

resource "aws_ecs_task_definition" "this" {
  family = var.family

  container_definitions = jsonencode([
    {
      name         = var.family
      image        = var.image
      memory       = 512
      essential    = true
      portMappings = [{ containerPort = 8080, hostPort = 0 }]
    }
  ])
}

output "arn" {
  value = aws_ecs_task_definition.this.arn
}
