locals {
  name_prefix  = "${var.project}-${var.environment}"
  cluster_name = "${local.name_prefix}-cluster"
  service_name = "${local.name_prefix}-api"

  azs = ["${var.region}a", "${var.region}c"]

  container_port = 8080

  api_environment = [
    { name = "APP_ENV", value = var.environment },
    { name = "PORT", value = tostring(local.container_port) },
    { name = "LOG_FORMAT", value = "json" },
  ]

  common_tags = {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  }
}
