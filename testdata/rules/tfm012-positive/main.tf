# TFM012 must fire on both Ingresses: a DNS record reads each one's address, and neither
# names a reserved address (the internal one would need regional-static-ip-name).
resource "google_container_cluster" "main" {
  name                = "main"
  location            = "europe-west1"
  initial_node_count  = 1
  deletion_protection = false
}

data "google_client_config" "current" {}

provider "kubernetes" {
  host                   = "https://${google_container_cluster.main.endpoint}"
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = base64decode(google_container_cluster.main.master_auth[0].cluster_ca_certificate)
}

resource "kubernetes_ingress_v1" "web" {
  wait_for_load_balancer = true
  metadata {
    name      = "web"
    namespace = "shop"
  }
  spec {
    default_backend {
      service {
        name = "web"
        port {
          number = 80
        }
      }
    }
  }
}

resource "google_dns_record_set" "web" {
  managed_zone = "shop"
  name         = "shop.example.com."
  type         = "A"
  ttl          = 300
  rrdatas      = [kubernetes_ingress_v1.web.status[0].load_balancer[0].ingress[0].ip]
}

resource "kubernetes_ingress_v1" "backoffice" {
  wait_for_load_balancer = true
  metadata {
    name      = "backoffice"
    namespace = "shop"
    annotations = {
      "kubernetes.io/ingress.class" = "gce-internal"
    }
  }
  spec {
    default_backend {
      service {
        name = "backoffice"
        port {
          number = 80
        }
      }
    }
  }
}

resource "google_dns_record_set" "backoffice" {
  managed_zone = "internal"
  name         = "backoffice.internal.example.com."
  type         = "A"
  ttl          = 300
  rrdatas      = [kubernetes_ingress_v1.backoffice.status[0].load_balancer[0].ingress[0].ip]
}
