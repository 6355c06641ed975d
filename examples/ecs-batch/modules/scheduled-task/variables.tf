variable "name" {
  description = "Name used for the task family, rule and log group."
  type        = string
}

variable "cluster_arn" {
  description = "ARN of the ECS cluster the task runs on."
  type        = string
}

variable "image" {
  description = "Container image URI including tag."
  type        = string
}

variable "cpu" {
  type    = number
  default = 512
}

variable "memory" {
  type    = number
  default = 1024
}

variable "command" {
  description = "Command passed to the container."
  type        = list(string)
  default     = []
}

variable "secret_arn" {
  description = "Secrets Manager secret exposed to the container as DATABASE_URL."
  type        = string
}

variable "schedule_expression" {
  description = "cron() or rate() expression for the EventBridge rule."
  type        = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type = list(string)
}

variable "execution_role_arn" {
  type = string
}

variable "events_role_arn" {
  description = "Role EventBridge assumes to call ecs:RunTask (needs iam:PassRole too)."
  type        = string
}

variable "region" {
  type = string
}
