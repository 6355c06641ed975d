resource "aws_s3_bucket_object" "o" {
  index.php = "x"
}
