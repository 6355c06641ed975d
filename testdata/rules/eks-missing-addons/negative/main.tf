# TFM003 must not fire: metrics-server and Karpenter come from Helm, logs from the CloudWatch observability add-on.
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

resource "aws_eks_addon" "observability" {
  cluster_name = aws_eks_cluster.main.name
  addon_name   = "amazon-cloudwatch-observability"
}

resource "helm_release" "metrics_server" {
  name       = "metrics-server"
  repository = "https://kubernetes-sigs.github.io/metrics-server/"
  chart      = "metrics-server"
  namespace  = "kube-system"
}

resource "helm_release" "karpenter" {
  name             = "karpenter"
  repository       = "oci://public.ecr.aws/karpenter"
  chart            = "karpenter"
  namespace        = "karpenter"
  create_namespace = true
}
