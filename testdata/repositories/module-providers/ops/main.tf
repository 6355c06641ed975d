# Needs a configuration its caller names: `kubernetes.target`, declared in
# `configuration_aliases` and selected by the resource's `provider` meta-argument.
terraform {
  required_providers {
    kubernetes = {
      source                = "hashicorp/kubernetes"
      configuration_aliases = [kubernetes.target]
    }
  }
}

resource "kubernetes_namespace_v1" "ops" {
  provider = kubernetes.target

  metadata {
    name = "ops"
  }
}
