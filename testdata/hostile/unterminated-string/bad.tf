resource "aws_ecs_service" "s" {
  name = "never closed
}
