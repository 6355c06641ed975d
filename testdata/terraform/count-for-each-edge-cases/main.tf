# count and for_each in the shapes real code takes, and the ones tfmap cannot expand.
variable "teams" {
  default = ["search", "checkout"]
}

variable "enable_debug" {
  default = false
}

data "aws_subnets" "private" {
  filter {
    name   = "tag:tier"
    values = ["private"]
  }
}

resource "aws_ecs_cluster" "main" {
  name = "platform"
}

# Known at plan time only: one node stands for every instance.
resource "aws_security_group" "per_subnet" {
  for_each = toset(data.aws_subnets.private.ids)
  name     = "sg-${each.key}"
}

# count = 0: declared, never created.
resource "aws_cloudwatch_log_group" "debug" {
  count = var.enable_debug ? 1 : 0
  name  = "/debug"
}

# A module per team, each with a module per queue inside.
module "team" {
  source   = "./modules/team"
  for_each = toset(var.teams)
  name     = each.key
  cluster  = aws_ecs_cluster.main.arn
}

# A registry module, repeated: opaque, one node per key.
module "bucket" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "4.1.0"
  count   = 2
  bucket  = "logs-${count.index}"
}

resource "aws_ecs_service" "gateway" {
  name            = "gateway"
  cluster         = aws_ecs_cluster.main.id
  task_definition = module.team["search"].task_definition_arn

  # A reference to a key that does not exist: reported, no edge.
  iam_role = module.team["missing"].task_definition_arn

  # A splat over a module with for_each reaches every instance.
  dynamic "ordered_placement_strategy" {
    for_each = [{ type = "spread", field = "attribute:ecs.availability-zone" }, { type = "binpack", field = "memory" }]
    content {
      type  = ordered_placement_strategy.value.type
      field = ordered_placement_strategy.value.field
    }
  }

  # Unknown collection: the block stays one, standing for every element.
  dynamic "load_balancer" {
    for_each = data.aws_subnets.private.ids
    content {
      container_name = load_balancer.value
      container_port = 80
    }
  }
}

# Both meta-arguments at once, and a negative count: errors Terraform would raise.
resource "aws_sqs_queue" "both" {
  count    = 1
  for_each = toset(["a"])
  name     = "both"
}

resource "aws_sqs_queue" "negative" {
  count = -1
  name  = "negative"
}
