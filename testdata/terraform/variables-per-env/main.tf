# Tests: variable values per environment. terraform.tfvars and a.auto.tfvars.json are read by
# themselves; envs/*.tfvars* only through --var-file (crates/tfmap/tests/variables.rs).
variable "env" {}

variable "image" {
  type    = string
  default = "registry.example.com/api:default"
}

variable "replicas" {
  type    = number
  default = 1
}

variable "subnets" {
  type    = list(string)
  default = ["subnet-default"]
}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_ecs_cluster" "main" {
  name = "${var.env}-cluster"
}

resource "aws_ecs_task_definition" "api" {
  family = "${var.env}-api"
  container_definitions = jsonencode([{
    name        = "api"
    image       = var.image
    essential   = true
    environment = [{ name = "DB_PASSWORD", value = var.db_password }]
  }])
}

resource "aws_ecs_service" "api" {
  name            = "${var.env}-api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = var.replicas

  network_configuration {
    subnets = var.subnets
  }
}
