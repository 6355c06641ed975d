# A deployed stack: its state lives in a bucket, its providers are configured here.
terraform {
  backend "gcs" {
    bucket = "acme-tfstate"
    prefix = "live/gke"
  }
}

provider "google" {
  project = "acme-prod"
  region  = "europe-west1"
}

resource "google_container_cluster" "prod" {
  name     = "prod"
  location = "europe-west1"
}
