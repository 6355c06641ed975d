# Shared module (not a root): one task definition + one service, sized by its callers.
variable "name" {
  type = string
}

variable "cluster_id" {
  type = string
}

variable "image" {
  type = string
}

variable "cpu" {
  type = number
}

variable "memory" {
  type = number
}

variable "desired_count" {
  type = number
}

resource "aws_ecs_task_definition" "this" {
  family = var.name
  cpu    = var.cpu
  memory = var.memory

  container_definitions = jsonencode([
    { name = "api", image = var.image, essential = true, portMappings = [{ containerPort = 8080 }] }
  ])
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_id
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
}

output "service_name" {
  value = aws_ecs_service.this.name
}
