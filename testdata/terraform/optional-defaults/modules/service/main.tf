variable "cluster" {
  type = string
}

variable "services" {
  type = map(object({
    image         = string
    desired_count = optional(number, 2)
    launch_type   = optional(string, "FARGATE")
    scaling = optional(object({
      min = optional(number, 1)
      max = optional(number, 3)
    }), {})
  }))
}

variable "platform_version" {
  type     = string
  default  = "1.4.0"
  nullable = false
}

variable "propagate_tags" {
  type    = string
  default = "SERVICE"
}

resource "aws_ecs_task_definition" "this" {
  for_each = var.services
  family   = each.key
  container_definitions = jsonencode([{
    name  = each.key
    image = each.value.image
  }])
}

resource "aws_ecs_service" "this" {
  for_each         = var.services
  name             = each.key
  cluster          = var.cluster
  task_definition  = aws_ecs_task_definition.this[each.key].arn
  desired_count    = each.value.desired_count
  launch_type      = each.value.launch_type
  platform_version = var.platform_version
  propagate_tags   = var.propagate_tags
  tags = {
    min_tasks = each.value.scaling.min
    max_tasks = each.value.scaling.max
    owner     = try(each.value.owner, "dropped by the type")
  }
}
