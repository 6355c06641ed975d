# TFM009 must stay quiet: the Ingress whose address is read waits for it; the one that does
# not wait is only read for its name; the third takes the setting from a variable.
variable "wait" {
  type = bool
}

resource "kubernetes_ingress_v1" "web" {
  wait_for_load_balancer = true
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

resource "kubernetes_ingress_v1" "internal" {
  metadata {
    name      = "internal"
    namespace = "shop"
  }
  spec {
    ingress_class_name = "alb"
    default_backend {
      service {
        name = "internal"
        port {
          number = 80
        }
      }
    }
  }
}

resource "kubernetes_config_map_v1" "routes" {
  metadata {
    name      = "routes"
    namespace = "shop"
  }
  data = {
    ingress = kubernetes_ingress_v1.internal.metadata[0].name
  }
}

resource "kubernetes_ingress_v1" "configurable" {
  wait_for_load_balancer = var.wait
  metadata {
    name      = "configurable"
    namespace = "shop"
  }
  spec {
    ingress_class_name = "alb"
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

resource "aws_route53_record" "configurable" {
  zone_id = "Z0123456789ABC"
  name    = "configurable.example.com"
  type    = "CNAME"
  ttl     = 300
  records = [kubernetes_ingress_v1.configurable.status[0].load_balancer[0].ingress[0].hostname]
}
