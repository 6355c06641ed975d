# Two GKE clusters, a kubernetes provider configuration for each, and one local module
# deployed twice: once on each cluster, chosen by the module call's `providers` map (the
# second call writes it as Terraform 0.11 did, quoted). The Services' and Ingresses'
# load balancers belong to the cluster the map names, never to the default provider's.
resource "google_container_cluster" "east" {
  name               = "east"
  location           = "us-east1"
  initial_node_count = 1
}

resource "google_container_cluster" "west" {
  name               = "west"
  location           = "us-west1"
  initial_node_count = 1
}

data "google_client_config" "current" {}

# The default configuration: east. Nothing below uses it directly.
provider "kubernetes" {
  host                   = "https://${google_container_cluster.east.endpoint}"
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = base64decode(google_container_cluster.east.master_auth[0].cluster_ca_certificate)
}

provider "kubernetes" {
  alias                  = "east"
  host                   = "https://${google_container_cluster.east.endpoint}"
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = base64decode(google_container_cluster.east.master_auth[0].cluster_ca_certificate)
}

provider "kubernetes" {
  alias                  = "west"
  host                   = "https://${google_container_cluster.west.endpoint}"
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = base64decode(google_container_cluster.west.master_auth[0].cluster_ca_certificate)
}

module "shop_east" {
  source = "./app"
  name   = "shop-east"

  providers = {
    kubernetes = kubernetes.east
  }
}

module "shop_west" {
  source = "./app"
  name   = "shop-west"

  providers = {
    "kubernetes" = "kubernetes.west"
  }
}
