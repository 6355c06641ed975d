variable "name" {
  type = string
}

variable "cluster_id" {
  type = string
}

variable "image" {
  type = string
}

variable "desired_count" {
  type    = number
  default = 1
}

variable "target_group_arn" {
  type    = string
  default = null
}
