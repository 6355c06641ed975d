output "cluster_arn" {
  value = aws_ecs_cluster.batch.arn
}

output "report_task_definition_arn" {
  value = module.report_job.task_definition_arn
}

output "report_rule_name" {
  value = module.report_job.rule_name
}

output "cleanup_schedule_name" {
  value = aws_scheduler_schedule.cleanup.name
}
