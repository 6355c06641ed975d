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

# Float results past f64's range, where tfmap's checks do not reach before hcl-rs: inside a
# `for` body and a template directive (a panic in hcl-rs before), and at the top.
locals {
  doubled   = { for k, x in [2] : tostring(k) => x * 1e308 }
  divided   = [for x in [1] : x % 0]
  templated = "%{for x in [2]}${x * 1e308}%{endfor}"
}

resource "aws_ecs_cluster" "float_overflow" {
  name = "c-${2 * 1e308}"
  tags = local.doubled
}

resource "aws_ecs_cluster" "for_remainder" {
  name = local.divided[0]
}

resource "aws_ecs_cluster" "template_overflow" {
  name = local.templated
}

resource "aws_ecs_cluster" "for_arithmetic_still_computed" {
  name = join("-", [for x in [1, 2] : x * 2 + 1])
}
