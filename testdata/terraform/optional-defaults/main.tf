# A service module whose input is a map of objects with optional attributes, the pattern of
# most registry modules since Terraform 1.3. The defaults fill what the caller leaves out.

resource "aws_ecs_cluster" "main" {
  name = "apps"
}

module "services" {
  source  = "./modules/service"
  cluster = aws_ecs_cluster.main.arn
  services = {
    web = {
      image   = "nginx:1.27"
      scaling = { max = 6 }
      # Not in the type: Terraform drops it.
      owner = "team-web"
    }
    worker = {
      image         = "worker:3"
      desired_count = 0
      launch_type   = null
    }
  }
  # Null given to a variable that is not nullable: its default is used.
  platform_version = null
  # Null given to a nullable variable: it stays null (the default is not used).
  propagate_tags = null
}
