# An EKS Auto Mode cluster with its load balancing on: Auto Mode builds the ALB of an
# Ingress whose class names its controller, and an NLB for a Service of type LoadBalancer.
# No AWS Load Balancer Controller is installed, and none is needed.
resource "aws_eks_cluster" "auto" {
  name     = "auto"
  role_arn = "arn:aws:iam::123456789012:role/eks-auto"

  bootstrap_self_managed_addons = false

  compute_config {
    enabled       = true
    node_pools    = ["general-purpose"]
    node_role_arn = "arn:aws:iam::123456789012:role/eks-auto-node"
  }

  kubernetes_network_config {
    elastic_load_balancing {
      enabled = true
    }
  }

  storage_config {
    block_storage {
      enabled = true
    }
  }

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}
