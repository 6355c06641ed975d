# Deliberately malformed: line 4 has a doubled "=".
resource "aws_lb" "broken" {
  load_balancer_type = "application"
  name               = = "broken-alb"
  internal           = false
}
