# Tests: container_definitions read with file() from the root dir and, inside a local module, relative to that module's path.module.
resource "aws_ecs_cluster" "main" {
  name = "files-cluster"
}

resource "aws_ecs_task_definition" "web" {
  family                = "files-web"
  container_definitions = file("${path.module}/containers.json")
}

resource "aws_ecs_service" "web" {
  name            = "files-web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 2
}

module "worker" {
  source = "./modules/worker"

  cluster_id = aws_ecs_cluster.main.id
}
