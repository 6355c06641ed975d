env      = "staging"
replicas = 2
