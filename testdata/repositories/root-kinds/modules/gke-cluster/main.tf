# A module for callers to use; nothing in this repository calls it, so nothing is deployed
# from it as it is.
variable "name" {
  type = string
}

resource "google_container_cluster" "this" {
  name     = var.name
  location = "europe-west1"
}
