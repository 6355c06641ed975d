# Add-ons installed by aws-ia/eks-blueprints-addons (not downloaded: one opaque module call).
# Its enable_* inputs install the AWS Load Balancer Controller, metrics-server, Karpenter and
# Fluent Bit: TFM002 (no controller) and TFM003 (missing default add-ons) must stay quiet.
resource "aws_eks_cluster" "main" {
  name     = "shop"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

module "addons" {
  source  = "aws-ia/eks-blueprints-addons/aws"
  version = "~> 1.16"

  cluster_name      = aws_eks_cluster.main.name
  cluster_endpoint  = aws_eks_cluster.main.endpoint
  cluster_version   = "1.31"
  oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"

  enable_aws_load_balancer_controller = true
  enable_metrics_server               = true
  enable_karpenter                    = true
  enable_aws_for_fluentbit            = true
}

provider "kubernetes" {
  host = aws_eks_cluster.main.endpoint
}

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
