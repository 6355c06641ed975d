variable "zone" {}
variable "target" {}

resource "aws_route53_zone" "this" {
  name = "${var.zone}"
}

resource "aws_route53_record" "www" {
  zone_id = "${aws_route53_zone.this.zone_id}"
  name    = "www.${var.zone}"
  type    = "CNAME"
  records = ["${var.target}"]
}
