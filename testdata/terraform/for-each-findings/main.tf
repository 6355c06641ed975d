# Two instances of one cluster with the same name: their findings share a message and a
# location, so the report names each instance.
resource "aws_eks_cluster" "main" {
  for_each = toset(["blue", "green"])

  name     = "shop"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}
