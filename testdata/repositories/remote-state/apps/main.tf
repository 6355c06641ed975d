# Layer 3: the applications, on the clusters of layer 2 and the network of layer 1. Nothing
# here names a cluster resource: each one is read from the platform stack's state.
terraform {
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "apps/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  state_bucket = "acme-terraform-state"
}

data "terraform_remote_state" "network" {
  backend = "local"
  config = {
    path = "../network/state/network.tfstate"
  }
}

data "terraform_remote_state" "platform" {
  backend = "s3"
  config = {
    bucket = local.state_bucket
    key    = "platform/terraform.tfstate"
    region = "eu-west-1"
  }
}

# No stack of this repository writes this state: its outputs stay unknown.
data "terraform_remote_state" "dns" {
  backend = "s3"
  config = {
    bucket = local.state_bucket
    key    = "dns/terraform.tfstate"
  }
}

resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([{
    name      = "api"
    image     = "public.ecr.aws/acme/api:1.4"
    essential = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = data.terraform_remote_state.platform.outputs.ecs_cluster_arn
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 2

  network_configuration {
    subnets = data.terraform_remote_state.network.outputs.private_subnet_ids
  }
}

resource "aws_cloudwatch_log_group" "api" {
  name = "/ecs/${data.terraform_remote_state.platform.outputs["ecs_cluster_name"]}/api"
}

resource "aws_route53_record" "api" {
  zone_id = data.terraform_remote_state.dns.outputs.zone_id
  name    = "api"
  type    = "CNAME"
  ttl     = 300
  records = ["api.internal"]
}

provider "kubernetes" {
  host                   = data.terraform_remote_state.platform.outputs.eks_endpoint
  cluster_ca_certificate = base64decode(data.terraform_remote_state.platform.outputs.eks_ca)
}

resource "kubernetes_service_v1" "web" {
  metadata {
    name      = "web"
    namespace = "shop"
  }
  spec {
    type     = "LoadBalancer"
    selector = { app = "web" }
    port {
      port        = 80
      target_port = 8080
    }
  }
}

# The same cluster read by name: no reference leads to it, but the platform stack declares
# the one EKS cluster of that name.
data "aws_eks_cluster" "shop" {
  name = "shop-k8s"
}

provider "helm" {
  kubernetes {
    host                   = data.aws_eks_cluster.shop.endpoint
    cluster_ca_certificate = base64decode(data.aws_eks_cluster.shop.certificate_authority[0].data)
  }
}

resource "helm_release" "metrics" {
  name       = "metrics-server"
  repository = "https://kubernetes-sigs.github.io/metrics-server/"
  chart      = "metrics-server"
  namespace  = "kube-system"
}
