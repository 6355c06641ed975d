include "root" {
  path = find_in_parent_folders()
}

# A module from another repository: tfmap does not fetch it.
terraform {
  source = "git::https://github.com/acme/infra-modules.git//ecs-cluster?ref=v2.1.0"
}

inputs = {
  name = "prod"
}
