variable "vpc_id" {
  type    = string
  default = "vpc-0a1b2c3d4e5f60718"
}

variable "enabled" {
  type    = bool
  default = true
}

variable "target_group_arns" {
  type    = list(string)
  default = ["arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/tmpl-app/0123456789abcdef"]
}

variable "allowed_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8", "192.168.0.0/16"]
}
