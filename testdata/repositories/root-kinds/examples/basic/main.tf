# An example of the module's use: a fixture, deployed only by whoever runs the example.
provider "google" {
  project = "example-project"
}

resource "google_container_cluster" "example" {
  name     = "example"
  location = "us-central1"
}
