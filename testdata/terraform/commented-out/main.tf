# Tests: resources commented out with /* */, # and // must be ignored, as must main.tf.disabled; only aws_ecs_cluster.live and aws_ecs_service.live exist.
resource "aws_ecs_cluster" "live" {
  name = "live-cluster"
}

/*
resource "aws_ecs_cluster" "old_block" {
  name = "old-block-cluster"
}
*/

# resource "aws_ecs_service" "old_hash" {
#   name            = "old-hash"
#   cluster         = aws_ecs_cluster.live.id
#   task_definition = "old-hash:4"
# }

// resource "aws_lb" "old_slash" {
//   name = "old-slash-alb"
// }

resource "aws_ecs_service" "live" {
  name = "live-web"
  # cluster       = aws_ecs_cluster.old_block.id
  cluster         = aws_ecs_cluster.live.id
  task_definition = "live-web:12" /* was aws_ecs_task_definition.web.arn */
  desired_count   = 1             // scaled down from 3
}
