resource "aws_ecs_task_definition" "t" {
  family = "t"
  container_definitions = file("/etc/passwd")
  other = file("../../../../etc/shadow")
}
