variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "ap-northeast-1"
}

variable "environment" {
  description = "Deployment environment name (e.g. staging, production)."
  type        = string
}

variable "project" {
  description = "Short project identifier used as a name prefix."
  type        = string
  default     = "orders"
}

variable "domain_name" {
  description = "Public hostname served by the API load balancer."
  type        = string
}

variable "image_tag" {
  description = "Tag of the API image in ECR to deploy."
  type        = string
  default     = "latest"
}

variable "desired_count" {
  description = "Initial number of API tasks; autoscaling adjusts it afterwards."
  type        = number
  default     = 2
}

variable "instance_type" {
  description = "EC2 instance type for ECS container instances."
  type        = string
  default     = "m6i.large"
}

variable "asg_min_size" {
  type    = number
  default = 1
}

variable "asg_max_size" {
  type    = number
  default = 6
}

variable "api_key" {
  description = "Third-party payment API key, stored as an SSM SecureString."
  type        = string
  sensitive   = true
}
