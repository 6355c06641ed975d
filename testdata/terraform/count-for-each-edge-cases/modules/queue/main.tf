variable "name" {}
variable "timeout" {}

resource "aws_sqs_queue" "this" {
  name                       = var.name
  visibility_timeout_seconds = var.timeout
}

output "url" {
  value = aws_sqs_queue.this.url
}
