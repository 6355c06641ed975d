"""Load every root module under a directory with tfparse (Trivy's Terraform evaluator).

tfparse.load_from_path(dir) parses one module directory, follows its local module calls,
evaluates variables, locals, count and for_each, and returns every block, one per
instance, as JSON. It does not read terraform.tfvars by itself (Terraform and tfmap do), so
the root's terraform.tfvars and *.auto.tfvars are passed to it; without them it cannot
expand a for_each over a tfvars map and skips those module calls.
A root module here is a directory holding .tf files that is not under a `modules/`
directory (the corpus keeps its shared modules there; they are loaded through the calls).
Prints the number of roots and managed resource instances; a root that fails is named on
stderr, exit code 1.
"""

import os
import sys

import tfparse


def roots(top):
    for directory, subdirectories, files in os.walk(top):
        subdirectories.sort()
        relative = os.path.relpath(directory, top)
        if "modules" in relative.split(os.sep):
            continue
        if any(name.endswith(".tf") for name in files):
            yield directory


def tfvars(directory):
    """The variable files Terraform loads by itself, relative to the root as tfparse wants."""
    names = sorted(os.listdir(directory))
    return [n for n in names if n == "terraform.tfvars" or n.endswith(".auto.tfvars")]


def main(top):
    loaded = failed = resources = 0
    for directory in roots(top):
        try:
            result = tfparse.load_from_path(directory, vars_paths=tfvars(directory))
            resources += sum(
                1
                for blocks in result.values()
                for block in blocks
                if block.get("__tfmeta", {}).get("type") == "resource"
            )
            loaded += 1
        except Exception as error:  # report every failure, keep going
            failed += 1
            print(f"{directory}: {error}", file=sys.stderr)
    print(f"tfparse: {loaded} root modules loaded ({resources} resources), {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
