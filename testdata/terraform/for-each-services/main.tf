# Three ECS services from one map: each gets its own target group and listener rule, and
# each service registers in the target group of the same key.
variable "services" {
  type = map(object({ image = string, port = number, path = string, count = number }))
  default = {
    web     = { image = "nginx:1.27", port = 80, path = "/", count = 3 }
    api     = { image = "example/api:2.4", port = 8080, path = "/api/*", count = 2 }
    billing = { image = "example/billing:1.0", port = 9000, path = "/billing/*", count = 1 }
  }
}

locals {
  azs = ["eu-west-1a", "eu-west-1b"]
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.main.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
}

resource "aws_ecs_cluster" "main" {
  name = "shop"
}

resource "aws_lb" "public" {
  name               = "shop"
  load_balancer_type = "application"
  subnets            = aws_subnet.private[*].id
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.tg["web"].arn
  }
}

resource "aws_lb_target_group" "tg" {
  for_each    = var.services
  name        = "shop-${each.key}"
  port        = each.value.port
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.main.id
}

resource "aws_lb_listener_rule" "route" {
  for_each     = var.services
  listener_arn = aws_lb_listener.https.arn
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.tg[each.key].arn
  }
  condition {
    path_pattern {
      values = [each.value.path]
    }
  }
}

resource "aws_ecs_task_definition" "app" {
  for_each                 = var.services
  family                   = each.key
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name         = each.key
    image        = each.value.image
    essential    = true
    portMappings = [{ containerPort = each.value.port }]
  }])
}

resource "aws_ecs_service" "app" {
  for_each        = var.services
  name            = each.key
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app[each.key].arn
  desired_count   = each.value.count
  launch_type     = "FARGATE"

  network_configuration {
    subnets = aws_subnet.private[*].id
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.tg[each.key].arn
    container_name   = each.key
    container_port   = each.value.port
  }
}
