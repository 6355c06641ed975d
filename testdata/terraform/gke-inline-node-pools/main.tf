# Two Standard clusters: one declares its pools inline (GKE creates those instead of a
# default pool), the other keeps the default pool GKE creates with it.
resource "google_container_cluster" "inline" {
  name     = "batch"
  location = "us-east1-b"

  node_pool {
    name       = "general"
    node_count = 2

    node_config {
      machine_type = "e2-standard-4"
    }
  }

  node_pool {
    name = "spot"

    autoscaling {
      min_node_count = 0
      max_node_count = 10
    }

    node_config {
      machine_type = "n2-highmem-8"
      spot         = true
    }
  }
}

resource "google_container_cluster" "default_pool" {
  name               = "web"
  location           = "us-east1-c"
  initial_node_count = 3

  node_config {
    machine_type = "e2-medium"
  }
}
