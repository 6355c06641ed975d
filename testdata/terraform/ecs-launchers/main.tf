# Every way something outside ECS starts a task with RunTask, and look-alikes that do not.

locals {
  # Nightly jobs by name, each with its schedule.
  schedules = {
    export = "cron(0 2 * * ? *)"
    reindex = "rate(6 hours)"
  }
  cluster_arn = aws_ecs_cluster.jobs.arn
}

resource "aws_ecs_cluster" "jobs" {
  name = "jobs"
}

resource "aws_iam_role" "launcher" {
  name = "launcher"
}

module "job" {
  source   = "./modules/job"
  for_each = local.schedules
  family   = each.key
}

# Scheduled: one rule and one target per job (for_each), the task definition from a module.
resource "aws_cloudwatch_event_rule" "nightly" {
  for_each            = local.schedules
  name                = "nightly-${each.key}"
  schedule_expression = each.value
}

resource "aws_cloudwatch_event_target" "nightly" {
  for_each = local.schedules
  rule     = aws_cloudwatch_event_rule.nightly[each.key].name
  arn      = local.cluster_arn
  role_arn = aws_iam_role.launcher.arn

  ecs_target {
    task_definition_arn = module.job[each.key].task_definition_arn
    launch_type         = "FARGATE"
    task_count          = 2
  }
}

# Event-driven: a file uploaded to a bucket starts the import task.
resource "aws_ecs_task_definition" "import" {
  family                = "import"
  container_definitions = jsonencode([{ name = "import", image = "example/import:1.4" }])
}

resource "aws_cloudwatch_event_rule" "upload" {
  name = "upload"
  event_pattern = jsonencode({
    source      = ["aws.s3"]
    detail-type = ["Object Created"]
    detail      = { bucket = { name = [var.bucket] } }
  })
}

resource "aws_cloudwatch_event_target" "upload" {
  rule     = aws_cloudwatch_event_rule.upload.name
  arn      = aws_ecs_cluster.jobs.arn
  role_arn = aws_iam_role.launcher.arn

  ecs_target {
    task_definition_arn = aws_ecs_task_definition.import.arn
  }
}

# Not a launcher: the same rule also notifies a queue (no ecs_target).
resource "aws_sqs_queue" "uploads" {
  name = "uploads"
}

resource "aws_cloudwatch_event_target" "upload_queue" {
  rule = aws_cloudwatch_event_rule.upload.name
  arn  = aws_sqs_queue.uploads.arn
}

# EventBridge Scheduler: the cleanup task, no task_count (one task).
resource "aws_ecs_task_definition" "cleanup" {
  family                = "cleanup"
  container_definitions = jsonencode([{ name = "cleanup", image = "example/cleanup:2.0" }])
}

resource "aws_scheduler_schedule" "cleanup" {
  name                = "cleanup"
  schedule_expression = "rate(1 day)"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = local.cluster_arn
    role_arn = aws_iam_role.launcher.arn

    ecs_parameters {
      task_definition_arn = aws_ecs_task_definition.cleanup.arn
    }
  }
}

# A state machine with jsonencode: migrate (waits for the task), then notify (not ECS).
resource "aws_ecs_task_definition" "migrate" {
  family                = "migrate"
  container_definitions = jsonencode([{ name = "migrate", image = "example/migrate:7" }])
}

resource "aws_sfn_state_machine" "release" {
  name     = "release"
  role_arn = aws_iam_role.launcher.arn
  definition = jsonencode({
    StartAt = "Migrate"
    States = {
      Migrate = {
        Type     = "Task"
        Resource = "arn:aws:states:::ecs:runTask.sync"
        Parameters = {
          Cluster        = local.cluster_arn
          TaskDefinition = aws_ecs_task_definition.migrate.arn
          LaunchType     = "FARGATE"
        }
        Retry = [{ ErrorEquals = ["States.TaskFailed"], MaxAttempts = 2 }]
        Next  = "Notify"
      }
      Notify = {
        Type     = "Task"
        Resource = "arn:aws:states:::sns:publish"
        End      = true
      }
    }
  })
}

# A state machine from a template, naming its task definition by family (a known string).
resource "aws_ecs_task_definition" "backfill" {
  family                = "backfill"
  container_definitions = jsonencode([{ name = "backfill", image = "example/backfill:1" }])
}

resource "aws_sfn_state_machine" "backfill" {
  name     = "backfill"
  role_arn = aws_iam_role.launcher.arn
  definition = templatefile("${path.module}/templates/backfill.json.tftpl", {
    cluster = aws_ecs_cluster.jobs.name
  })
}

# Not a launcher: a state machine that only invokes a Lambda function.
resource "aws_sfn_state_machine" "lambda_only" {
  name     = "lambda-only"
  role_arn = aws_iam_role.launcher.arn
  definition = jsonencode({
    StartAt = "Invoke"
    States = {
      Invoke = { Type = "Task", Resource = "arn:aws:states:::lambda:invoke", End = true }
    }
  })
}

# The task definition comes from the execution's input: reported, not guessed.
resource "aws_sfn_state_machine" "dynamic" {
  name     = "dynamic"
  role_arn = aws_iam_role.launcher.arn
  definition = jsonencode({
    StartAt = "Run"
    States = {
      Run = {
        Type       = "Task"
        Resource   = "arn:aws:states:::ecs:runTask"
        Parameters = { "Cluster" = "jobs", "TaskDefinition.$" = "$.task" }
        End        = true
      }
    }
  })
}

# Nothing starts this one.
resource "aws_ecs_task_definition" "adhoc" {
  family                = "adhoc"
  container_definitions = jsonencode([{ name = "adhoc", image = "example/adhoc:1" }])
}

variable "bucket" {
  type    = string
  default = "incoming-files"
}

# Starts a task definition declared elsewhere (an ARN as text): reported, nothing drawn.
resource "aws_cloudwatch_event_rule" "hourly" {
  name                = "hourly"
  schedule_expression = "rate(1 hour)"
}

resource "aws_cloudwatch_event_target" "external" {
  rule     = aws_cloudwatch_event_rule.hourly.name
  arn      = aws_ecs_cluster.jobs.arn
  role_arn = aws_iam_role.launcher.arn

  ecs_target {
    task_definition_arn = "arn:aws:ecs:eu-west-1:111122223333:task-definition/external:4"
  }
}
