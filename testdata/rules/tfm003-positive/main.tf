# TFM003 must fire three times: no metrics-server (a warning, since an HPA needs it), no
# cluster autoscaler, no log shipper. Only the VPC CNI add-on is installed.
resource "aws_eks_cluster" "main" {
  name     = "shop"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

resource "aws_eks_node_group" "general" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "general"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-node"
  subnet_ids      = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  scaling_config {
    min_size     = 2
    max_size     = 6
    desired_size = 3
  }
}

resource "aws_eks_addon" "vpc_cni" {
  cluster_name = aws_eks_cluster.main.name
  addon_name   = "vpc-cni"
}
