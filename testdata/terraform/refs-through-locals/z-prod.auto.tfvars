# Loaded last: wins over terraform.tfvars and a-sizing.auto.tfvars.
environment   = "prod"
desired_count = 6
