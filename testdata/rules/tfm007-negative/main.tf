# TFM007 must stay quiet: each cluster states its choice, or takes it from a variable tfmap
# cannot evaluate; a data source and a module call are not clusters this code creates.
variable "protect" {
  type = bool
}

resource "google_container_cluster" "ephemeral" {
  name                = "ephemeral"
  location            = "europe-west1"
  initial_node_count  = 1
  deletion_protection = false
}

resource "google_container_cluster" "production" {
  name                = "production"
  location            = "europe-west1"
  initial_node_count  = 1
  deletion_protection = true
}

resource "google_container_cluster" "configurable" {
  name                = "configurable"
  location            = "europe-west1"
  initial_node_count  = 1
  deletion_protection = var.protect
}

data "google_container_cluster" "shared" {
  name     = "shared"
  location = "europe-west1"
}

module "gke" {
  source     = "terraform-google-modules/kubernetes-engine/google"
  version    = "~> 30.0"
  project_id = "demo"
  name       = "from-module"
  region     = "europe-west1"
  network    = "default"
  subnetwork = "default"
}
