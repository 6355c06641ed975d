# TFM012 must stay quiet: the record reads the address of an Ingress that reserves it; the
# unreserved Ingress is read by no DNS record; the third takes its annotations from a
# variable; the fourth is not GKE's (another class).
variable "annotations" {
  type = map(string)
}

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

resource "google_compute_global_address" "web" {
  name = "web"
}

resource "kubernetes_ingress_v1" "web" {
  wait_for_load_balancer = true
  metadata {
    name      = "web"
    namespace = "shop"
    annotations = {
      "kubernetes.io/ingress.global-static-ip-name" = google_compute_global_address.web.name
    }
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

resource "kubernetes_ingress_v1" "preview" {
  metadata {
    name      = "preview"
    namespace = "shop"
  }
  spec {
    default_backend {
      service {
        name = "preview"
        port {
          number = 80
        }
      }
    }
  }
}

resource "kubernetes_ingress_v1" "configurable" {
  wait_for_load_balancer = true
  metadata {
    name        = "configurable"
    namespace   = "shop"
    annotations = var.annotations
  }
  spec {
    default_backend {
      service {
        name = "configurable"
        port {
          number = 80
        }
      }
    }
  }
}

resource "google_dns_record_set" "configurable" {
  managed_zone = "shop"
  name         = "configurable.example.com."
  type         = "A"
  ttl          = 300
  rrdatas      = [kubernetes_ingress_v1.configurable.status[0].load_balancer[0].ingress[0].ip]
}

resource "kubernetes_ingress_v1" "nginx" {
  wait_for_load_balancer = true
  metadata {
    name      = "nginx"
    namespace = "shop"
  }
  spec {
    ingress_class_name = "nginx"
    default_backend {
      service {
        name = "nginx"
        port {
          number = 80
        }
      }
    }
  }
}

resource "google_dns_record_set" "nginx" {
  managed_zone = "shop"
  name         = "nginx.example.com."
  type         = "A"
  ttl          = 300
  rrdatas      = [kubernetes_ingress_v1.nginx.status[0].load_balancer[0].ingress[0].ip]
}
