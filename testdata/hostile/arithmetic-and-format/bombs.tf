# Arithmetic and formats that crashed or exploded: a zero divisor, the one remainder that
# overflows 64 bits, a product past 64 bits, and widths of a gigabyte. Each stays unknown.
variable "from_tfvars" {
  default = "unset"
}

resource "aws_ecs_cluster" "remainder" {
  count = 1 % 0
  name  = var.from_tfvars
}

resource "aws_ecs_cluster" "overflow" {
  name = -9223372036854775808 % -1
}

resource "aws_ecs_cluster" "product" {
  name = 9223372036854775807 * 9223372036854775807
}

resource "aws_ecs_cluster" "padded" {
  name = format("%0999999999d", 1)
}

resource "aws_ecs_cluster" "precise" {
  name = format("%.70000f", 1)
}
