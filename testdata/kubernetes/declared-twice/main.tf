# The web Service is declared by Terraform and again in YAML (a copy kept beside it): one
# object in Kubernetes, one load balancer. The api Service exists only in YAML.
resource "google_container_cluster" "main" {
  name                = "shop"
  location            = "europe-west3"
  enable_autopilot    = true
  deletion_protection = false
}

provider "kubernetes" {
  host = "https://${google_container_cluster.main.endpoint}"
}

resource "kubernetes_service_v1" "web" {
  metadata {
    name      = "web"
    namespace = "shop"
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
