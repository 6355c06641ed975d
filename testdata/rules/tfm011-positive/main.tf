resource "kubernetes_ingress_v1" "api" {
  metadata {
    name      = "api"
    namespace = "shop"
  }
  spec {
    ingress_class_name = "alb"
    default_backend {
      service {
        name = "api"
        port {
          number = 8080
        }
      }
    }
  }
}
