# Inline suppressions: one finding is hidden with a reason, one is not, and one comment hides
# nothing and must be reported as unused.
resource "aws_eks_cluster" "main" {
  name     = "shop"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

# tfmap:ignore[TFM005] there is no ECS service here: this comment is unused
resource "aws_eks_addon" "cni" {
  cluster_name = aws_eks_cluster.main.name
  addon_name   = "vpc-cni"
}
