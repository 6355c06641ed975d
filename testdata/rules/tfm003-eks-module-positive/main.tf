# Two EKS clusters built by the registry module (not downloaded). "orders" installs only the
# networking add-ons: no metrics-server, autoscaler or log shipper (three findings). "tools"
# installs metrics-server and the CloudWatch observability add-on through its own `addons`,
# which count for tools only: it lacks an autoscaler (one finding), and orders gains nothing.
module "orders" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name = "orders"
  addons = {
    coredns = {}
    vpc-cni = {}
  }
}

module "tools" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name = "tools"
  addons = {
    metrics-server                  = {}
    amazon-cloudwatch-observability = {}
  }
}
