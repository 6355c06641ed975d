variable "region" {
  type    = string
  default = "ap-northeast-1"
}

variable "vpc_id" {
  description = "Existing VPC shared with other teams."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets for the internet-facing ALB (two AZs or more)."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Subnets for the Fargate tasks."
  type        = list(string)
}

variable "catalog_image" {
  type    = string
  default = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/catalog:4.7.0"
}
