"""What the RST reader makes of Sphinx markup, of targets docutils rewrites, and of the
places it reports: each test names one behaviour and fails when it breaks."""

# Offline: these lists are only read; no URL in them is ever fetched (and
# tests/conftest.py's responses mock and socket guard refuse any request that tried).

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import directives, roles

from fmfl_lint.model import Document
from fmfl_lint.readers.rst import RstReader


def read(text: str) -> Document:
    return RstReader().read("list.rst", textwrap.dedent(text).lstrip("\n"))


def urls(doc: Document) -> list[str]:
    return [link.url for link in doc.all_links]


SPHINX = """
    Tools
    =====

    .. toctree::
       :maxdepth: 2

       usage

    .. highlight:: python

    See :ref:`tools`, :doc:`usage`, :term:`wheel`, :any:`x`, :file:`setup.cfg`,
    :class:`a.B`, :py:func:`f`, :envvar:`HOME`, :pep:`8` and :rfc:`2616`.

    .. code-block:: python
       :linenos:
       :emphasize-lines: 1

       import os  # https://example.org/in-code

    .. literalinclude:: {secret}
       :language: python

    .. versionadded:: 2.0
       Reads `Versioned <https://example.org/versioned>`_ too.

    .. autoclass:: a.B
       :members:
"""


def test_sphinx_roles_and_directives_are_not_syntax_errors(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.py"
    secret.write_text("TOKEN = 'hunter2'  # https://example.org/secret\n")
    doc = read(SPHINX.format(secret=secret))
    assert doc.messages == ()
    assert "hunter2" not in str(doc) and "https://example.org/secret" not in urls(doc)
    # code is not a link, Pygments is never asked for, and nothing is printed
    assert "https://example.org/in-code" not in urls(doc)
    assert capfd.readouterr() == ("", "")
    # the body of a version note is read
    assert "https://example.org/versioned" in urls(doc)


def test_pep_and_rfc_links_are_not_made_up() -> None:
    """docutils turns :pep: and :rfc: into URLs the file never writes: not checked."""
    doc = read(SPHINX.format(secret="missing.py"))
    assert not [url for url in urls(doc) if "peps.python.org" in url or "rfc" in url]


def test_sphinx_names_do_not_outlive_the_parse() -> None:
    before = (dict(directives._directives), dict(roles._roles))  # type: ignore[attr-defined]
    read(SPHINX.format(secret="missing.py"))
    after = (dict(directives._directives), dict(roles._roles))  # type: ignore[attr-defined]
    assert before == after
    plain = publish_doctree(
        ".. toctree::\n\n:ref:`x`\n",
        settings_overrides={"warning_stream": io.StringIO(), "report_level": 5},
    )
    errors = [m for m in plain.findall(nodes.system_message) if m["level"] >= 3]
    assert len(errors) == 2  # plain docutils still knows neither


def test_extlink_roles_are_links_where_their_target_is_written() -> None:
    doc = read(
        """
        * `Alpha <https://example.org/alpha>`_ on :pypi:`alpha-builder`
        * `Beta <https://example.org/beta>`_ at :gh:`Source <owner/beta>`
        """
    )
    first, second = doc.entries
    (pypi,) = first.links
    assert pypi.url == "https://pypi.org/project/alpha-builder/"
    assert (pypi.span.line, pypi.span.column) == (1, 50)
    assert pypi.span.start is None  # written as a name, not a URL: never rewritten
    (github,) = second.links
    assert github.url == "https://github.com/owner/beta"
    assert github.span.line == 2


def test_only_alternatives_are_read_once() -> None:
    doc = read(
        """
        .. only:: html

           * `Alpha <https://example.org/alpha>`_
           * `Beta <https://example.org/beta>`_

        .. only:: latex

           * `Alpha <https://example.org/alpha>`_
           * `Beta <https://example.org/beta>`_

        * `Gamma <https://example.org/gamma>`_
        """
    )
    assert [(e.title.text, e.first_line) for e in doc.entries if e.title] == [
        ("Alpha", 3),
        ("Beta", 4),
        ("Gamma", 11),
    ]
    assert doc.messages == ()


@pytest.mark.parametrize(
    ("target", "url"),
    [
        ("<http://a b>", "http://a b"),  # docutils links http://ab
        ("<http:>", "http:"),
        ("<>", ""),  # docutils refuses it (FL001); the link is still there for FL005
        (r"<https://example.org/a\_b>", "https://example.org/a_b"),  # an escape is no defect
    ],
)
def test_a_url_is_the_url_as_written(target: str, url: str) -> None:
    doc = read(f"* `Name {target}`__\n* `Other <https://example.org/o>`__\n")
    link = doc.entries[0].url
    assert link is not None and (link.url, link.span.line) == (url, 1)


def test_a_url_with_whitespace_keeps_it_and_its_place() -> None:
    text = "* `Two <https://example.org/a and ftp://example.org/b>`_\n"
    doc = read(text)
    link = doc.entries[0].url
    assert link.url == "https://example.org/a and ftp://example.org/b"
    assert text[link.span.start : link.span.end] == link.url


def test_reference_style_titles_sit_on_their_item_and_urls_on_their_target() -> None:
    doc = read(
        """
        * `Paper Name`_ — ICLR 2024
        * `Anonymous Paper`__ — ICML 2023

        .. _Paper Name: https://example.org/named

        __ https://example.org/anonymous
        """
    )
    named, anonymous = doc.entries
    assert (named.title.span.line, named.url.span.line) == (1, 4)
    assert (anonymous.title.span.line, anonymous.url.span.line) == (2, 6)
    assert (named.venue.text, named.date.text, named.venue.span.line) == ("ICLR", "2024", 1)


def test_raw_html_table_columns_come_from_its_header() -> None:
    doc = read(
        """
        .. raw:: html

           <table>
             <tr><th>Code</th><th>Paper</th><th>Venue</th><th>Year</th></tr>
             <tr><td><a href="https://example.org/c"><img src="https://example.org/s.svg"></a></td>
                 <td><a href="https://example.org/p">A Paper</a></td><td>ICML</td><td>2024</td></tr>
           </table>
        """
    )
    (entry,) = doc.entries
    assert (entry.title.text, entry.url.url) == ("A Paper", "https://example.org/p")
    assert (entry.venue.text, entry.date.text, entry.date.span.line) == ("ICML", "2024", 6)
    badge = next(link for link in entry.links if link.is_image)
    assert badge.target == "https://example.org/c" and badge.span.line == 5


def test_a_row_of_badges_only_links_to_the_badges_target() -> None:
    doc = read(
        """
        .. list-table::
           :header-rows: 1

           * - Name
             - Stars
           * - Plain Name
             - .. image:: https://example.org/badge.svg
                  :target: https://example.org/repo
           * - Nothing Linked
             - none
        """
    )
    badged, bare = doc.entries
    assert badged.url.url == "https://example.org/repo" and badged.url.span.line == 8
    assert bare.url is None


def test_a_lone_section_is_no_section_per_entry_page() -> None:
    doc = read(
        """
        About
        =====

        `Docs <https://example.org/docs>`__ | `Issues <https://example.org/issues>`__
        """
    )
    assert doc.entries == ()
    assert len(doc.links) == 2


def test_contents_and_back_to_top_are_not_entries() -> None:
    doc = read(
        """
        Top
        ===

        .. contents::

        * `Part <#part>`_
        * `Other part <#other-part>`_

        Part
        ----

        `Back to top <#top>`_
        """
    )
    assert doc.entries == ()
