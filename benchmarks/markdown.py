"""fmfl-lint --offline on the same generated entries written in Markdown and in RST.

    python benchmarks/markdown.py [--sizes 1000 10000] [--corpus ../shared/corpus-md]

Each list is linted once, in a fresh interpreter (imports excluded from the time); the
Markdown time must stay at most half the RST time, and grow linearly with the entries.
Then, for each file of the Markdown corpus (when the folder exists), the entries read and
the findings by code.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from generate import ENTRIES_PER_SECTION, VENUES, _title, generate

CORPUS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus-md"


def _row(rng: random.Random, index: int, title: str, year: int, month: int) -> str:
    """The row generate.py writes, in a GFM table: raw HTML or Markdown cells by turns."""
    arxiv = f"{year % 100:02d}{month:02d}.{index % 100000:05d}"
    repo = f"lab{index % 97}/repo-{index}"
    if index % 2:
        title_cell = f'<strong><a href="https://arxiv.org/abs/{arxiv}">{title}</a></strong>'
        code_cell = (
            f'<a href="https://github.com/{repo}"><img '
            f'src="https://img.shields.io/github/stars/{repo}" alt="GitHub Repo stars"/></a>'
        )
    else:
        title_cell = f"[{title}](https://openreview.net/forum?id=p{index})"
        code_cell = (
            f"[![stars](https://img.shields.io/github/stars/{repo})](https://github.com/{repo})"
        )
    venue = rng.choice(VENUES)
    return f"| {title_cell} | {venue} | {year}-{month:02d} | {code_cell} |\n"


def generate_markdown(count: int, seed: int = 0) -> str:
    """The entries of ``generate(count, seed)``, as GFM tables under ATX headings."""
    rng = random.Random(seed)
    parts = ["# Awesome Generated List\n\n"]
    for section in range(0, count, ENTRIES_PER_SECTION):
        if section % (ENTRIES_PER_SECTION * 10) == 0:
            parts.append(f"## Part {section // (ENTRIES_PER_SECTION * 10) + 1}\n\n")
        parts.append(f"### Topic {section // ENTRIES_PER_SECTION + 1}\n\n")
        parts.append("| Title | Venue | Year | GitHub |\n|---|---|---|---|\n")
        rows = min(ENTRIES_PER_SECTION, count - section)
        made = [
            (rng.randint(2019, 2025), rng.randint(1, 12), _title(rng, section + offset))
            for offset in range(rows)
        ]
        made.sort(key=lambda row: (-row[0], -row[1], row[2].casefold()))
        for offset, (year, month, title) in enumerate(made):
            parts.append(_row(rng, section + offset, title, year, month))
        parts.append("\n")
    return "".join(parts)


def measure(path: str) -> dict[str, float]:
    from fmfl_lint.cli import main

    start = time.perf_counter()
    main(["--offline", "--format", "json", "--output", os.devnull, "--fail-on", "never", path])
    return {"seconds": time.perf_counter() - start}


def once(path: str) -> float:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", path],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return float(json.loads(done.stdout)["seconds"])


def corpus(folder: pathlib.Path) -> None:
    from fmfl_lint.pipeline import lint_text
    from fmfl_lint.readers import reader_for
    from fmfl_lint.registry import select_rules
    from fmfl_lint.settings import FileSettings

    settings = FileSettings(tuple(select_rules(offline=True)))
    print(f"\n{'corpus file':<28} {'entries':>7} {'s':>6}  findings by code")
    for path in sorted(folder.glob("*.md")):
        if path.name == "README.md":
            continue
        text = path.read_text(encoding="utf-8-sig")
        start = time.perf_counter()
        doc = reader_for(str(path)).read(str(path), text)
        findings = lint_text(str(path), text, settings)
        seconds = time.perf_counter() - start
        codes = collections.Counter(finding.code for finding in findings)
        found = ", ".join(f"{code} {n}" for code, n in sorted(codes.items())) or "none"
        print(f"{path.name:<28} {len(doc.entries):>7} {seconds:>6.2f}  {found}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--corpus", type=pathlib.Path, default=CORPUS)
    parser.add_argument("--measure", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    print(f"{'entries':>8} {'RST s':>8} {'Markdown s':>11} {'MD/RST':>7} {'MD ms/entry':>12}")
    with tempfile.TemporaryDirectory() as directory:
        for size in args.sizes:
            rst = os.path.join(directory, f"list-{size}.rst")
            markdown = os.path.join(directory, f"list-{size}.md")
            pathlib.Path(rst).write_text(generate(size), encoding="utf-8")
            pathlib.Path(markdown).write_text(generate_markdown(size), encoding="utf-8")
            rst_seconds, md_seconds = once(rst), once(markdown)
            print(
                f"{size:>8} {rst_seconds:>8.3f} {md_seconds:>11.3f} "
                f"{md_seconds / rst_seconds:>7.2f} {1000 * md_seconds / size:>12.3f}"
            )
    if args.corpus.is_dir():
        corpus(args.corpus)


if __name__ == "__main__":
    main()
