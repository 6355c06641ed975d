provider "aws" {
  region = "eu-west-1"
}

resource "aws_ecs_cluster" "main" {
  name = "prod"
}

module "alb" {
  source = "../../modules/alb"
  name   = "prod-public"
}

module "web" {
  source           = "../../modules/ecs-service"
  name             = "web"
  cluster_id       = aws_ecs_cluster.main.id
  image            = var.web_image
  desired_count    = 3
  target_group_arn = module.alb.target_group_arn
}

module "workers" {
  source     = "../../modules/ecs-service"
  for_each   = toset(["billing", "reports"])
  name       = each.key
  cluster_id = aws_ecs_cluster.main.id
  image      = "registry.example.com/${each.key}:2.4.0"
}
