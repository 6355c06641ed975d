# Two ECS services from one module called per key, beside a GKE cluster whose Kubernetes
# objects live in two namespaces: small enough to read whole, and drawn with a small
# --max-nodes to test summarised diagrams (one node per module instance and namespace).
resource "aws_ecs_cluster" "main" {
  name = "shop"
}

resource "aws_lb" "public" {
  name               = "shop"
  load_balancer_type = "application"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = "404"
    }
  }
}

module "service" {
  for_each     = { web = "nginx:1.27", api = "example/api:2.4" }
  source       = "./modules/service"
  name         = each.key
  image        = each.value
  cluster_id   = aws_ecs_cluster.main.id
  listener_arn = aws_lb_listener.https.arn
}

resource "google_container_cluster" "catalog" {
  name             = "catalog"
  location         = "europe-west1"
  enable_autopilot = true
}
