# TFM014 must stay quiet: pools are separate resources and the default pool is sized to one
# node; Autopilot has no pools of its own; "maybe" has a mode not known statically; "shaped"
# sizes its default pool inline and ignores changes to it.
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

# The inline pool shapes the default pool at creation only: changes to it are ignored.
resource "google_container_cluster" "shaped" {
  name                     = "shaped"
  location                 = "europe-west1"
  deletion_protection      = false
  remove_default_node_pool = true

  node_pool {
    name               = "default-pool"
    initial_node_count = 1
  }

  lifecycle {
    ignore_changes = [node_pool, initial_node_count]
  }
}
