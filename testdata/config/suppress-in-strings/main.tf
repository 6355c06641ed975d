# The markers below are in a string and a heredoc: they are data, not suppressions, so
# none is reported as an unused suppression either.
resource "aws_eks_cluster" "main" {
  name     = "shop"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  tags = {
    note = "# tfmap:ignore[TFM005] a tag value"
  }
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

locals {
  doc = <<-EOT
    // tfmap:ignore[TFM005] inside a heredoc
  EOT
}
