"""fmfl-lint on BibTeX: the real awesome-fm-fl references.bib, and a generated one.

    python benchmarks/bibtex.py [--entries 1000] [--repeat 3]

Prints the entries read and the findings by code for ``../shared/corpus-bib`` (when it is
there), then the best of --repeat offline runs on a generated .bib of --entries entries
(reading with bibtexparser alone, and the whole lint).
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import sys
import time

import bibtexparser

from fmfl_lint.pipeline import lint_text
from fmfl_lint.readers.bibtex.build import parse
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings

CORPUS = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpus-bib"
)
WORDS = (
    "federated learning foundation model prompt tuning efficient private robust large "
    "language vision adapter low rank distillation benchmark personalized split"
).split()


def generate(entries: int, seed: int = 1) -> str:
    """A bibliography like a survey's: arXiv preprints and proceedings, code and tags."""
    rng = random.Random(seed)
    parts = []
    for index in range(entries):
        year = rng.randint(2017, 2024)
        number = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(10000, 99999)}"
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10))).title()
        if index % 2:
            where = f"  journal = {{arXiv preprint arXiv:{number}}},\n  eprint = {{{number}}},\n"
            where += f"  url     = {{https://arxiv.org/abs/{number}}},\n"
        else:
            where = "  booktitle = {International Conference on Machine Learning},\n"
            where += f"  url       = {{https://proceedings.mlr.press/v{index}/p{index}.html}},\n"
        parts.append(
            f"@article{{key{index},\n  title   = {{{{{title}}} {index}}},\n"
            f"  author  = {{Doe, Jane and Roe, Richard}},\n{where}"
            f"  github  = {{https://github.com/lab{index}/repo}},\n"
            f"  tags    = {{{rng.choice(WORDS)}, {rng.choice(WORDS)}}},\n"
            f"  month   = {rng.choice(['may', '{jun}', '7'])},\n  year    = {{{year}}}\n}}\n"
        )
    return "\n".join(parts)


def best(repeat: int, run: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def corpus(rules: FileSettings) -> None:
    if not os.path.isdir(CORPUS):
        print(f"{CORPUS}: not here, skipped")
        return
    for name in sorted(os.listdir(CORPUS)):
        if not name.endswith(".bib"):
            continue
        path = os.path.join(CORPUS, name)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        doc = parse(path, text)
        keys = {dict(entry.extra)["key"].text.casefold() for entry in doc.entries}
        findings = lint_text(path, text, rules)
        by_code = collections.Counter(finding.code for finding in findings)
        print(f"{name}: {len(doc.entries)} entries read ({len(keys)} distinct keys)")
        print("  findings: " + ", ".join(f"{code} {n}" for code, n in sorted(by_code.items())))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rules = FileSettings(tuple(select_rules(offline=True)))
    corpus(rules)
    text = generate(args.entries)
    split = best(args.repeat, lambda: bibtexparser.parse_string(text, parse_stack=[]))
    read = best(args.repeat, lambda: parse("generated.bib", text))
    lint = best(args.repeat, lambda: lint_text("generated.bib", text, rules))
    print(
        f"generated .bib, {args.entries} entries ({len(text) / 1e6:.2f} MB), best of {args.repeat}:"
    )
    print(f"  bibtexparser alone {split:.3f} s, read {read:.3f} s, offline lint {lint:.3f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
