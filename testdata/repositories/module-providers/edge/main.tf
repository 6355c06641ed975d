# An Ingress in front of the application's Service. Called without a `providers` map, it
# inherits the caller's default kubernetes configuration, as Terraform does.
variable "service" {
  type = string
}

resource "kubernetes_ingress_v1" "web" {
  metadata {
    name = "${var.service}-edge"
  }
  spec {
    default_backend {
      service {
        name = var.service
        port {
          number = 80
        }
      }
    }
  }
}
