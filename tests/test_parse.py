"""Parsing only: no URL is fetched (conftest keeps `responses` active for every test)."""

from __future__ import annotations

import textwrap

import pytest

from fmfl_lint.model import Document
from fmfl_lint.readers.rst.build import column_roles, parse


def parsed(text: str) -> Document:
    return parse("list.rst", textwrap.dedent(text).lstrip("\n"))


TABLE = """
    Top
    ===

    .. list-table::
       :header-rows: 1

       * - Code
         - Developed by
         - Published
         - Paper Title
       * - .. image:: https://img.shields.io/github/stars/o/r
              :target: https://github.com/o/r
         - Some Lab
         - 2023-04
         - .. raw:: html

              <b>
                <a href="https://example.org/p?a=1&amp;b=2">Émile\u2019s Über-Model</a>
              </b>
"""


def test_columns_are_found_by_header_words_in_any_order() -> None:
    assert column_roles(["Code", "Developed by", "Published", "Paper Title"]) == {
        "code": 0,
        "venue": 2,
        "title": 3,
    }
    assert column_roles(["Name", "Conference", "Year", "GitHub"]) == {
        "title": 0,
        "venue": 1,
        "date": 2,
        "code": 3,
    }
    # a column is named by its last word that names a role: a time, a title
    assert column_roles(["Earliest publication time", "Paper name"]) == {"date": 0, "title": 1}


def test_table_row_fields_links_and_exact_places() -> None:
    doc = parsed(TABLE)
    (entry,) = doc.entries
    assert entry.section == ("Top",)
    assert entry.title.text == "Émile\u2019s Über-Model"
    assert entry.url.url == "https://example.org/p?a=1&b=2"
    # the URL is written as it is in the HTML (entities and all), on line 18, column 22
    assert (entry.url.span.line, entry.url.span.column) == (18, 22)
    assert (
        doc.text[entry.url.span.start : entry.url.span.end] == "https://example.org/p?a=1&amp;b=2"
    )
    assert entry.venue.text == "2023-04" and entry.venue.span.line == 14
    assert entry.extra == (("Developed by", entry.extra[0][1]),)
    assert entry.extra[0][1].text == "Some Lab" and entry.extra[0][1].span.line == 13
    (badge,) = entry.links
    assert badge.is_image and badge.span.line == 11 and badge.target == "https://github.com/o/r"
    assert badge.target_span.line == 12
    assert (entry.first_line, entry.last_line) == (11, 19)


def test_crlf_bom_free_text_tabs_and_unicode_keep_lines_right() -> None:
    text = (
        "Top\r\n===\r\n\r\n"
        "* `Ünïcödé Title <https://example.org/u>`_ — ICML 2024\r\n"
        "* `Second <https://example.org/s>`_ —\tICML 2023\r\n"
    )
    doc = parse("crlf.rst", text)
    first, second = doc.entries
    assert first.title.text == "Ünïcödé Title" and first.url.span.line == 4
    assert (first.venue.text, first.date.text) == ("ICML", "2024")
    assert second.url.span.line == 5 and second.date.span.line == 5
    assert doc.text[second.url.span.start : second.url.span.end] == "https://example.org/s"


def test_substitution_badges_point_at_their_definition() -> None:
    doc = parsed(
        """
        * `Paper <https://arxiv.org/abs/2401.00001>`_ |badge|

        .. |badge| image:: https://img.shields.io/badge/arXiv-2401.00001-b31b1b.svg
           :target: https://arxiv.org/abs/2401.00001
        """
    )
    (entry,) = doc.entries
    (badge,) = entry.links
    assert (badge.span.line, badge.target_span.line) == (3, 4)


def test_nested_bullet_lists_are_entries_of_their_own_list() -> None:
    doc = parsed(
        """
        * `Parent <https://example.org/parent>`_

          * `Child One <https://example.org/c1>`_
          * `Child Two <https://example.org/c2>`_

        * `Sibling <https://example.org/sibling>`_
        """
    )
    titles = [(e.title.text, e.first_line, e.last_line) for e in doc.entries]
    assert titles == [("Parent", 1, 4), ("Child One", 3, 3), ("Child Two", 4, 4), ("Sibling", 6, 6)]
    assert len({e.container for e in doc.entries}) == 2


def test_named_references_resolve_to_their_target() -> None:
    doc = parsed(
        """
        * `Paper Name`_ — ICLR 2024
        * `Other <https://example.org/other>`_ — ICLR 2023

        .. _Paper Name: https://example.org/named
        """
    )
    assert doc.entries[0].url.url == "https://example.org/named"
    assert doc.entries[0].url.span.line == 4


def test_prose_lists_and_tables_without_a_title_column_are_not_entries() -> None:
    doc = parsed(
        """
        Contributing:

        * fork the repository, see `the guide <https://example.org/guide>`_
        * add your paper
        * open a pull request

        .. list-table::
           :header-rows: 1

           * - Maintainer
             - Homepage
           * - Someone
             - https://example.org/someone
        """
    )
    assert doc.entries == ()
    assert [(link.url, link.span.line) for link in doc.links] == [
        ("https://example.org/guide", 3),
        ("https://example.org/someone", 13),
    ]


def test_links_outside_entries_are_collected() -> None:
    doc = parsed(
        """
        .. image:: https://img.shields.io/badge/arXiv-2401.00001-b31b1b.svg
           :target: https://arxiv.org/abs/2401.00001

        See https://example.org/home for more.
        """
    )
    assert [(link.url, link.span.line, link.target) for link in doc.links] == [
        (
            "https://img.shields.io/badge/arXiv-2401.00001-b31b1b.svg",
            1,
            "https://arxiv.org/abs/2401.00001",
        ),
        ("https://example.org/home", 4, None),
    ]


def test_docutils_messages_become_data_and_nothing_is_printed(
    capfd: pytest.CaptureFixture[str],
) -> None:
    doc = parsed(
        """
        Title
        =====

        *unclosed

        .. unknown-directive:: x
        """
    )
    assert capfd.readouterr() == ("", "")
    assert [(m.line, m.level) for m in doc.messages] == [(4, 2), (6, 3)]


def test_include_directives_read_nothing(tmp_path, capfd) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=hunter2")
    doc = parsed(f".. include:: {secret}\n")
    assert "hunter2" not in str(doc)
    assert doc.messages and doc.messages[0].level >= 2
    assert capfd.readouterr() == ("", "")


def test_suppression_scopes() -> None:
    doc = parsed(
        """
        A
        =

        .. fmfl-lint: disable=FL401

        * `X <https://example.org/x>`_

        B
        =

        * `Y <https://example.org/y>`_

          .. fmfl-lint: disable=FL204
        """
    )
    section, entry = doc.suppressions
    assert (section.codes, section.first_line, section.last_line) == ({"FL401"}, 4, 7)
    assert (entry.codes, entry.first_line, entry.last_line) == ({"FL204"}, 11, 13)
