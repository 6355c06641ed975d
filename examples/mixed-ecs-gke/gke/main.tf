# Autopilot: GKE creates and scales the nodes itself; no node pool is declared.
resource "google_container_cluster" "catalog" {
  name     = "catalog"
  location = var.region

  enable_autopilot = true

  release_channel {
    channel = "REGULAR"
  }

  deletion_protection = false
}
