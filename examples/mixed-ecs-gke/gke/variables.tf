variable "project" {
  type = string
}

variable "region" {
  type    = string
  default = "asia-northeast1"
}
