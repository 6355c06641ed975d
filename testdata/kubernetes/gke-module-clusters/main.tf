# GKE clusters built by terraform-google-modules/kubernetes-engine, not downloaded: a Standard
# cluster's node pools come from its `node_pools` input (one named from a variable); an
# Autopilot submodule's nodes are GKE's own; a third cluster's pools are a variable with no
# value, so they cannot be drawn and a diagnostic says so.

variable "region" {
  type    = string
  default = "europe-west1"
}

variable "gpu_pool_name" {
  type    = string
  default = "inference"
}

variable "edge_pools" {
  type = list(map(string))
}

module "standard" {
  source  = "terraform-google-modules/kubernetes-engine/google//modules/private-cluster"
  version = "~> 36.0"

  project_id = "shop-prod"
  name       = "shop-standard"
  region     = var.region

  node_pools = [
    {
      name         = "general"
      machine_type = "e2-standard-4"
      min_count    = 1
      max_count    = 5
    },
    {
      name         = var.gpu_pool_name
      machine_type = "g2-standard-8"
      node_count   = 1
      spot         = true
    },
  ]
}

module "autopilot" {
  source  = "terraform-google-modules/kubernetes-engine/google//modules/beta-autopilot-private-cluster"
  version = "~> 36.0"

  project_id = "shop-prod"
  name       = "shop-autopilot"
  region     = var.region
}

module "edge" {
  source = "git::https://github.com/terraform-google-modules/terraform-google-kubernetes-engine.git?ref=v36.0.0"

  project_id = "shop-prod"
  name       = "shop-edge"
  region     = var.region
  node_pools = var.edge_pools
}

# Not a cluster: a helper submodule declares no node pool.
module "workload_identity" {
  source = "terraform-google-modules/kubernetes-engine/google//modules/workload-identity"

  project_id = "shop-prod"
  name       = "shop-app"
  namespace  = "shop"
}
