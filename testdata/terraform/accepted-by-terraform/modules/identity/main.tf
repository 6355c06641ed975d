variable "name" {
  type = string
}

resource "aws_iam_role" "task" {
  name               = var.name
  assume_role_policy = "{}"
}

output "role_arn" {
  value = aws_iam_role.task.arn
}
