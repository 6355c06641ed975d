# Child module "app": calls the nested module "task" and runs its task definition as a service.
variable "name" {
  type = string
}

variable "cluster_id" {
  type = string
}

variable "image" {
  type = string
}

module "task" {
  source = "./modules/task"

  family = var.name
  image  = var.image
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_id
  task_definition = module.task.arn
  desired_count   = 2
  launch_type     = "EC2"
}

output "service_name" {
  value = aws_ecs_service.this.name
}

output "task_definition_arn" {
  value = module.task.arn
}
