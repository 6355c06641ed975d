# TFM004 must not fire: the DaemonSet runs in "system", which the profile does not select, and the "apps" Deployment fits Fargate.
locals {
  private_subnet_ids = ["subnet-0e41b8d2a7c6f3019", "subnet-0a95c3e7b2d1f4680"]
}

resource "aws_eks_cluster" "main" {
  name     = "ledger"
  role_arn = "arn:aws:iam::345678901234:role/ledger-eks-cluster"
  version  = "1.31"

  vpc_config {
    subnet_ids = local.private_subnet_ids
  }
}

resource "aws_eks_fargate_profile" "apps" {
  cluster_name           = aws_eks_cluster.main.name
  fargate_profile_name   = "apps"
  pod_execution_role_arn = "arn:aws:iam::345678901234:role/ledger-fargate-pods"
  subnet_ids             = local.private_subnet_ids

  selector {
    namespace = "apps"
  }
}

resource "aws_eks_node_group" "system" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "system"
  node_role_arn   = "arn:aws:iam::345678901234:role/ledger-eks-node"
  subnet_ids      = local.private_subnet_ids

  scaling_config {
    min_size     = 2
    desired_size = 2
    max_size     = 4
  }
}
