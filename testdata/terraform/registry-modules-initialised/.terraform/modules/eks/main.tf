variable "create" {
  default = true
}
variable "cluster_name" {}
variable "cluster_version" {
  default = null
}
variable "eks_managed_node_groups" {
  default = {}
}

resource "aws_iam_role" "cluster" {
  count = var.create ? 1 : 0
  name  = "${var.cluster_name}-cluster"
}

resource "aws_eks_cluster" "this" {
  count    = var.create ? 1 : 0
  name     = var.cluster_name
  version  = var.cluster_version
  role_arn = aws_iam_role.cluster[0].arn
  vpc_config {
    subnet_ids = []
  }
}

module "eks_managed_node_group" {
  source   = "./modules/eks-managed-node-group"
  for_each = var.create ? var.eks_managed_node_groups : {}

  name           = each.key
  cluster_name   = aws_eks_cluster.this[0].name
  instance_types = each.value.instance_types
  min_size       = each.value.min_size
}

output "cluster_name" {
  value = try(aws_eks_cluster.this[0].name, null)
}
