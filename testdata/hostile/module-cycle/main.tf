module "root_calls_a" {
  source = "./a"
}
