tags = {
  api = "0.9.0"
  api = "1.0.0"
}
