# A GKE cluster and an EKS cluster: YAML beside them could run on either, so no platform's
# controllers can be assumed.
resource "google_container_cluster" "web" {
  name                = "web"
  location            = "us-central1"
  enable_autopilot    = true
  deletion_protection = false
}
