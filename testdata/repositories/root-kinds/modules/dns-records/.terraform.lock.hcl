# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/google" {
  version = "6.0.0"
}
