"""FL503 beside the entry's own links, at exact lines."""

# Offline: these lists are only read; no URL in them is ever fetched (and
# tests/conftest.py's responses mock and socket guard refuse any request that tried).

from __future__ import annotations

from fmfl_lint.pipeline import lint_text
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings

STARS = "![Star](https://img.shields.io/github/stars/{repo})"


def fl503(text: str) -> list[tuple[int, bool, str]]:
    settings = FileSettings(tuple(select_rules(["FL503"])))
    return [(f.line, f.fix is not None, f.message) for f in lint_text("README.md", text, settings)]


def test_a_badge_beside_a_link_to_its_repository_is_fine() -> None:
    row = f"| {STARS.format(repo='o/a')} [**A Paper**](https://arxiv.org/abs/2401.00001) |"
    text = f"| Title | Code |\n|---|---|\n{row} [Github](https://github.com/o/a) |\n"
    assert fl503(text) == []


def test_a_badge_beside_another_repository_is_reported_without_a_fix() -> None:
    row = f"| {STARS.format(repo='o/a')} [**A Paper**](https://arxiv.org/abs/2401.00001) |"
    text = f"| Title | Code |\n|---|---|\n{row} [Github](https://github.com/o/other) |\n"
    assert fl503(text) == [(3, False, "stars badge of o/a, but the entry's code is o/other")]


def test_a_badge_alone_is_reported_with_its_fix() -> None:
    row = f"| {STARS.format(repo='o/a')} [**A Paper**](https://arxiv.org/abs/2401.00001) |"
    text = f"| Title | Code |\n|---|---|\n{row} - |\n"
    [(line, fixable, message)] = fl503(text)
    assert (line, fixable) == (3, True) and message.endswith("link it to https://github.com/o/a")
