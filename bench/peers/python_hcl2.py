"""Parse every .tf file under a directory with python-hcl2, one file at a time.

Parse only: python-hcl2 builds a dictionary per file; it does not merge a directory, follow
modules, evaluate expressions or resolve references. Prints the number of files parsed;
a file that fails to parse is counted and named on stderr, and the exit code is 1.
"""

import os
import sys

import hcl2


def main(root):
    parsed = failed = 0
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        for name in sorted(files):
            if not name.endswith(".tf"):
                continue
            path = os.path.join(directory, name)
            try:
                with open(path, encoding="utf-8") as handle:
                    hcl2.load(handle)
                parsed += 1
            except Exception as error:  # report every failure, keep going
                failed += 1
                print(f"{path}: {error}", file=sys.stderr)
    print(f"python-hcl2: {parsed} files parsed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
