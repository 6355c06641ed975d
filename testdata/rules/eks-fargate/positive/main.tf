# TFM004 must fire for the DaemonSet and the oversized Deployment in "apps" (selected by the Fargate profile), not for "ok".
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
