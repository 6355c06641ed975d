# EKS clusters built by the registry module (not downloaded) that TFM003 must leave alone:
# "orders" installs metrics-server and log shipping as EKS add-ons (the v20 input
# `cluster_addons`, one entry renamed by `name`) and Karpenter with Helm on that cluster;
# "auto" runs in EKS Auto Mode; "dynamic" takes its add-ons from a variable with no value,
# so what it installs cannot be told.
module "orders" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "orders"
  cluster_addons = {
    amazon-cloudwatch-observability = {}
    metrics = {
      name = "metrics-server"
    }
  }
}

provider "helm" {
  kubernetes {
    host = module.orders.cluster_endpoint
  }
}

resource "helm_release" "karpenter" {
  name       = "karpenter"
  repository = "oci://public.ecr.aws/karpenter"
  chart      = "karpenter"
  namespace  = "kube-system"
}

module "auto" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name = "auto"
  compute_config = {
    enabled    = true
    node_pools = ["general-purpose"]
  }
}

variable "addons" {
  type = map(any)
}

module "dynamic" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name   = "dynamic"
  addons = var.addons
}
