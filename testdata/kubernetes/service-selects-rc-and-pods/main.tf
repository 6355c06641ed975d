# Services written in Terraform whose selectors reference labels. The Deployment's template
# label map by reference selects it; the Namespace's labels select nothing. An object
# written around a reference is unknown as a whole to the evaluator (no origin to follow),
# so that Service selects nothing either.
resource "kubernetes_namespace_v1" "shop" {
  metadata {
    name = "shop"
    labels = {
      team = "payments"
    }
  }
}

resource "kubernetes_deployment_v1" "api" {
  metadata {
    name      = "api"
    namespace = "shop"
    labels = {
      app = "api"
    }
  }
  spec {
    selector {
      match_labels = {
        app = "api"
      }
    }
    template {
      metadata {
        labels = {
          app                      = "api"
          "app.kubernetes.io/tier" = "backend"
        }
      }
      spec {
        container {
          name  = "api"
          image = "example.com/api:2.0"
        }
      }
    }
  }
}

resource "kubernetes_service_v1" "api_by_label" {
  metadata {
    name      = "api-by-label"
    namespace = "shop"
  }
  spec {
    selector = {
      app = kubernetes_deployment_v1.api.metadata[0].labels.app
    }
    port {
      port = 80
    }
  }
}

resource "kubernetes_service_v1" "api_by_template" {
  metadata {
    name      = "api-by-template"
    namespace = "shop"
  }
  spec {
    selector = kubernetes_deployment_v1.api.spec[0].template[0].metadata[0].labels
    port {
      port = 80
    }
  }
}

resource "kubernetes_service_v1" "namespace_labels" {
  metadata {
    name      = "namespace-labels"
    namespace = "shop"
  }
  spec {
    selector = kubernetes_namespace_v1.shop.metadata[0].labels
    port {
      port = 80
    }
  }
}
