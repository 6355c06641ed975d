resource "aws_ecs_cluster" "good" {
  name = "good"
}
