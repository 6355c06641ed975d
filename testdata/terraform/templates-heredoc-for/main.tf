# Tests: references inside "${}" templates, <<-EOT heredocs, jsonencode, for expressions, %{ for } directives, dynamic blocks, conditionals, splats and a multi-line traversal in parentheses.
resource "aws_subnet" "private" {
  count      = 2
  vpc_id     = var.vpc_id
  cidr_block = ["10.60.1.0/24", "10.60.2.0/24"][count.index]
}

resource "aws_security_group" "alb" {
  name   = "tmpl-alb"
  vpc_id = var.vpc_id
}

resource "aws_security_group" "tasks" {
  name   = "tmpl-tasks"
  vpc_id = var.vpc_id

  dynamic "ingress" {
    for_each = [8080, 9090]
    content {
      from_port       = ingress.value
      to_port         = ingress.value
      protocol        = "tcp"
      security_groups = [aws_security_group.alb.id]
    }
  }
}

resource "aws_lb" "a" {
  name    = "tmpl-a"
  subnets = aws_subnet.private[*].id
}

resource "aws_lb" "b" {
  name    = "tmpl-b"
  subnets = [for s in aws_subnet.private : s.id]
}

resource "aws_lb_listener" "main" {
  load_balancer_arn = var.enabled ? aws_lb.a.arn : aws_lb.b.arn
  port              = 80

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arns[0]
  }
}

resource "aws_ssm_parameter" "endpoints" {
  name  = "/tmpl/endpoints"
  type  = "String"
  value = <<-EOT
    primary=${aws_lb.a.dns_name}
    secondary=${aws_lb.b.dns_name}
    cidrs=%{for x in var.allowed_cidrs}${x},%{endfor}
    subnets=%{for s in aws_subnet.private}${s.cidr_block} %{endfor}
  EOT
}

output "primary_lb_arn" {
  value = (aws_lb.a
  .arn)
}
