# Issue #14: the services come from a variable with no default, so tfmap cannot expand
# them statically; the plan (../plan.json) shows "web" and "worker". Each service must
# use its own task definition and be scaled by its own module instance, not every one.

variable "services" {
  type = map(object({
    image = string
  }))
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "svc" {
  for_each = var.services

  family = each.key
  container_definitions = jsonencode([{
    name      = each.key
    image     = each.value.image
    essential = true
  }])
}

resource "aws_ecs_service" "svc" {
  for_each = var.services

  name            = each.key
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.svc[each.key].arn
}

module "scaling" {
  source   = "./modules/scaling"
  for_each = var.services

  cluster_name = aws_ecs_cluster.main.name
  service_name = aws_ecs_service.svc[each.key].name
}
