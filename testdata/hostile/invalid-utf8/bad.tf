resource "aws_lb" "x" {
  name = "café"
}
