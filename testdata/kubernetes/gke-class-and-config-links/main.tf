# One GKE cluster; the YAML beside it names classes, configs, certificates and volumes by
# name. Each link below is drawn when its target is declared here and noted when it is not.
resource "google_container_cluster" "main" {
  name               = "links"
  location           = "europe-west1-b"
  initial_node_count = 2
}

provider "helm" {
  kubernetes {
    host = google_container_cluster.main.endpoint
  }
}

# Serves the IngressClass "nginx" (its controller k8s.io/ingress-nginx).
resource "helm_release" "ingress_nginx" {
  name       = "ingress-nginx"
  repository = "https://kubernetes.github.io/ingress-nginx"
  chart      = "ingress-nginx"
  namespace  = "ingress-nginx"
}

# Attached by the pre-shared-cert annotation of Ingress "shop" (G12).
resource "google_compute_ssl_certificate" "shop" {
  name        = "shop-cert"
  private_key = "unused"
  certificate = "unused"
}
