# Settings every unit includes; deploys nothing itself.
remote_state {
  backend = "s3"
  config = {
    bucket = "acme-terraform-state"
    key    = "${path_relative_to_include()}/terraform.tfstate"
    region = "eu-west-1"
  }
}
