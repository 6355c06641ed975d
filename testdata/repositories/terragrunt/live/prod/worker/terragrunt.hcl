terraform {
  source = "${get_terragrunt_dir()}/../../../modules/ecs-service"
}

inputs = {
  name        = "worker"
  cluster_arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod"
  image       = "public.ecr.aws/acme/worker:${get_env("WORKER_TAG", "latest")}"
}
