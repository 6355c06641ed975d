# TFM003 must stay quiet on EKS Auto Mode: node autoscaling is built in, and its other
# defaults are not verified in the knowledge base, so no finding is made.
resource "aws_eks_cluster" "auto" {
  name     = "auto"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  bootstrap_self_managed_addons = false

  compute_config {
    enabled    = true
    node_pools = ["general-purpose"]
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
