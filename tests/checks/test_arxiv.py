"""FL303 at the edges: arXiv's announcement can move an id into the next month."""

# Offline: these lists are only read; no URL in them is ever fetched (and
# tests/conftest.py's responses mock and socket guard refuse any request that tried).

from __future__ import annotations

import pytest

from fmfl_lint.pipeline import lint_text
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings


@pytest.mark.parametrize(
    ("venue_date", "reported"),
    [
        ("arXiv 2023-06", False),  # sent on 30 June, announced (and numbered) in July
        ("arXiv 2023-08", False),
        ("arXiv 2023-05", True),
        ("arXiv 2023-09", True),
        ("ICML 2023-05", False),  # dated by its venue
    ],
)
def test_a_month_either_way_is_the_same_month(venue_date: str, reported: bool) -> None:
    text = f"* `A Paper <https://arxiv.org/abs/2307.01234>`_ — {venue_date}\n"
    settings = FileSettings(tuple(select_rules(["FL303"])))
    assert bool(lint_text("list.rst", text, settings)) is reported


@pytest.mark.parametrize(
    ("link", "venue_date", "reported"),
    [
        ("2307.01234v2", "arXiv 2023-11", False),  # dated by the version it links
        ("2307.01234v1", "arXiv 2023-11", True),
        ("2307.01234v2", "arXiv 2023-03", True),  # before the id: no version is that old
    ],
)
def test_a_link_to_a_later_version_may_be_dated_by_it(
    link: str, venue_date: str, reported: bool
) -> None:
    text = f"* `A Paper <https://arxiv.org/abs/{link}>`_ — {venue_date}\n"
    settings = FileSettings(tuple(select_rules(["FL303"])))
    assert bool(lint_text("list.rst", text, settings)) is reported
