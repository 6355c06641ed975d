resource "google_container_cluster" "main" {
  name     = "shop-prod"
  location = "europe-west1"
}
