# Tests: a syntax error in one file (broken.tf line 4) and HCL1-only syntax (legacy.tf line 7) must not hide the valid resources in this file.
resource "aws_ecs_cluster" "good" {
  name = "good-cluster"
}

resource "aws_ecs_task_definition" "good" {
  family = "good-web"
  container_definitions = jsonencode([
    { name = "web", image = "nginx:1.27", memory = 256, essential = true }
  ])
}

resource "aws_ecs_service" "good" {
  name            = "good-web"
  cluster         = aws_ecs_cluster.good.id
  task_definition = aws_ecs_task_definition.good.arn
  desired_count   = 2
}
