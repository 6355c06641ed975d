# Self-managed EKS nodes join their cluster through user data (bootstrap.sh, or a nodeadm
# NodeConfig), not through a Terraform reference: tfmap must draw both registration edges.
resource "aws_eks_cluster" "main" {
  name     = "platform"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

# AL2 style: bootstrap.sh with the cluster name passed by reference.
resource "aws_launch_template" "al2" {
  name_prefix   = "platform-al2-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m5.large"
  user_data = base64encode(<<-EOT
    #!/bin/bash
    set -o errexit
    /etc/eks/bootstrap.sh ${aws_eks_cluster.main.name} --kubelet-extra-args '--node-labels=pool=al2'
  EOT
  )
}

# AL2023 style: nodeadm reads a NodeConfig with the cluster name as a literal.
resource "aws_launch_template" "al2023" {
  name_prefix   = "platform-al2023-"
  image_id      = "ami-0fedcba9876543210"
  instance_type = "m6i.large"
  user_data = base64encode(<<-EOT
    ---
    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      cluster:
        name: platform
        apiServerEndpoint: https://example.eks.amazonaws.com
  EOT
  )
}

resource "aws_autoscaling_group" "al2" {
  name                = "platform-al2"
  min_size            = 1
  max_size            = 5
  vpc_zone_identifier = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  launch_template {
    id      = aws_launch_template.al2.id
    version = "$Latest"
  }
}
