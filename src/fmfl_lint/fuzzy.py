"""Pairs of nearly equal titles among thousands, without comparing every pair.

Similarity is rapidfuzz's ``fuzz.ratio`` (normalized Indel similarity). Two strings that
reach a ratio ``t`` differ by at most ``d`` insertions and deletions, and each of those
destroys at most ``Q`` of a string's q-grams, so they share at least ``G - Q*d`` q-grams.
Any pair that shares that many must share one of the rarest ``d*Q + 1`` of them (prefix
filtering), so only strings sharing a rare q-gram are compared. The result is exactly the
set of pairs at or above the threshold; only the work is smaller.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from rapidfuzz import fuzz

Q = 3


def _grams(text: str) -> list[str]:
    """The q-grams of ``text``, each repeat labelled so that a set keeps multiplicity."""
    seen: Counter[str] = Counter()
    grams = []
    for start in range(len(text) - Q + 1):
        gram = text[start : start + Q]
        grams.append(f"{gram}{seen[gram]}")
        seen[gram] += 1
    return grams


def similar_pairs(texts: Sequence[str], threshold: float) -> Iterator[tuple[int, int, float]]:
    """Every ``(i, j, score)``, ``i < j``, with ``fuzz.ratio(texts[i], texts[j]) >= threshold``."""
    ratio = threshold / 100
    grams = [_grams(text) for text in texts]
    frequency: Counter[str] = Counter(gram for each in grams for gram in each)
    index: dict[str, list[int]] = defaultdict(list)
    for position, each in enumerate(grams):
        for gram in each:
            index[gram].append(position)
    for i, text in enumerate(texts):
        if not text:
            continue
        max_edits = math.floor((1 - ratio) * 2 * len(text) / ratio) if ratio > 0 else len(text)
        shared = len(grams[i]) - Q * max_edits
        if shared <= 0:
            candidates = range(i + 1, len(texts))  # too short to filter: compare with all
        else:
            rarest = sorted(grams[i], key=lambda gram: (frequency[gram], gram))
            found = {j for gram in rarest[: len(grams[i]) - shared + 1] for j in index[gram]}
            candidates = sorted(j for j in found if j > i)
        for j in candidates:
            if texts[j] and (score := fuzz.ratio(text, texts[j], score_cutoff=threshold)):
                yield i, j, score
