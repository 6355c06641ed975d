# Layer 1 of three stacks applied one after the other: the network. Its state is a local
# file that the other stacks read through `terraform_remote_state`.
terraform {
  backend "local" {
    path = "state/network.tfstate"
  }
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_subnet" "private" {
  for_each = {
    a = "10.20.1.0/24"
    b = "10.20.2.0/24"
  }
  vpc_id            = aws_vpc.main.id
  cidr_block        = each.value
  availability_zone = "eu-west-1${each.key}"
}

output "vpc_id" {
  value = aws_vpc.main.id
}

output "private_subnet_ids" {
  value = [for subnet in aws_subnet.private : subnet.id]
}

output "region" {
  value = "eu-west-1"
}
