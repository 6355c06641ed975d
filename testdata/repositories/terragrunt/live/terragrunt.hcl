# Settings every unit includes; deploys nothing itself.
locals {
  environment = basename(dirname(get_terragrunt_dir()))
}

remote_state {
  backend = "s3"
  config = {
    bucket = "acme-terraform-state"
    key    = "${path_relative_to_include()}/terraform.tfstate"
    region = "eu-west-1"
  }
}

inputs = {
  desired_count = 2
  image         = "public.ecr.aws/acme/${local.environment}/app:stable"
}
