resource "google_container_cluster" "main" {
  name     = "shop-dev"
  location = "europe-west1"
}
