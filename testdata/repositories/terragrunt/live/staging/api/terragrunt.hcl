terraform {
  source = "../../../modules//ecs-service"
}

# Another unit's outputs: known only once that unit is applied.
dependency "cluster" {
  config_path = "../cluster"

  mock_outputs = {
    arn = "arn:aws:ecs:eu-west-1:000000000000:cluster/mock"
  }
}

inputs = {
  name        = "api-staging"
  cluster_arn = dependency.cluster.outputs.arn
}
