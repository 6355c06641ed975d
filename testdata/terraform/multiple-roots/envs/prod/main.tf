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
    key    = "ledger/prod/terraform.tfstate"
    region = "ap-northeast-1"
  }
}

provider "aws" {
  region = "ap-northeast-1"
}

resource "aws_ecs_cluster" "this" {
  name = "ledger-prod"
}

module "api" {
  source = "../../modules/service"

  name          = "ledger-api-prod"
  cluster_id    = aws_ecs_cluster.this.id
  image         = "registry.example.com/ledger/api:1.8.0"
  cpu           = 1024
  memory        = 2048
  desired_count = 6
}
