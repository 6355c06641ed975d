# Kubernetes objects written in Terraform name what they use by reference: the ACM
# certificate whose ARN an Ingress annotation takes (E4), the StorageClass of a claim, the
# claim a Deployment mounts. The "alb" IngressClass (controller ingress.k8s.aws/alb) is served
# by the controller's helm_release, and is the cluster's default class.
resource "aws_eks_cluster" "main" {
  name     = "links"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

provider "kubernetes" {
  host = aws_eks_cluster.main.endpoint
}

provider "helm" {
  kubernetes {
    host = aws_eks_cluster.main.endpoint
  }
}

resource "helm_release" "lbc" {
  name       = "aws-load-balancer-controller"
  repository = "https://aws.github.io/eks-charts"
  chart      = "aws-load-balancer-controller"
  namespace  = "kube-system"
}

resource "aws_acm_certificate" "shop" {
  domain_name       = "shop.example.com"
  validation_method = "DNS"
}

resource "aws_acm_certificate" "api" {
  domain_name       = "api.example.com"
  validation_method = "DNS"
}

resource "kubernetes_ingress_class_v1" "alb" {
  metadata {
    name = "alb"
    annotations = {
      "ingressclass.kubernetes.io/is-default-class" = "true"
    }
  }
  spec {
    controller = "ingress.k8s.aws/alb"
  }
}

# No class written: the default class "alb" serves it; two certificates by reference.
resource "kubernetes_ingress_v1" "shop" {
  metadata {
    name      = "shop"
    namespace = "shop"
    annotations = {
      "alb.ingress.kubernetes.io/certificate-arn" = "${aws_acm_certificate.shop.arn},${aws_acm_certificate.api.arn}"
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

resource "kubernetes_storage_class_v1" "gp3" {
  metadata {
    name = "gp3"
  }
  storage_provisioner = "ebs.csi.aws.com"
}

resource "kubernetes_persistent_volume_claim_v1" "data" {
  metadata {
    name      = "data"
    namespace = "shop"
  }
  spec {
    storage_class_name = kubernetes_storage_class_v1.gp3.metadata[0].name
    access_modes       = ["ReadWriteOnce"]
    resources {
      requests = {
        storage = "20Gi"
      }
    }
  }
}

resource "kubernetes_deployment_v1" "web" {
  metadata {
    name      = "web"
    namespace = "shop"
  }
  spec {
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
          image = "example.com/web:1.0"
        }
        volume {
          name = "data"
          persistent_volume_claim {
            claim_name = kubernetes_persistent_volume_claim_v1.data.metadata[0].name
          }
        }
      }
    }
  }
}
