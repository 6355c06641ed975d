# Replaced by main.tofu (same base name), as OpenTofu does: nothing declared here may
# appear in the analysis.
resource "aws_ecs_cluster" "terraform_only" {
  name = "terraform-only"
}
