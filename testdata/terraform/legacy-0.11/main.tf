# Tests: a configuration written for Terraform 0.11. Interpolation-only strings and quoted
# references in depends_on, provider and a module call's providers are read as references;
# the S3 object (line 62) writes a dotted argument name that Terraform 0.12 and later
# reject: that block alone is skipped with one error, every other block of this file is
# analysed. services.tf holds a block whose braces never close (line 11) and stray text.
variable "name" {
  default = "shop"
}

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_ecs_cluster" "main" {
  name = "${var.name}"
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  assume_role_policy = "{}"
}

resource "aws_lb" "web" {
  name            = "${var.name}-web"
  security_groups = ["${aws_security_group.web.id}"]
}

resource "aws_lb_target_group" "web" {
  name     = "${var.name}-web"
  port     = 80
  protocol = "HTTP"
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = "${aws_lb.web.arn}"
  port              = 80

  default_action {
    type             = "forward"
    target_group_arn = "${aws_lb_target_group.web.arn}"
  }
}

resource "aws_security_group" "web" {
  name = "${var.name}-web"
}

resource "aws_s3_bucket" "site" {
  bucket = "${var.name}-site"
}

resource "aws_s3_bucket_object" "index" {
  bucket = "${aws_s3_bucket.site.id}"
  key    = "index.html"

  metadata {
    index.php = "legacy"
  }
}

module "dns" {
  source = "./dns"
  zone   = "${var.name}.example.com"
  target = "${aws_lb.web.dns_name}"

  providers = {
    "aws" = "aws.west"
  }
}

# Refers to the skipped S3 object: its block's error explains it, no second diagnostic.
output "index_etag" {
  value = "${aws_s3_bucket_object.index.etag}"
}
