# TFM014 must stay quiet: pools are separate resources and the default pool is sized to one
# node; Autopilot has no pools of its own; the last cluster's flag is not known statically.
variable "autopilot" {
  type = bool
}

resource "google_container_cluster" "web" {
  name                     = "web"
  location                 = "europe-west1"
  deletion_protection      = false
  remove_default_node_pool = true
  initial_node_count       = 1
}

resource "google_container_node_pool" "web" {
  name       = "web"
  cluster    = google_container_cluster.web.id
  node_count = 1
}

resource "google_container_cluster" "auto" {
  name                = "auto"
  location            = "europe-west1"
  deletion_protection = false
  enable_autopilot    = true
}

resource "google_container_cluster" "maybe" {
  name                     = "maybe"
  location                 = "europe-west1"
  deletion_protection      = false
  enable_autopilot         = var.autopilot
  remove_default_node_pool = true

  node_pool {
    name = "general"
  }
}
