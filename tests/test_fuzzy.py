from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from fmfl_lint.fuzzy import similar_pairs

WORDS = "federated learning foundation model prompt tuning client drift vision language".split()


def titles(seed: int, count: int) -> list[str]:
    """Random titles, some of them copies with a few characters changed."""
    rng = random.Random(seed)
    made: list[str] = []
    for _ in range(count):
        if made and rng.random() < 0.3:
            chars = list(rng.choice(made))
            for _ in range(rng.randint(0, 4)):
                chars[rng.randrange(len(chars))] = rng.choice("abcdefgh ")
            made.append("".join(chars))
        else:
            made.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 7))))
    return made


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("threshold", [80, 90, 95])
def test_same_pairs_as_comparing_every_pair(seed: int, threshold: int) -> None:
    texts = titles(seed, 150)
    brute = {
        (i, j)
        for i in range(len(texts))
        for j in range(i + 1, len(texts))
        if fuzz.ratio(texts[i], texts[j]) >= threshold
    }
    assert {(i, j) for i, j, _ in similar_pairs(texts, threshold)} == brute


def test_empty_and_short_titles() -> None:
    assert list(similar_pairs(["", "ab", "ab", "abc"], 90)) == [(1, 2, 100.0)]
