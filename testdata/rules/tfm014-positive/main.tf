# TFM014 must fire: "batch" declares two pools inside the cluster (warning); "web" removes
# its default pool without sizing it (information).
resource "google_container_cluster" "batch" {
  name                = "batch"
  location            = "europe-west1-b"
  deletion_protection = false

  node_pool {
    name       = "general"
    node_count = 2
  }

  node_pool {
    name = "spot"
    node_config {
      spot = true
    }
  }
}

resource "google_container_cluster" "web" {
  name                     = "web"
  location                 = "europe-west1"
  deletion_protection      = false
  remove_default_node_pool = true
}

resource "google_container_node_pool" "web" {
  name       = "web"
  cluster    = google_container_cluster.web.id
  node_count = 1
}
