# Terragrunt's working copy of the unit's module: skipped, never drawn a second time.
resource "aws_ecs_service" "cached_copy" {
  name = "must-not-be-drawn"
}
