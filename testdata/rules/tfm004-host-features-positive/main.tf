# A profile selecting team namespaces by wildcard, only Pods labelled compute=fargate. TFM004
# must flag the host-network, privileged, host-port and GPU workloads it places on Fargate,
# and not the one without the label (it runs on the node group).
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
    namespace = "team-*"
    labels = {
      compute = "fargate"
    }
  }
}
