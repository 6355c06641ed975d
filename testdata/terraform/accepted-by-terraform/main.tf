# Tests: code Terraform accepts that a stricter reading would refuse; none of it may give an
# error diagnostic.
# - providers_override.tf declares a default (unaliased) provider no other file declares:
#   Terraform takes it as the override of an empty configuration.
# - module.identity.role_arns is not an output of the module: Terraform checks only that
#   the call exists before evaluation, so reading it is an evaluation error, which try()
#   catches; the task role falls back to the output that exists.
# - local.images continues a `for` expression's value over several lines, which Terraform
#   reads as one expression (newlines do not count inside `for`).
# - terraform.tfvars writes a key twice in one object: Terraform keeps the last value, so
#   the image is api:1.0.0.
variable "tags" {
  type = map(string)
}

locals {
  images = {
    for name, tag in var.tags : name =>
    tag == "latest"
    ? "registry.example.com/${name}:stable"

    : "registry.example.com/${name}:${tag}"
  }
}

module "identity" {
  source = "./modules/identity"
  name   = "api"
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "api" {
  family        = "api"
  task_role_arn = try(module.identity.role_arns["api"], module.identity.role_arn)
  container_definitions = jsonencode([
    { name = "api", image = local.images["api"], essential = true }
  ])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
}
