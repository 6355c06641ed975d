# TFM007 must fire on both clusters: neither writes deletion_protection down (null is the
# provider default too), so `terraform destroy` fails on google provider 5.0 and later.
resource "google_container_cluster" "preview" {
  name               = "preview"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "staging" {
  name                = "staging"
  location            = "europe-west1"
  enable_autopilot    = true
  deletion_protection = null
}
