# One of two GKE environments, each its own root module. The manifests in ../../manifests
# are applied to both by a pipeline the code does not show.
resource "google_container_cluster" "staging" {
  name                     = "shop-staging"
  location                 = "europe-west4"
  enable_autopilot         = true
  deletion_protection      = false
}
