terraform {
  source = "../../../modules//ecs-cluster"
}

inputs = {
  name = "staging"
}
