resource "aws_sqs_queue" "many" {
  count = 1000000000
}
