variable "project" {
  description = "Google Cloud project for the reporting cluster."
  type        = string
}

variable "default_pool_size" {
  description = "Node count of the cluster's default pool (zonal cluster, so this is the total)."
  type        = number
  default     = 2
}
