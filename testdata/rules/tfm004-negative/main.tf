# TFM004 must stay quiet: the DaemonSet runs in a namespace the Fargate profile does not
# select, and the Deployment in "apps" fits a Fargate size.
resource "aws_eks_cluster" "main" {
  name     = "fargate"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

resource "aws_eks_fargate_profile" "apps" {
  cluster_name           = aws_eks_cluster.main.name
  fargate_profile_name   = "apps"
  pod_execution_role_arn = "arn:aws:iam::123456789012:role/eks-fargate"
  subnet_ids             = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  selector {
    namespace = "apps"
  }
}
