# The secret value itself is rotated outside Terraform; only the container is managed here.
resource "aws_secretsmanager_secret" "db_password" {
  name                    = "${local.name_prefix}/api/db-password"
  description             = "Password for the orders API database user"
  recovery_window_in_days = 7
}

resource "aws_ssm_parameter" "api_key" {
  name        = "/${var.project}/${var.environment}/api/payment-api-key"
  description = "Payment provider API key"
  type        = "SecureString"
  value       = var.api_key
}
