module "escape" {
  source = "../../../../etc"
}
