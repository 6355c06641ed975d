variable "web_image" {
  type = string
}
