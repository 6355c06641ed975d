env         = "prod"
image       = "registry.example.com/api:2.0.1"
unknown_var = "typo"
