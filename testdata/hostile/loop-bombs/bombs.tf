# Loops that build little each but multiply: a billion elements from three nested `for`s,
# ten billion template iterations. The step and expression budgets stop them.
resource "aws_ecs_cluster" "nested_for" {
  name = length([for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]])
}

resource "aws_ecs_cluster" "template_for" {
  name = "%{for a in range(100000)}%{for b in range(100000)}ab%{endfor}%{endfor}"
}

resource "aws_ecs_cluster" "wide_elements" {
  name = length([for a in range(1000) : [for b in range(1000) : "${a}-${b}-0123456789abcdef"]])
}
