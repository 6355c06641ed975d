# TFM009 must fire on both Ingresses: neither waits for its load balancer, yet a DNS record
# reads the address from its status (directly, or through a local value).
resource "kubernetes_ingress_v1" "web" {
  metadata {
    name      = "web"
    namespace = "shop"
  }
  spec {
    ingress_class_name = "alb"
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

resource "aws_route53_record" "web" {
  zone_id = "Z0123456789ABC"
  name    = "shop.example.com"
  type    = "CNAME"
  ttl     = 300
  records = [kubernetes_ingress_v1.web.status[0].load_balancer[0].ingress[0].hostname]
}

resource "kubernetes_ingress_v1" "api" {
  wait_for_load_balancer = false
  metadata {
    name      = "api"
    namespace = "shop"
  }
  spec {
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

locals {
  api_address = kubernetes_ingress_v1.api.status.0.load_balancer.0.ingress.0.ip
}

resource "google_dns_record_set" "api" {
  managed_zone = "shop"
  name         = "api.shop.example.com."
  type         = "A"
  ttl          = 300
  rrdatas      = [local.api_address]
}
