# Tests: EC2 capacity joining ECS clusters via ECS_CLUSTER in user data: templatefile() var (a), heredoc interpolation (b), literal name string (c).
resource "aws_ecs_cluster" "a" { name = "ecs-a" }
resource "aws_ecs_cluster" "b" { name = "ecs-b" }
resource "aws_ecs_cluster" "c" { name = "ecs-c" }

resource "aws_launch_template" "a" {
  name_prefix   = "ecs-a-"
  image_id      = "ami-0c3e5a7f9b1d2e4f6"
  instance_type = "m6i.large"
  user_data = base64encode(templatefile("${path.module}/user_data.sh.tftpl", {
    cluster_name = aws_ecs_cluster.a.name
  }))
}

resource "aws_autoscaling_group" "a" {
  name               = "ecs-a"
  min_size           = 1
  max_size           = 3
  availability_zones = ["ap-northeast-1a"]
  launch_template {
    id      = aws_launch_template.a.id
    version = "$Latest"
  }
}

resource "aws_launch_configuration" "b" {
  name_prefix   = "ecs-b-"
  image_id      = "ami-0c3e5a7f9b1d2e4f6"
  instance_type = "t3.medium"
  user_data     = <<-EOT
    #!/bin/bash
    echo ECS_CLUSTER=${aws_ecs_cluster.b.name} >> /etc/ecs/ecs.config
  EOT
}

resource "aws_autoscaling_group" "b" {
  name                 = "ecs-b"
  min_size             = 1
  max_size             = 2
  availability_zones   = ["ap-northeast-1c"]
  launch_configuration = aws_launch_configuration.b.name
}

resource "aws_launch_template" "c" {
  name_prefix   = "ecs-c-"
  image_id      = "ami-0c3e5a7f9b1d2e4f6"
  instance_type = "c6i.large"
  user_data = base64encode(<<-EOT
    #!/bin/bash
    echo "ECS_CLUSTER=ecs-c" >> /etc/ecs/ecs.config
  EOT
  )
}

resource "aws_autoscaling_group" "c" {
  name               = "ecs-c"
  min_size           = 0
  max_size           = 4
  availability_zones = ["ap-northeast-1d"]
  launch_template {
    id      = aws_launch_template.c.id
    version = "$Latest"
  }
}
