# Overrides the defaults in variables.tf; *.auto.tfvars files are loaded after this one.
environment   = "staging"
desired_count = 2
