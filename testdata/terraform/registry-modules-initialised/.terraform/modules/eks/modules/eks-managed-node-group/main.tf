variable "name" {}
variable "cluster_name" {}
variable "instance_types" {}
variable "min_size" {}

resource "aws_eks_node_group" "this" {
  cluster_name    = var.cluster_name
  node_group_name = var.name
  instance_types  = var.instance_types
  scaling_config {
    min_size     = var.min_size
    max_size     = 10
    desired_size = var.min_size
  }
}
