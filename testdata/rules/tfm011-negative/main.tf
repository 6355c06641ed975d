variable "ingress_annotations" {
  type = map(string)
}

resource "kubernetes_ingress_v1" "api" {
  metadata {
    name        = "api"
    namespace   = "shop"
    annotations = var.ingress_annotations
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
