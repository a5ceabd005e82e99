"""FL002 says "no link" only of an entry that links nothing at all."""

# Offline: these lists are only read; no URL in them is ever fetched (and
# tests/conftest.py's responses mock and socket guard refuse any request that tried).

from __future__ import annotations

from fmfl_lint.pipeline import lint_text
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings


def fl002(path: str, text: str) -> list[tuple[int, str]]:
    settings = FileSettings(tuple(select_rules(["FL002"])))
    return [(f.line, f.message) for f in lint_text(path, text, settings)]


def test_a_row_that_links_its_code_but_not_its_title_is_not_malformed() -> None:
    text = (
        "| Title | Code |\n|---|---|\n"
        "| **A Model** | [Github](https://github.com/o/model) |\n"
        "| **Nothing Linked** | - |\n"
    )
    assert fl002("README.md", text) == [(4, "entry 'Nothing Linked' has no link")]


def test_a_section_of_prose_is_not_malformed() -> None:
    text = (
        "Projects\n========\n\n"
        "alpha\n-----\n\n`Docs <https://example.org/alpha>`_ | `Source <https://example.org/a>`_\n\n"
        "beta\n----\n\n`Docs <https://example.org/beta>`_ | `Source <https://example.org/b>`_\n\n"
        "gamma\n-----\n\nA note on a technique, with no link of its own.\n"
    )
    assert fl002("list.rst", text) == []
