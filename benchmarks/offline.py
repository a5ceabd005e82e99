"""fmfl-lint --offline against a bare docutils parse of the same generated lists.

    python benchmarks/offline.py [--sizes 100 1000 10000] [--repeat 3]

Each measurement runs in a fresh interpreter (imports excluded from the time, peak
memory from getrusage); the best of --repeat runs is printed, side by side.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from generate import generate


def measure(tool: str, path: str) -> dict[str, float]:
    """Run one tool once on ``path`` in this process; its time and this process's peak memory."""
    if tool == "docutils":
        from docutils.core import publish_doctree

        start = time.perf_counter()
        with open(path, encoding="utf-8") as handle:
            publish_doctree(handle.read(), settings_overrides={"warning_stream": io.StringIO()})
    else:
        from fmfl_lint.cli import main

        start = time.perf_counter()
        main(["--offline", "--format", "json", "--output", os.devnull, "--fail-on", "never", path])
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb}


def best_of(tool: str, path: str, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, __file__, "--measure", tool, path],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
        runs.append(json.loads(done.stdout))
    return min(runs, key=lambda run: run["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", nargs=2, metavar=("TOOL", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    print(
        f"{'entries':>8} {'docutils s':>11} {'fmfl-lint s':>12} {'ratio':>6} "
        f"{'ms/entry':>9} {'docutils MB':>12} {'fmfl-lint MB':>13}"
    )
    with tempfile.TemporaryDirectory() as directory:
        for size in args.sizes:
            path = os.path.join(directory, f"list-{size}.rst")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(generate(size))
            bare = best_of("docutils", path, args.repeat)
            ours = best_of("fmfl-lint", path, args.repeat)
            print(
                f"{size:>8} {bare['seconds']:>11.3f} {ours['seconds']:>12.3f} "
                f"{ours['seconds'] / bare['seconds']:>6.2f} {1000 * ours['seconds'] / size:>9.3f} "
                f"{bare['peak_mb']:>12.0f} {ours['peak_mb']:>13.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
