"""Generate curated lists of any size, in the shapes real lists use, for benchmarks."""

from __future__ import annotations

import argparse
import random

WORDS = (
    "federated learning foundation models prompt tuning adapters privacy clients "
    "heterogeneous efficient communication personalized vision language distillation "
    "benchmark secure aggregation split robust scalable parameter low-rank instruction"
).split()
VENUES = ["ICML", "NeurIPS", "ICLR", "arXiv", "ACL", "CVPR", "AAAI", "KDD"]
ENTRIES_PER_SECTION = 50


def _title(rng: random.Random, index: int) -> str:
    words = [rng.choice(WORDS).capitalize() for _ in range(rng.randint(4, 9))]
    return " ".join(words) + f" {index}"


def _row(rng: random.Random, index: int, title: str, year: int, month: int) -> str:
    arxiv = f"{year % 100:02d}{month:02d}.{index % 100000:05d}"
    repo = f"lab{index % 97}/repo-{index}"
    if index % 2:
        title_cell = (
            "   * - .. raw:: html\n\n"
            f'          <strong><a href="https://arxiv.org/abs/{arxiv}">{title}</a></strong>\n'
        )
        code_cell = (
            "     - .. raw:: html\n\n"
            f'          <a href="https://github.com/{repo}"><img '
            f'src="https://img.shields.io/github/stars/{repo}" alt="GitHub Repo stars"/></a>\n'
        )
    else:
        title_cell = f"   * - `{title} <https://openreview.net/forum?id=p{index}>`_\n"
        code_cell = (
            f"     - .. image:: https://img.shields.io/github/stars/{repo}\n"
            f"          :target: https://github.com/{repo}\n"
        )
    venue = rng.choice(VENUES)
    return f"{title_cell}     - {venue}\n     - {year}-{month:02d}\n{code_cell}"


def generate(count: int, seed: int = 0) -> str:
    """A list of ``count`` entries: list-tables of 50 rows under two levels of sections."""
    rng = random.Random(seed)
    parts = ["Awesome Generated List\n======================\n\n"]
    for section in range(0, count, ENTRIES_PER_SECTION):
        if section % (ENTRIES_PER_SECTION * 10) == 0:
            name = f"Part {section // (ENTRIES_PER_SECTION * 10) + 1}"
            parts.append(f"{name}\n{'#' * len(name)}\n\n")
        name = f"Topic {section // ENTRIES_PER_SECTION + 1}"
        parts.append(f"{name}\n{'*' * len(name)}\n\n")
        parts.append(
            ".. list-table::\n   :widths: 70 10 10 20\n   :header-rows: 1\n\n"
            "   * - Title\n     - Venue\n     - Year\n     - GitHub\n"
        )
        rows = min(ENTRIES_PER_SECTION, count - section)
        made = [
            (rng.randint(2019, 2025), rng.randint(1, 12), _title(rng, section + offset))
            for offset in range(rows)
        ]
        # newest first, ties by title, as a maintained list is
        made.sort(key=lambda row: (-row[0], -row[1], row[2].casefold()))
        for offset, (year, month, title) in enumerate(made):
            parts.append(_row(rng, section + offset, title, year, month))
        parts.append("\n")
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("output")
    args = parser.parse_args()
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(generate(args.count))


if __name__ == "__main__":
    main()
