# Manifests applied with the kubectl provider (gavinbunney/kubectl, alekc/kubectl): the
# objects are YAML text in yaml_body, from a file, a template or a heredoc.
resource "aws_eks_cluster" "apps" {
  name     = "apps"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids = ["subnet-0aa11bb22", "subnet-0cc33dd44"]
  }
}

provider "kubectl" {
  host                   = aws_eks_cluster.apps.endpoint
  cluster_ca_certificate = base64decode(aws_eks_cluster.apps.certificate_authority[0].data)
  load_config_file       = false
}

variable "image_tag" {
  type = string
}

resource "kubectl_manifest" "deployment" {
  yaml_body = templatefile("${path.module}/manifests/deployment.yaml.tftpl", {
    tag = var.image_tag
  })
}

resource "kubectl_manifest" "service" {
  yaml_body = file("${path.module}/manifests/service.yaml")
}

resource "kubectl_manifest" "config" {
  override_namespace = "payments"
  yaml_body          = <<-YAML
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: payments-settings
    data:
      MODE: live
  YAML
}

provider "kubernetes" {
  host                   = aws_eks_cluster.apps.endpoint
  cluster_ca_certificate = base64decode(aws_eks_cluster.apps.certificate_authority[0].data)
}

# The same YAML route through the kubernetes provider: the object is the decoded file.
resource "kubernetes_manifest" "ingress" {
  manifest = yamldecode(file("${path.module}/manifests/ingress.yaml"))
}

# A multi-document file applied one document per instance, the keys being the documents.
resource "kubectl_manifest" "bundle" {
  for_each  = toset(compact([for doc in split("\n---\n", file("${path.module}/manifests/bundle.yaml")) : trimspace(doc)]))
  yaml_body = each.value
}
