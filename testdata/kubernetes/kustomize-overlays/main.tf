# One GKE cluster runs whichever overlay is applied to it.
resource "google_container_cluster" "shop" {
  name                = "shop"
  location            = "europe-west1"
  enable_autopilot    = true
  deletion_protection = true
}
