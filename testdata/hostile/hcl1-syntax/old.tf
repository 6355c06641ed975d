resource "aws_s3_bucket_object" "o" {
  index.php = "x"
}

resource "aws_sqs_queue" "kept" {
  depends_on = ["aws_s3_bucket_object.o"]
}
