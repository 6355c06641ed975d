variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "ap-northeast-1"
}

variable "environment" {
  description = "Deployment environment name."
  type        = string
  default     = "production"
}

variable "report_image" {
  description = "Full image URI (with tag) of the nightly report job."
  type        = string
  default     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/billing/report:2024.06.1"
}

variable "report_schedule" {
  description = "EventBridge schedule expression for the nightly report (UTC)."
  type        = string
  default     = "cron(0 3 * * ? *)"
}
