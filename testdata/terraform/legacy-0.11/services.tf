resource "aws_ecs_task_definition" "web" {
  family        = "${var.name}-web"
  task_role_arn = "${aws_iam_role.task.arn}"

  container_definitions = <<EOF
[{"name": "web", "image": "nginx:1.25", "essential": true,
  "portMappings": [{"containerPort": 80}]}]
EOF
}

resource "aws_ecs_task_definition" "worker" {
  family = "${var.name}-worker
  container_definitions = "[]"

resource "aws_ecs_service" "web" {
  name            = "${var.name}-web"
  cluster         = "${aws_ecs_cluster.main.id}"
  task_definition = "${aws_ecs_task_definition.web.arn}"
  desired_count   = 2
  provider        = "aws.west"
  depends_on      = ["aws_iam_role.task", "aws_lb_listener.http"]

  load_balancer {
    target_group_arn = "${aws_lb_target_group.web.arn}"
    container_name   = "web"
    container_port   = 80
  }
}

}
