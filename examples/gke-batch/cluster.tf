resource "google_service_account" "nodes" {
  account_id   = "reports-gke-nodes"
  display_name = "Nodes of the reports cluster"
}

# Zonal cluster that keeps its default node pool: node_config here shapes that pool.
resource "google_container_cluster" "reports" {
  name     = "reports"
  location = "asia-northeast1-a"

  initial_node_count = var.default_pool_size

  node_config {
    machine_type    = "e2-standard-2"
    disk_size_gb    = 50
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]

    labels = {
      pool = "default"
    }
  }

  release_channel {
    channel = "STABLE"
  }
}

# Spot capacity reserved for batch Pods; the taint keeps regular workloads off it.
resource "google_container_node_pool" "batch" {
  name     = "batch"
  location = "asia-northeast1-a"
  cluster  = google_container_cluster.reports.name

  autoscaling {
    min_node_count = 0
    max_node_count = 5
  }

  node_config {
    machine_type    = "n2-highmem-4"
    spot            = true
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]

    labels = {
      workload = "batch"
    }

    taint {
      key    = "workload"
      value  = "batch"
      effect = "NO_SCHEDULE"
    }
  }
}
