# GKE repo marker for the LB-variant fixture: one zonal VPC-native cluster, a reserved global
# address used by Ingress "ext-default", and a Terraform LB that consumes the standalone NEG.

provider "google" {
  project = "lbvariants-test"
  region  = "asia-northeast1"
}

resource "google_container_cluster" "main" {
  name               = "lb-variants"
  location           = "asia-northeast1-a"
  initial_node_count = 2
  networking_mode    = "VPC_NATIVE"

  ip_allocation_policy {}

  deletion_protection = false
}

resource "google_compute_global_address" "web" {
  name = "web-ip"
}

# Standalone NEG created by the NEG controller from Service "metrics" (name fixed by its annotation).
data "google_compute_network_endpoint_group" "metrics" {
  name = "metrics-neg"
  zone = "asia-northeast1-a"
}

resource "google_compute_health_check" "metrics" {
  name = "metrics-hc"

  http_health_check {
    port_specification = "USE_SERVING_PORT"
    request_path       = "/metrics"
  }
}

resource "google_compute_backend_service" "metrics" {
  name                  = "metrics"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  health_checks         = [google_compute_health_check.metrics.id]

  backend {
    group                 = data.google_compute_network_endpoint_group.metrics.id
    balancing_mode        = "RATE"
    max_rate_per_endpoint = 100
  }
}
