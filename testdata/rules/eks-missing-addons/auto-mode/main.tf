# TFM003 must not fire (no cluster-autoscaling finding): EKS Auto Mode builds node autoscaling in, though no add-on is declared.
resource "aws_eks_cluster" "auto" {
  name     = "storefront-auto"
  role_arn = "arn:aws:iam::210987654321:role/storefront-eks-auto-cluster"
  version  = "1.31"

  bootstrap_self_managed_addons = false

  access_config {
    authentication_mode = "API"
  }

  compute_config {
    enabled       = true
    node_pools    = ["general-purpose"]
    node_role_arn = "arn:aws:iam::210987654321:role/storefront-eks-auto-node"
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
    subnet_ids = ["subnet-0b7d2e41c9a35f018", "subnet-06f3a9c2d1e84b7a5"]
  }
}
