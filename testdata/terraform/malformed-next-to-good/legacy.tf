# Deliberately malformed: HCL1 (Terraform 0.11) style; a dotted argument name on line 7 is rejected since 0.12.
resource "aws_ecs_cluster" "legacy" {
  name = "legacy-cluster"

  tags {
    Team      = "web"
    index.php = "x"
  }
}
