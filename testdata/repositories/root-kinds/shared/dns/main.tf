# A module that expects its caller to pass a provider configuration: a library.
terraform {
  required_providers {
    google = {
      source                = "hashicorp/google"
      configuration_aliases = [google.dns]
    }
  }
}

resource "google_dns_managed_zone" "zone" {
  provider = google.dns
  name     = "acme"
  dns_name = "acme.example."
}
