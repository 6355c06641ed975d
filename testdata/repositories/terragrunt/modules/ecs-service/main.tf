variable "name" {
  type = string
}

variable "cluster_arn" {
  type = string
}

variable "desired_count" {
  type    = number
  default = 1
}

variable "image" {
  type    = string
  default = "public.ecr.aws/nginx/nginx:1.27"
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name  = var.name
    image = var.image
  }])
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"
}
