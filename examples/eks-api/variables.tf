variable "region" {
  description = "AWS region of the EKS cluster."
  type        = string
  default     = "ap-northeast-1"
}

variable "cluster_name" {
  description = "Name of the EKS cluster; also used in subnet discovery tags."
  type        = string
  default     = "shop"
}

variable "kubernetes_version" {
  type    = string
  default = "1.30"
}

variable "vpc_cidr" {
  type    = string
  default = "10.40.0.0/16"
}

variable "web_domain" {
  description = "Public hostname served by the web Ingress (ALB)."
  type        = string
  default     = "shop.example.com"
}

variable "web_image" {
  description = "Container image of the web frontend."
  type        = string
  default     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop-web:3.2.0"
}
