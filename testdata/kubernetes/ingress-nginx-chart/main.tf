# GKE cluster with ingress-nginx installed by Helm: the chart's controller Service is a
# LoadBalancer by default, so GKE builds a load balancer nobody declares. The second
# release sets the Service to NodePort (no load balancer); the third cannot be known.

resource "google_container_cluster" "shop" {
  name                = "shop"
  location            = "europe-west1"
  initial_node_count  = 1
  deletion_protection = false
}

data "google_client_config" "default" {}

provider "helm" {
  kubernetes {
    host                   = "https://${google_container_cluster.shop.endpoint}"
    token                  = data.google_client_config.default.access_token
    cluster_ca_certificate = base64decode(google_container_cluster.shop.master_auth[0].cluster_ca_certificate)
  }
}

resource "helm_release" "edge" {
  name             = "edge"
  repository       = "https://kubernetes.github.io/ingress-nginx"
  chart            = "ingress-nginx"
  namespace        = "ingress"
  create_namespace = true

  values = [<<-YAML
    controller:
      service:
        annotations:
          cloud.google.com/l4-rbs: enabled
  YAML
  ]
}

resource "helm_release" "internal_only" {
  name      = "ingress-nginx"
  chart     = "ingress-nginx/ingress-nginx"
  namespace = "internal"

  set {
    name  = "controller.service.type"
    value = "NodePort"
  }
}

variable "service_type" {
  type = string
}

resource "helm_release" "chosen_elsewhere" {
  name      = "chosen"
  chart     = "ingress-nginx"
  namespace = "chosen"

  set {
    name  = "controller.service.type"
    value = var.service_type
  }
}
