# Tests: native files and .tf.json files of one module see each other's declarations; the
# service, its nested blocks and the module call live in service.tf.json.
variable "env" {
  type = string
}

variable "subnets" {
  type    = list(string)
  default = ["subnet-a", "subnet-b"]
}

resource "aws_ecs_cluster" "main" {
  name = "${var.env}-cluster"
}

resource "aws_lb_target_group" "api" {
  name        = "api-${var.env}"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
}

output "service_name" {
  value = aws_ecs_service.api.name
}
