variable "name" {}
variable "cluster" {}

variable "queues" {
  default = { orders = 30, events = 60 }
}

module "queue" {
  source   = "../queue"
  for_each = var.queues
  name     = "${var.name}-${each.key}"
  timeout  = each.value
}

resource "aws_ecs_task_definition" "worker" {
  family = "${var.name}-worker"
  container_definitions = jsonencode([{
    name  = "worker"
    image = "example/${var.name}:1.0"
    environment = [for key, queue in module.queue : {
      name  = "QUEUE_${upper(key)}"
      value = queue.url
    }]
  }])
}

output "task_definition_arn" {
  value = aws_ecs_task_definition.worker.arn
}
