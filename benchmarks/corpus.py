"""Entries read and offline findings, per file, on the real lists in ../shared/corpus*/.

    python benchmarks/corpus.py [--details CODE ...] [DIRECTORY ...]

For each file: the entries read against the band a correct reader lands in (counted by
hand; see each folder's README and the notes below), the findings by code, and the time.
The bands are the measurement: a reader that misses or invents entries shows here first.
"""

from __future__ import annotations

import argparse
import collections
import os
import pathlib
import sys
import time

from fmfl_lint.pipeline import lint_document, read
from fmfl_lint.records import Facts
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings

SHARED = pathlib.Path(__file__).resolve().parent.parent.parent / "shared"
FOLDERS = ("corpus", "corpus-md", "corpus-bib")

#: (low, high) entries a correct reader finds; from the folders' READMEs, and for the
#: Markdown lists counted by hand (rows of paper tables and paper bullets; table-of-
#: contents links, headings and badges are not entries)
BANDS = {
    "awesome-fm-fl-15f95a1.rst": (109, 109),
    "awesome-sphinxdoc.rst": (70, 78),
    "awesome-public-datasets-6cf69c9.rst": (425, 440),
    "awesome-ensemble-learning.rst": (35, 55),
    "sphinx-EXAMPLES.rst": (400, 410),
    "pytest-plugin-list-3cc0c45.rst": (940, 940),
    "pypa-key-projects.rst": (50, 60),
    "pytorch-optimizer-38402a8.rst": (75, 90),
    "awesome-fm-fl-18557fb.md": (116, 116),
    "Awesome-FL-797a9dc.md": (2570, 2660),
    "Awesome-LLM-538eed0.md": (340, 370),
    # 599 paper-table rows (the first table has 261) and up to its 28 highlight bullets
    "Awesome-MLLM-2d26f04.md": (599, 627),
    "PromptPapers-1ae4bd1.md": (96, 96),
    # 301 keys; one record repeats a key (BibTeX keeps the first; FL601 needs both)
    "awesome-fm-fl-3eef6e1.bib": (301, 302),
}


def measure(path: pathlib.Path, details: set[str]) -> tuple[int, collections.Counter[str], float]:
    started = time.perf_counter()
    _, reader, doc = read(str(path))
    settings = FileSettings(tuple(select_rules(offline=True)))
    findings = lint_document(doc, reader, settings, Facts())
    elapsed = time.perf_counter() - started
    for finding in findings:
        if finding.code in details:
            print(
                f"    {path.name}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
            )
    return len(doc.entries), collections.Counter(f.code for f in findings), elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directories", nargs="*", type=pathlib.Path)
    parser.add_argument("--details", nargs="*", default=[], help="print these codes' findings")
    args = parser.parse_args()
    directories = args.directories or [SHARED / name for name in FOLDERS]
    files = [
        path
        for directory in directories
        if directory.is_dir()
        for path in sorted(directory.iterdir())
        if path.suffix in (".rst", ".md", ".bib") and path.name != "README.md"
    ]
    if not files:
        print(f"no lists found in {', '.join(map(str, directories))}", file=sys.stderr)
        return 1
    print(f"{'file':<40} {'entries':>7} {'band':>11} {'ok':>3} {'s':>6}  findings")
    outside = 0
    for path in files:
        try:
            entries, codes, seconds = measure(path, set(args.details))
        except Exception as error:  # a reader that cannot read a real list is a result too
            print(f"{path.name:<40} cannot be read: {error}")
            outside += 1
            continue
        low, high = BANDS.get(path.name, (0, 10**9))
        inside = low <= entries <= high
        outside += not inside
        band = f"{low}-{high}" if path.name in BANDS else "?"
        found = " ".join(f"{code}:{n}" for code, n in sorted(codes.items())) or "-"
        print(
            f"{path.name:<40} {entries:>7} {band:>11} {'yes' if inside else 'NO':>3}"
            f" {seconds:>6.2f}  {found}"
        )
    print(f"\n{len(files) - outside} of {len(files)} files inside their band")
    return 0 if outside == 0 else 1


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    sys.exit(main())
