resource "aws_eks_cluster" "main" {
  name     = "shop"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

variable "enabled" {
  type    = bool
  default = false
}

resource "aws_sqs_queue" "audit" {
  count = var.enabled ? 1 : 0
  name  = "audit"
}

resource "aws_sns_topic" "alerts" {
  count = var.enabled ? 1 : 0
  name  = "alerts"
}

resource "aws_s3_bucket" "archive" {
  count  = 0
  bucket = "archive"
}

resource "aws_cloudwatch_log_group" "debug" {
  count = var.enabled ? 1 : 0
  name  = "debug"
}

# Nothing on EKS acts on Ingress objects until this controller is installed.
resource "helm_release" "aws_load_balancer_controller" {
  name       = "aws-load-balancer-controller"
  chart      = "aws-load-balancer-controller"
  repository = "https://aws.github.io/eks-charts"
  namespace  = "kube-system"

  set {
    name  = "clusterName"
    value = aws_eks_cluster.main.name
  }
}

provider "kubernetes" {
  host = aws_eks_cluster.main.endpoint
}
