# Layer 2: the clusters, on the network of layer 1. The s3 backend's key is given at
# `terraform init -backend-config=prod.tfbackend`.
terraform {
  backend "s3" {
    bucket = "acme-terraform-state"
    region = "eu-west-1"
  }
}

data "terraform_remote_state" "network" {
  backend = "local"
  config = {
    path = "../network/state/network.tfstate"
  }
}

provider "aws" {
  region = data.terraform_remote_state.network.outputs.region
}

locals {
  cluster_name = "shop"
}

resource "aws_ecs_cluster" "main" {
  name = local.cluster_name
}

resource "aws_iam_role" "eks" {
  name               = "${local.cluster_name}-eks"
  assume_role_policy = "{}"
}

resource "aws_eks_cluster" "main" {
  name     = "${local.cluster_name}-k8s"
  role_arn = aws_iam_role.eks.arn

  vpc_config {
    subnet_ids = data.terraform_remote_state.network.outputs.private_subnet_ids
  }
}

output "ecs_cluster_arn" {
  value = aws_ecs_cluster.main.arn
}

output "ecs_cluster_name" {
  value = local.cluster_name
}

output "eks_endpoint" {
  value = aws_eks_cluster.main.endpoint
}

output "eks_ca" {
  value = aws_eks_cluster.main.certificate_authority[0].data
}

output "eks_name" {
  value = aws_eks_cluster.main.name
}
