provider "aws" {
  region = "eu-west-1"
}

resource "aws_ecs_cluster" "main" {
  name = "staging"
}

module "web" {
  source        = "../../modules/ecs-service"
  name          = "web"
  cluster_id    = aws_ecs_cluster.main.id
  image         = "registry.example.com/web:1.9.0-rc1"
  desired_count = 1
}
