"""Markdown tables from a bench/run.sh results directory.

Usage: report.py RESULTS_DIR [SIZE...]

For each size: every tool's median wall time (hyperfine), its ratio to tfmap's, the number
of timed runs and the peak resident memory of its first run; a tool that could not be
installed or failed is listed with the reason. Then how tfmap's time and memory grow with
the corpus.
"""

import json
import os
import re
import sys

TOOLS = [
    ("tfmap", "walk, parse, modules, evaluation, references, model, JSON output"),
    ("cat", "floor: find + cat of every file"),
    ("terraform-fmt", "parse and format-check every .tf/.tfvars file; no evaluation"),
    ("checkov", "Terraform graph (parse, modules, variables) and its policy checks"),
    ("tfparse", "Trivy's evaluator, per root: parse, modules, tfvars, count/for_each"),
    ("python-hcl2", "parse each .tf file to a dict (pure Python), one process"),
    ("hcl2json", "parse each .tf file to JSON (Go HCL as WebAssembly), one Node process"),
]

CORPUS = re.compile(
    r"(?P<total>\d+) resources \((?P<terraform>\d+) Terraform resource instances, "
    r"(?P<objects>\d+) Kubernetes objects\) in (?P<roots>\d+) root modules, "
    r"(?P<files>\d+) files, (?P<bytes>\d+) bytes"
)


def read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError:
        return None


def measure(directory, tool):
    """(median seconds, timed runs, peak MB, status) of one tool on one corpus."""
    status = read(os.path.join(directory, f"{tool}.status"))
    rss = read(os.path.join(directory, f"{tool}.rss"))
    peak = None
    if rss:
        try:
            peak = int(rss.splitlines()[-1]) / 1024
        except ValueError:
            peak = None
    raw = read(os.path.join(directory, f"{tool}.json"))
    if status or not raw:
        return None, 0, peak, status or "not run"
    result = json.loads(raw)["results"][0]
    return result["median"], len(result["times"]), peak, None


def seconds(value):
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def size_table(directory, size):
    corpus = CORPUS.search(read(os.path.join(directory, "corpus.txt")) or "")
    lines = []
    if corpus:
        lines.append(
            f"### {int(corpus['total']):,} resources "
            f"({int(corpus['terraform']):,} Terraform resource instances, "
            f"{int(corpus['objects']):,} Kubernetes objects; {corpus['roots']} root modules, "
            f"{int(corpus['files']):,} files, {int(corpus['bytes']) / 1e6:.1f} MB)"
        )
    else:
        lines.append(f"### {size} resources")
    lines += [
        "",
        "| tool | what it does | median s | vs tfmap | runs | peak MB |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    reference, _, _, _ = measure(directory, "tfmap")
    for tool, description in TOOLS:
        present = any(
            os.path.exists(os.path.join(directory, f"{tool}.{ext}"))
            for ext in ("status", "json", "rss")
        )
        if not present:
            continue
        median, runs, peak, status = measure(directory, tool)
        peak_text = f"{peak:.0f}" if peak is not None else "–"
        if status:
            lines.append(f"| {tool} | {description} | {status} | – | – | {peak_text} |")
            continue
        ratio = f"{median / reference:.2f}" if reference else "–"
        lines.append(
            f"| {tool} | {description} | {seconds(median)} | {ratio} | {runs} | {peak_text} |"
        )
    return lines


def scaling_table(results, sizes):
    lines = [
        "### tfmap from size to size",
        "",
        "| resources | input MB | median s | ms per 1,000 resources | time × | resources × | peak MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    previous = None
    for size in sizes:
        directory = os.path.join(results, size)
        corpus = CORPUS.search(read(os.path.join(directory, "corpus.txt")) or "")
        median, _, peak, status = measure(directory, "tfmap")
        if not corpus or status:
            lines.append(f"| {size} | – | {status or 'no corpus'} | – | – | – | – |")
            continue
        total = int(corpus["total"])
        growth = ("–", "–")
        if previous:
            growth = (f"{median / previous[0]:.1f}", f"{total / previous[1]:.1f}")
        peak_text = f"{peak:.0f}" if peak is not None else "–"
        lines.append(
            f"| {total:,} | {int(corpus['bytes']) / 1e6:.1f} | {seconds(median)} | "
            f"{1000 * median / total * 1000:.1f} | {growth[0]} | {growth[1]} | {peak_text} |"
        )
        previous = (median, total)
    return lines


def examples_table(results):
    raw = read(os.path.join(results, "examples.json"))
    if not raw:
        return []
    lines = [
        "### tfmap on the bundled examples",
        "",
        "| example | median ms | runs |",
        "| --- | ---: | ---: |",
    ]
    for result in json.loads(raw)["results"]:
        lines.append(
            f"| {result['command']} | {1000 * result['median']:.1f} | {len(result['times'])} |"
        )
    return lines + [""]


def main(results, sizes):
    lines = ["## Results", ""]
    machine = read(os.path.join(results, "machine.txt"))
    if machine:
        lines += ["```", machine, "```", ""]
    for size in sizes:
        lines += size_table(os.path.join(results, size), size) + [""]
    lines += examples_table(results)
    lines += scaling_table(results, sizes)
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
