# Tests: registry and git module sources are recorded but cannot be followed offline; the local aws_ecs_cluster is still found and referenced.
resource "aws_ecs_cluster" "jobs" {
  name = "platform-jobs"
}

module "ecs" {
  source  = "terraform-aws-modules/ecs/aws"
  version = "~> 5.0"

  cluster_name = "platform-shared"

  fargate_capacity_providers = {
    FARGATE = {
      default_capacity_provider_strategy = { weight = 100 }
    }
  }
}

module "nightly_export" {
  source = "git::https://github.com/acme-platform/terraform-ecs-scheduled-job.git//modules/job?ref=v2.3.1"

  name                = "nightly-export"
  cluster_arn         = aws_ecs_cluster.jobs.arn
  schedule_expression = "cron(30 2 * * ? *)"
  image               = "registry.example.com/exporter:4.1.0"
}

output "shared_cluster_arn" {
  value = module.ecs.cluster_arn
}

output "export_rule_name" {
  value = module.nightly_export.rule_name
}

# The common container modules are still recognised from their source and inputs: an EKS
# cluster and a GKE cluster, though their code was never downloaded.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "platform"
  cluster_version = "1.30"
}

module "gke" {
  source = "terraform-google-modules/kubernetes-engine/google//modules/private-cluster"

  project_id = "acme-prod"
  name       = "web"
  region     = "europe-west1"
}

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  name   = "main"
}
