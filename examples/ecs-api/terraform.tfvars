environment   = "production"
project       = "orders"
domain_name   = "api.orders.example.com"
image_tag     = "1.14.2"
desired_count = 3
instance_type = "m6i.large"
asg_min_size  = 2
asg_max_size  = 8
# api_key is supplied via TF_VAR_api_key in CI.
