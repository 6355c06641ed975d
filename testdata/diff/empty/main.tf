# An empty configuration: the base of a diff that adds everything.
terraform {}
