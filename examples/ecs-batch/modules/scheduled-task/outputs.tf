output "task_definition_arn" {
  description = "ARN (with revision) of the job's task definition."
  value       = aws_ecs_task_definition.this.arn
}

output "rule_name" {
  description = "Name of the EventBridge rule that triggers the job."
  value       = aws_cloudwatch_event_rule.this.name
}
