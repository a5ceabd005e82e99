"""Broken and absurd input ends in findings, never in a traceback."""

from __future__ import annotations

import pytest

from fmfl_lint.pipeline import lint_text
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings

ABSURD_URLS = [
    "https://example.org/" + "a" * 10_000,
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "file:///etc/passwd",
    "https://bücher.example/straße",
    "http://[::1]:8080/x",
    "http://[::1/broken",
    "http://example.org:99999/port",
    "https://user:pass@example.org/x",
    "https://",
    "//example.org/no-scheme",
]


def lint(text: str) -> list:
    return lint_text("list.rst", text, FileSettings(tuple(select_rules(["ALL"]))))


@pytest.mark.parametrize("url", ABSURD_URLS)
def test_absurd_urls_in_every_position(url: str) -> None:
    text = (
        "Title\n=====\n\n"
        f"* `Paper <{url}>`_ — ICML 2024\n"
        f"* `Other <https://example.org/o>`_ — ICML 2023 |badge|\n\n"
        f".. |badge| image:: {url}\n   :target: {url}\n\n"
        f'.. raw:: html\n\n   <a href="{url}"><img src="{url}"></a>\n'
    )
    for finding in lint(text):
        assert 1 <= finding.line <= text.count("\n") + 1


@pytest.mark.parametrize(
    "text",
    [
        # a list-table with ragged rows
        ".. list-table::\n   :header-rows: 1\n\n   * - Title\n     - Year\n   * - `A <https://a.org>`_\n",
        # broken HTML in a raw block
        '.. raw:: html\n\n   <a href="https://x.org"><img src=\'https://y.org <b></a\n',
        # an unclosed directive and stray markup
        ".. list-table::\n\n* `A <https://a.org>`_\n\n.. |sub| image::\n\n`unclosed <\n",
        # a table whose header has a title column but whose rows are empty
        ".. list-table::\n   :header-rows: 1\n\n   * - Title\n   * -\n",
        # bullet items that are only badges
        "* |a|\n* |b|\n\n.. |a| image:: https://img.shields.io/github/stars/o/r\n",
    ],
)
def test_broken_markup_is_reported_not_raised(text: str) -> None:
    for finding in lint(text):
        assert 1 <= finding.line <= text.count("\n") + 1


def test_deeply_nested_sections_and_lists() -> None:
    markers = "=-~^\"'`#*+<>:._"
    text = "".join(f"Level {i}\n{markers[i % len(markers)] * 8}\n\n" for i in range(40))
    text += "".join("  " * i + f"* `Item {i} <https://example.org/{i}>`_\n\n" for i in range(60))
    lint(text)
