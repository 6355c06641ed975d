# The state before the change: an ECS service and a GKE cluster running one Deployment.
resource "aws_ecs_cluster" "main" {
  name = "shop"
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name  = "api"
    image = "registry.example.com/shop/api:1.4.0"
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"
  desired_count   = 2
}

resource "google_container_cluster" "web" {
  name                     = "web"
  location                 = "europe-west1"
  remove_default_node_pool = true
  initial_node_count       = 1
}
