include "root" {
  path = find_in_parent_folders()
}

terraform {
  source = "../../../modules//ecs-service"
}

dependency "cluster" {
  config_path = "../cluster"
}

locals {
  env = "prod"
}

inputs = {
  name          = "api-${local.env}"
  cluster_arn   = dependency.cluster.outputs.arn
  desired_count = 3
  unused_input  = "Terraform ignores a TF_VAR_ for a variable the module does not declare"
}
