# Tests Terraform's evaluation rules that registry modules lean on:
# - a known condition evaluates only the branch it takes: no warning, no edge from the other;
# - an unknown condition may take either branch: both edges stay;
# - `resource.TYPE.NAME` names a managed resource;
# - a `for` over a map iterates its keys in lexical order;
# - `for_each` / `count` over a filtered `for` whose collection is only known after apply
#   are unknown (one node for every instance), never an error.

variable "create_role" {
  type    = bool
  default = false
}

variable "create_queue" {
  type    = bool
  default = true
}

variable "external_role_arn" {
  type    = string
  default = "arn:aws:iam::111122223333:role/external"
}

variable "extra_tags" {
  type    = map(string)
  default = {}
}

locals {
  enabled = true
  zones   = [for name, zone in { zulu = "z", alpha = "a", mike = "m" } : "${name}=${zone}"]
}

resource "aws_iam_role" "task" {
  count = var.create_role ? 1 : 0
  name  = "task"
}

resource "aws_sqs_queue" "jobs" {
  count = var.create_queue ? 1 : 0
  name  = "jobs"
}

resource "aws_ecs_cluster" "main" {
  name = "zones-${join("-", local.zones)}"
}

resource "aws_security_group" "tasks" {
  name = "tasks"
}

resource "aws_ecs_task_definition" "worker" {
  family        = "worker"
  task_role_arn = var.create_role ? aws_iam_role.task[0].arn : var.external_role_arn
  container_definitions = jsonencode([{
    name  = "worker"
    image = "worker:1.0"
    environment = [{
      name  = "QUEUE"
      value = var.create_queue ? aws_sqs_queue.jobs[0].url : "none"
    }]
  }])
}

resource "aws_ecs_service" "worker" {
  name            = "worker"
  cluster         = resource.aws_ecs_cluster.main.id
  task_definition = resource.aws_ecs_task_definition.worker.arn

  network_configuration {
    subnets         = ["subnet-1"]
    security_groups = [resource.aws_security_group.tasks.id]
  }
}

resource "aws_cloudwatch_log_group" "by_tag" {
  for_each = { for k, v in merge(var.extra_tags, aws_ecs_cluster.main.tags_all) : k => v if local.enabled && k != "Name" }
  name     = "/ecs/${each.key}"
}

resource "aws_cloudwatch_log_group" "either" {
  count = length([for id in aws_ecs_cluster.main.capacity_providers : id if local.enabled])
  name  = aws_ecs_cluster.main.name == "primary" ? aws_security_group.tasks.name : aws_sqs_queue.jobs[0].name
}
