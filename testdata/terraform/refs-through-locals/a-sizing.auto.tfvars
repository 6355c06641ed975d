# Overrides terraform.tfvars; is itself overridden by z-prod.auto.tfvars (lexical order).
desired_count = 4
