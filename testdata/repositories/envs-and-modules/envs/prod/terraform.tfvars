web_image = "registry.example.com/web:1.8.2"
