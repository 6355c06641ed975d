variable "project" {
  description = "Google Cloud project that hosts the cluster and its network."
  type        = string
}

variable "region" {
  description = "Region of the regional GKE cluster and its subnetwork."
  type        = string
  default     = "asia-northeast1"
}
