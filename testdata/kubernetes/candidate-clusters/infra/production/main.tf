resource "google_container_cluster" "production" {
  name                = "shop-production"
  location            = "europe-west4"
  enable_autopilot    = true
  deletion_protection = true
}
