# Under modules/, but `terraform init` was run here and its lock file committed: deployed.
resource "google_dns_record_set" "www" {
  name         = "www.acme.example."
  managed_zone = "acme"
  type         = "CNAME"
  ttl          = 300
  rrdatas      = ["web.acme.example."]
}
