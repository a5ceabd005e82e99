"""Shared fixtures. ``responses`` is active in every test, so none can reach the network."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest
import responses

HERE = pathlib.Path(__file__).parent
CASES = HERE / "cases"
SHARED_EXAMPLES = HERE.parent.parent / "shared" / "examples"


@pytest.fixture(autouse=True)
def no_network() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def read_expected(path: pathlib.Path) -> list[tuple[int, str]]:
    """``LINE CODE`` rows of an ``.expected`` file; ``#`` starts a comment."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            number, code = line.split()
            rows.append((int(number), code))
    return sorted(rows)
