# Kubernetes objects declared in Terraform (old and _v1 resource names, kubernetes_manifest),
# tied to clusters through provider blocks, one of them aliased. The legacy cluster turns the
# HttpLoadBalancing add-on off, so its Ingress creates no load balancer.
resource "google_container_cluster" "primary" {
  name                     = "primary"
  location                 = "europe-west1"
  remove_default_node_pool = true
  initial_node_count       = 1
}

resource "google_container_cluster" "legacy" {
  name               = "legacy"
  location           = "europe-west1-b"
  initial_node_count = 2

  addons_config {
    http_load_balancing {
      disabled = true
    }
  }
}

data "google_client_config" "current" {}

provider "kubernetes" {
  host                   = "https://${google_container_cluster.primary.endpoint}"
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = base64decode(google_container_cluster.primary.master_auth[0].cluster_ca_certificate)
}

provider "kubernetes" {
  alias                  = "legacy"
  host                   = "https://${google_container_cluster.legacy.endpoint}"
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = base64decode(google_container_cluster.legacy.master_auth[0].cluster_ca_certificate)
}

resource "kubernetes_namespace" "shop" {
  metadata {
    name = "shop"
  }
}

resource "kubernetes_config_map" "web" {
  metadata {
    name      = "web-config"
    namespace = kubernetes_namespace.shop.metadata[0].name
  }
  data = {
    LOG_LEVEL = "info"
  }
}

resource "kubernetes_deployment" "web" {
  metadata {
    name      = "web"
    namespace = kubernetes_namespace.shop.metadata[0].name
  }
  spec {
    replicas = 2
    selector {
      match_labels = { app = "web" }
    }
    template {
      metadata {
        labels = { app = "web" }
      }
      spec {
        container {
          name  = "web"
          image = "europe-docker.pkg.dev/shop/web:2.0.0"
          env_from {
            config_map_ref {
              name = kubernetes_config_map.web.metadata[0].name
            }
          }
        }
      }
    }
  }
}

resource "kubernetes_service_v1" "web" {
  metadata {
    name      = "web"
    namespace = kubernetes_namespace.shop.metadata[0].name
  }
  spec {
    type     = "LoadBalancer"
    selector = { app = "web" }
    port {
      port        = 80
      target_port = 8080
    }
  }
}

resource "kubernetes_ingress_v1" "web" {
  metadata {
    name      = "web"
    namespace = kubernetes_namespace.shop.metadata[0].name
    annotations = {
      "networking.gke.io/managed-certificates" = "web-cert"
    }
  }
  spec {
    default_backend {
      service {
        name = kubernetes_service_v1.web.metadata[0].name
        port {
          number = 80
        }
      }
    }
  }
}

resource "kubernetes_manifest" "web_cert" {
  manifest = {
    apiVersion = "networking.gke.io/v1"
    kind       = "ManagedCertificate"
    metadata = {
      name      = "web-cert"
      namespace = "shop"
    }
    spec = {
      domains = ["shop.example.com"]
    }
  }
}

resource "kubernetes_horizontal_pod_autoscaler_v2" "web" {
  metadata {
    name      = "web"
    namespace = kubernetes_namespace.shop.metadata[0].name
  }
  spec {
    min_replicas = 2
    max_replicas = 10
    scale_target_ref {
      api_version = "apps/v1"
      kind        = "Deployment"
      name        = kubernetes_deployment.web.metadata[0].name
    }
  }
}

resource "kubernetes_cron_job_v1" "cleanup" {
  metadata {
    name      = "cleanup"
    namespace = kubernetes_namespace.shop.metadata[0].name
  }
  spec {
    schedule = "*/30 * * * *"
    job_template {
      metadata {}
      spec {
        template {
          metadata {}
          spec {
            container {
              name  = "cleanup"
              image = "europe-docker.pkg.dev/shop/cleanup:1.0.0"
            }
          }
        }
      }
    }
  }
}

resource "kubernetes_ingress_v1" "legacy" {
  provider = kubernetes.legacy
  metadata {
    name = "legacy"
  }
  spec {
    default_backend {
      service {
        name = "legacy-web"
        port {
          number = 80
        }
      }
    }
  }
}
