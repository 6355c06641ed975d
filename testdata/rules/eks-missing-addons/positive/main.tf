# TFM003 must fire three times on aws_eks_cluster.main: no metrics-server (warning, an HPA needs it), no autoscaler, no log shipper.
locals {
  private_subnet_ids = ["subnet-0b7d2e41c9a35f018", "subnet-06f3a9c2d1e84b7a5"]
}

resource "aws_eks_cluster" "main" {
  name     = "storefront"
  role_arn = "arn:aws:iam::210987654321:role/storefront-eks-cluster"
  version  = "1.31"

  vpc_config {
    subnet_ids              = local.private_subnet_ids
    endpoint_private_access = true
  }
}

resource "aws_eks_node_group" "general" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "general"
  node_role_arn   = "arn:aws:iam::210987654321:role/storefront-eks-node"
  subnet_ids      = local.private_subnet_ids
  instance_types  = ["m6i.large"]

  scaling_config {
    min_size     = 2
    desired_size = 3
    max_size     = 8
  }
}

resource "aws_eks_addon" "vpc_cni" {
  cluster_name = aws_eks_cluster.main.name
  addon_name   = "vpc-cni"
}
