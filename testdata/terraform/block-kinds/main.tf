# Tests: every top-level block kind; only resource/data/module/output bodies carry references (not moved/import/removed addresses, provider = aws.east, or ignore_changes).
terraform {
  required_version = ">= 1.7.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "ap-northeast-1"
}

provider "aws" {
  alias  = "east"
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

data "aws_ecs_cluster" "shared" {
  cluster_name = "shared-platform"
}

resource "aws_ecs_cluster" "main" {
  name = "blocks-cluster"
  tags = { Owner = data.aws_caller_identity.current.account_id }
}

resource "aws_cloudwatch_log_group" "exec" {
  name = "/ecs/blocks-exec"
}

resource "aws_acm_certificate" "cdn" {
  provider          = aws.east
  domain_name       = "cdn.blocks.example.com"
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [tags]
  }
}

moved {
  from = aws_ecs_cluster.legacy
  to   = aws_ecs_cluster.main
}

import {
  to = aws_cloudwatch_log_group.exec
  id = "/ecs/blocks-exec"
}

removed {
  from = aws_ecs_service.retired

  lifecycle {
    destroy = false
  }
}

check "cluster_active" {
  data "aws_ecs_cluster" "probe" {
    cluster_name = aws_ecs_cluster.main.name
  }

  assert {
    condition     = data.aws_ecs_cluster.probe.status == "ACTIVE"
    error_message = "ECS cluster ${aws_ecs_cluster.main.name} is not ACTIVE."
  }
}

output "shared_cluster_arn" {
  value = data.aws_ecs_cluster.shared.arn
}
