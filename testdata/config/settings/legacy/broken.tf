# Ignored by configuration: this broken file must not produce a diagnostic.
resource "aws_lb" "x" {
  name = = "broken"
}
