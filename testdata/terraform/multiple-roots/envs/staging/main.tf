# Tests: two root modules (envs/prod, envs/staging) sharing ../../modules/service with different inputs; modules/service is not a root.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "ledger/staging/terraform.tfstate"
    region = "ap-northeast-1"
  }
}

provider "aws" {
  region = "ap-northeast-1"
}

resource "aws_ecs_cluster" "this" {
  name = "ledger-staging"
}

module "api" {
  source = "../../modules/service"

  name          = "ledger-api-staging"
  cluster_id    = aws_ecs_cluster.this.id
  image         = "registry.example.com/ledger/api:1.9.0-rc.1"
  cpu           = 256
  memory        = 512
  desired_count = 1
}
