# The application: a Deployment behind a LoadBalancer Service, on whichever cluster the
# caller passes as `kubernetes`. Its edge inherits that configuration (no `providers` map);
# its ops module receives it under an alias.
terraform {
  required_providers {
    kubernetes = {
      source = "hashicorp/kubernetes"
    }
  }
}

variable "name" {
  type = string
}

resource "kubernetes_deployment_v1" "web" {
  metadata {
    name = var.name
  }
  spec {
    selector {
      match_labels = { app = var.name }
    }
    template {
      metadata {
        labels = { app = var.name }
      }
      spec {
        container {
          name  = "web"
          image = "us-docker.pkg.dev/shop/web:1.4.0"
        }
      }
    }
  }
}

resource "kubernetes_service_v1" "web" {
  metadata {
    name = var.name
  }
  spec {
    type     = "LoadBalancer"
    selector = { app = var.name }
    port {
      port        = 80
      target_port = 8080
    }
  }
}

module "edge" {
  source  = "../edge"
  service = var.name
}

module "ops" {
  source = "../ops"

  providers = {
    kubernetes.target = kubernetes
  }
}
