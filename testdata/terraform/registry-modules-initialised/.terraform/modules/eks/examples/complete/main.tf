# An example shipped with the module: not part of this configuration.
resource "aws_eks_cluster" "example" {
  name = "example"
}
