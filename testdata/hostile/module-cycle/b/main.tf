module "a" {
  source = "../a"
}
resource "aws_sqs_queue" "q" {}
