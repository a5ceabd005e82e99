"""FL201-FL204 at exact lines: what each reports, and what each must leave alone."""

# Offline: these lists are only read; no URL in them is ever fetched (and
# tests/conftest.py's responses mock and socket guard refuse any request that tried).

from __future__ import annotations

from fmfl_lint.pipeline import lint_text
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings

from ..conftest import CASES


def codes(text: str, select: list[str]) -> list[tuple[int, str]]:
    settings = FileSettings(tuple(select_rules(select)))
    return [(f.line, f.code) for f in lint_text("list.rst", text, settings)]


def test_cross_section_duplicates_when_selected() -> None:
    text = (CASES / "duplicates.rst").read_text(encoding="utf-8")
    assert codes(text, ["FL202"]) == [(21, "FL202")]


def test_a_portal_shared_by_distinct_items_is_no_conflict() -> None:
    text = (
        "* `Crime Statistics 2001-2015 <https://data.example.org/portal>`_\n"
        "* `Crime Statistics 2005-2015 <https://data.example.org/portal>`_\n"
        "* `Census Tables <https://data.example.org/portal>`_\n"
    )
    assert codes(text, ["FL2"]) == []


def test_a_paper_link_under_two_titles_is_a_conflict() -> None:
    text = (
        "* `Federated Prompt Tuning <https://openreview.net/forum?id=abc>`_\n"
        "* `Split Learning at Scale <https://openreview.net/forum?id=abc>`_\n"
        "* `Another Title Again <https://openreview.net/forum?id=abc>`_\n"
    )
    # each later entry is compared with the first of its URL
    assert codes(text, ["FL203"]) == [(2, "FL203"), (3, "FL203")]


def test_names_that_differ_by_a_letter_or_a_number_are_not_near_duplicates() -> None:
    text = (
        "* `pytest-timeout <https://example.org/1>`_\n"
        "* `pytest-timeouts <https://example.org/2>`_\n"
        "* `Scrapy <https://example.org/3>`_\n"
        "* `Scapy <https://example.org/4>`_\n"
        "* `Python Cookbook, 2nd Edition <https://example.org/5>`_\n"
        "* `Python Cookbook, 3rd Edition <https://example.org/6>`_\n"
        "* `Deep Learning for Federated Systems 2023 <https://example.org/7>`_\n"
        "* `Deep Learning for Federated Systems 2024 <https://example.org/8>`_\n"
        "* `https://example.org/a/b <https://example.org/9>`_\n"
        "* `https://example.org/a/c <https://example.org/10>`_\n"
        "* `PDF <https://example.org/11>`_\n"
        "* `PDF <https://example.org/12>`_\n"
    )
    assert codes(text, ["FL204"]) == []


def test_near_duplicates_that_share_a_paper_link_are_called_the_same_paper() -> None:
    text = (
        "* `Split Learning for Vision Transformers <https://example.org/pub/1>`_"
        " `PDF <https://arxiv.org/abs/2211.13009>`_\n"
        "* `Split learning for vision transformers <https://arxiv.org/pdf/2211.13009v2>`_\n"
        "* `Split Learning for Vision Transformers <https://example.org/pub/2>`_\n"
    )
    settings = FileSettings(tuple(select_rules(["FL204"])))
    messages = [(f.line, f.message) for f in lint_text("list.rst", text, settings)]
    assert messages == [
        (
            2,
            "title nearly the same as line 1 ('Split Learning for Vision Transformers') (100%"
            " alike), and both link https://arxiv.org/pdf/2211.13009v2: the same paper listed"
            " twice",
        ),
        (3, "title nearly the same as line 1 ('Split Learning for Vision Transformers') (100%"
         " alike) but another URL"),
    ]  # fmt: skip


def test_equal_names_and_nearly_equal_titles_are_near_duplicates() -> None:
    text = (
        "* `Scrapy <https://example.org/1>`_\n"
        "* `scrapy <https://example.org/2>`_\n"
        "* `Split Learning for Vision Transformers <https://example.org/3>`_\n"
        "* `Split Learning for Vision Transformer <https://example.org/4>`_\n"
    )
    assert codes(text, ["FL204"]) == [(2, "FL204"), (4, "FL204")]


def test_the_fix_removes_only_an_exact_copy(tmp_path) -> None:
    text = (
        "* `NPCR 2001-2015 Crime Records <https://arxiv.org/abs/2401.00001>`_\n"
        "* `NPCR 2001-2015 Crime Record <https://arxiv.org/abs/2401.00001v2>`_\n"
        "* `NPCR 2001-2015 Crime Records <https://arxiv.org/pdf/2401.00001>`_\n"
    )
    settings = FileSettings(tuple(select_rules(["FL201"])))
    findings = lint_text("list.rst", text, settings)
    # line 2 is nearly the same title (reported, kept); line 3 the same one (removable)
    assert [(f.line, f.fix is not None) for f in findings] == [(2, False), (3, True)]


def test_package_names_are_names_however_many_hyphens() -> None:
    text = (
        "* `pytest-docker-fixtures <https://example.org/1>`_\n"
        "* `pytest-docker-git-fixtures <https://example.org/2>`_\n"
    )
    assert codes(text, ["FL204"]) == []


def test_a_title_repeated_in_another_section_is_not_a_near_duplicate() -> None:
    text = (
        "Users\n=====\n\n* `Read The Docs <https://docs.readthedocs.io/>`_\n\n"
        "Integrations\n============\n\n* `Read the Docs <https://readthedocs.org/>`_\n"
    )
    assert codes(text, ["FL204"]) == []


def test_titles_without_a_letter_or_digit_are_never_compared() -> None:
    # a misread title (a star, a dash) names no work: never a duplicate or a conflict
    text = (
        "- [🌟](https://arxiv.org/abs/1904.05862)\n"
        "- [🌟](https://arxiv.org/abs/1910.05453)\n"
        "- [—](https://openreview.net/forum?id=abc)\n"
        "- [Split Learning at Scale](https://openreview.net/forum?id=abc)\n"
    )
    settings = FileSettings(tuple(select_rules(["FL2"])))
    assert [(f.line, f.code) for f in lint_text("list.md", text, settings)] == []


def test_rows_naming_different_things_of_one_paper_are_no_duplicates() -> None:
    table = (
        "| Name | Paper | Notes |\n|---|---|---|\n"
        "| **CLEVR-ATVC** | [Accountable Textual-Visual Chat](https://arxiv.org/abs/2303.05983)"
        " | synthetic |\n"
        "| **Fruit-ATVC** | [Accountable Textual-Visual Chat](https://arxiv.org/abs/2303.05983)"
        " | real |\n"
        "| **Fruit-ATVC** | [Accountable Textual-Visual Chat](https://arxiv.org/abs/2303.05983)"
        " | copied |\n"
    )
    settings = FileSettings(tuple(select_rules(["FL2"])))
    # two datasets of one paper are two rows; the same dataset twice is a duplicate
    assert [(f.line, f.code) for f in lint_text("list.md", table, settings)] == [(5, "FL201")]
