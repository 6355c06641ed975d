# Every way to ask for a gigabyte of padding: each stays unknown.
resource "aws_ecs_cluster" "left" {
  name = format("%-0999999999s", "x")
}

resource "aws_ecs_cluster" "list" {
  name = join(",", formatlist("%0999999999d", [1, 2]))
}

resource "aws_ecs_cluster" "star" {
  name = format("%*d", 999999999, 1)
}

resource "aws_ecs_cluster" "indent" {
  name = indent(999999999, "a\nb")
}

resource "aws_ecs_cluster" "separator" {
  name = join(format("%4000s", "x"), range(100000))
}

resource "aws_ecs_cluster" "within" {
  name = format("%4000s|", "fits")
}
