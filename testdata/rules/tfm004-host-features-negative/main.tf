# The same workloads in team namespaces, but the profile selects fargate-* only: all run on
# the node group, where host networking, privileges, host ports and GPUs are fine.
# TFM004 must stay quiet.
resource "aws_eks_cluster" "main" {
  name     = "teams"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

resource "aws_eks_fargate_profile" "teams" {
  cluster_name           = aws_eks_cluster.main.name
  fargate_profile_name   = "teams"
  pod_execution_role_arn = "arn:aws:iam::123456789012:role/eks-fargate"
  subnet_ids             = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  selector {
    namespace = "fargate-*"
    labels = {
      compute = "fargate"
    }
  }
}
