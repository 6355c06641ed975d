# `terraform init` has run: .terraform/modules/modules.json says where each module call's
# code is, so registry and git modules are followed like local ones.
resource "aws_ecs_cluster" "apps" {
  name = "apps"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.8.4"

  cluster_name    = "platform"
  cluster_version = "1.30"

  eks_managed_node_groups = {
    general = { instance_types = ["m6i.large"], min_size = 2 }
    gpu     = { instance_types = ["g5.xlarge"], min_size = 0 }
  }
}

module "api" {
  source = "git::https://git.example.com/acme/ecs-service.git?ref=v1.2.0"

  name        = "api"
  cluster_arn = aws_ecs_cluster.apps.arn
  image       = "registry.example.com/api:3.1.0"
}
