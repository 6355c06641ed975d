# An EKS cluster built by the registry module, not downloaded (no `terraform init`): its
# node groups and Fargate profiles come only from the call's inputs. A map from a variable,
# a `for` expression over a local, an entry that is switched off and a profile whose
# selectors come from an unknown value each take the general path.

variable "node_groups" {
  type = map(any)
  default = {
    general = {
      instance_types = ["m6i.large"]
      min_size       = 2
      max_size       = 6
      desired_size   = 3
    }
    spot = {
      instance_types = ["m6i.large", "m5.large"]
      capacity_type  = "SPOT"
    }
  }
}

variable "batch_namespace" {
  type = string
}

locals {
  fargate_namespaces = ["payments", "team-*"]
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "orders"
  kubernetes_version = "1.33"

  addons = {
    coredns    = {}
    kube-proxy = {}
    vpc-cni    = { before_compute = true }
  }

  eks_managed_node_groups = var.node_groups

  self_managed_node_groups = {
    legacy = {
      name          = "legacy-workers"
      instance_type = "c5.xlarge"
      min_size      = 1
      max_size      = 2
    }
    retired = {
      create = false
    }
  }

  fargate_profiles = merge(
    { for ns in local.fargate_namespaces : ns => { selectors = [{ namespace = ns }] } },
    {
      batch = {
        name      = "batch"
        selectors = [{ namespace = var.batch_namespace }]
      }
    },
  )
}

provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
}
