"""The BibTeX reader: entries, exact places, what does not parse, and fixes written back."""

# Offline: these lists are only read; no URL in them is ever fetched (and
# tests/conftest.py's responses mock and socket guard refuse any request that tried).

from __future__ import annotations

import pathlib
import textwrap

import pytest

from fmfl_lint.cli import main
from fmfl_lint.fix import apply_fixes
from fmfl_lint.model import Document, Span
from fmfl_lint.net.result import LinkResult, Outcome
from fmfl_lint.pipeline import lint_text
from fmfl_lint.readers import reader_for
from fmfl_lint.readers.bibtex.build import parse
from fmfl_lint.readers.bibtex.values import month_number, pieces, plain
from fmfl_lint.records import Facts, RepoState
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings

HERE = pathlib.Path(__file__).parent

ENTRY = textwrap.dedent(
    r"""
    @string{icml = "International Conference on Machine Learning"}

    @inproceedings{tan2022,
      title     = {{F}ed{PET}uning: Tuning},
      booktitle = icml,
      url       = {https://proceedings.neurips.cc/paper\_files/p.pdf},
      doi       = "10.1000/xyz",
      eprint    = {2203.06904},
      github    = {https://github.com/o/r},
      tags      = {efficiency, prompt tuning},
      month     = jul,
      year      = {2022}
    }
    """
).lstrip("\n")


def read(text: str) -> Document:
    return parse("references.bib", text)


def written(text: str, span: Span) -> str:
    assert span.start is not None and span.end is not None
    return text[span.start : span.end]


def test_an_entry_and_the_exact_place_of_each_field() -> None:
    doc = read(ENTRY)
    (entry,) = doc.entries
    assert (entry.first_line, entry.last_line) == (3, 13)
    assert entry.section == ("efficiency", "prompt tuning")
    assert entry.title is not None and entry.title.text == "FedPETuning: Tuning"
    # the text differs from what is written (case braces): no offsets, so nothing rewrites it
    assert entry.title.span == Span(4, 16)
    assert entry.venue is not None
    assert entry.venue.text == "International Conference on Machine Learning"
    assert entry.date is not None and entry.date.text == "2022-07"
    assert entry.date.span.line == 12  # at the year
    assert entry.url is not None
    assert entry.url.url == "https://proceedings.neurips.cc/paper_files/p.pdf"
    assert entry.url.span.line == 6 and entry.url.span.column == 16
    assert written(ENTRY, entry.url.span) == r"https://proceedings.neurips.cc/paper\_files/p.pdf"
    links = {link.url: written(ENTRY, link.span) for link in entry.links}
    assert links == {
        "https://doi.org/10.1000/xyz": "10.1000/xyz",
        "https://arxiv.org/abs/2203.06904": "2203.06904",
        "https://github.com/o/r": "https://github.com/o/r",
    }
    extra = dict(entry.extra)
    assert extra["key"].text == "tan2022" and written(ENTRY, extra["key"].span) == "tan2022"
    assert extra["month"].text == "jul" and extra["month"].span.line == 11
    assert entry.block is not None
    assert ENTRY[entry.block[0] : entry.block[1]] == ENTRY[ENTRY.index("@inproceedings") :]


def test_the_primary_link_is_the_url_else_the_doi_else_the_eprint_else_howpublished() -> None:
    text = textwrap.dedent(
        r"""
        @article{a, title = {A}, doi = {10.1/a}, eprint = {2301.00001}}
        @article{b, title = {B}, eprint = {arXiv:2301.00002}}
        @misc{c, title = {C}, howpublished = {\url{https://github.com/o/c}}}
        @article{d, title = {D}, eprint = {hep-th/9901001}, archiveprefix = {IACR}}
        """
    )
    urls = [entry.url.url if entry.url else None for entry in read(text).entries]
    assert urls == [
        "https://doi.org/10.1/a",
        "https://arxiv.org/abs/2301.00002",
        "https://github.com/o/c",
        None,
    ]
    misc = read(text).entries[2]
    assert misc.url is not None and written(text, misc.url.span) == "https://github.com/o/c"


def test_the_venue_is_the_journal_else_the_booktitle_else_howpublished_in_words() -> None:
    text = textwrap.dedent(
        r"""
        @article{a, title = {A}, journal = {TMLR}, booktitle = {ICML}}
        @inproceedings{b, title = {B}, booktitle = {ICML}, howpublished = {NeurIPS}}
        @misc{c, title = {C}, howpublished = {Findings of EMNLP 2025}}
        @misc{d, title = {D}, howpublished = {\url{https://github.com/o/d}}}
        """
    )
    venues = [entry.venue.text if entry.venue else None for entry in read(text).entries]
    assert venues == ["TMLR", "ICML", "Findings of EMNLP 2025", None]


def test_crlf_lines_and_a_bom_free_unicode_title_keep_their_places() -> None:
    text = "@article{k,\r\n  title = {Über Ä},\r\n  url = {https://e.org/ü}\r\n}\r\n"
    (entry,) = read(text).entries
    assert entry.url is not None and entry.url.span.line == 3
    assert written(text, entry.url.span) == "https://e.org/ü"
    assert entry.block == (0, len(text))


def test_an_entry_that_does_not_parse_is_a_message_and_the_next_is_read() -> None:
    text = "@article{one,\n  title = {Never closed,\n  year = {2020}\n\n@article{two, title={T}}\n"
    doc = read(text)
    assert [dict(e.extra)["key"].text for e in doc.entries] == ["two"]
    (message,) = doc.messages
    assert message.line == 1 and "entry 'one' does not parse" in message.text


def test_a_suppression_comment_covers_the_next_entry_only() -> None:
    text = textwrap.dedent(
        """
        % fmfl-lint: disable=bad-month
        @article{a, title = {A}, url = {https://e.org/a}, month = {Spring}}
        @article{b, title = {B}, url = {https://e.org/b}, month = {Fall}}
        % fmfl-lint: what
        """
    ).lstrip("\n")
    findings = lint_text("r.bib", text, FileSettings(tuple(select_rules(offline=True))))
    assert [(f.line, f.code) for f in findings] == [(3, "FL605"), (4, "FL006")]


def test_values_as_written() -> None:
    found, problem = pieces('{a {b}} # "c" # jan')
    assert problem == "" and [(p.start, p.end, p.bare) for p in found] == [
        (0, 7, False),
        (10, 13, False),
        (16, 19, True),
    ]
    assert pieces("{a}\n  year = {2020}")[1] == "',' expected before 'year = {2020}'"
    assert pieces("{a")[1] == "unbalanced braces in the value"
    assert plain(r"{T}he {\&} 50\% {\"u}") == r"The & 50% \"u"


@pytest.mark.parametrize(
    ("text", "month"),
    [("5", 5), ("12", 12), ("may", 5), ("Jun.", 6), ("09--15 Jun", 6), ("sept", 9)],
)
def test_months_that_read(text: str, month: int) -> None:
    assert month_number(text) == month


@pytest.mark.parametrize("text", ["13", "0", "Spring", "ma", "Jun--Jul", ""])
def test_months_that_do_not(text: str) -> None:
    assert month_number(text) is None


def test_bib_files_are_read_by_the_bibtex_reader() -> None:
    assert reader_for("refs/references.BIB").name == "bibtex"


FIXABLE = textwrap.dedent(
    """
    @article{a,
      title = {A Paper},
      url   = {https://e.org/old},
      month = {5},
      year  = {2023}
    }

    @article{b,
      title = {B Paper}, url = {https://github.com/old/name}, month = 8, year = 2023
    }

    @article{c,
      title = {B Paper}, url = {https://github.com/old/name}, year = 2023
    }
    """
).lstrip("\n")


def test_fix_pads_months_follows_redirects_renames_and_removes_copies(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = Facts(
        links={
            "https://e.org/old": LinkResult(
                "https://e.org/old", Outcome.REDIRECTED, 301, "https://e.org/new"
            )
        },
        repos={("old", "name"): RepoState(True, "new/name")},
    )
    rules = tuple(select_rules())
    findings = lint_text("r.bib", FIXABLE, FileSettings(rules), facts=facts)
    fixable = sorted((f.line, f.code) for f in findings if f.fix)
    assert fixable == [
        (3, "FL103"),
        (4, "FL605"),
        (9, "FL502"),
        (9, "FL605"),
        (13, "FL201"),
        (13, "FL502"),
    ]
    fixed, _ = apply_fixes(FIXABLE, findings)
    assert "{https://e.org/new}" in fixed and "{https://github.com/new/name}" in fixed
    # the offline fixes through the command line: byte for byte elsewhere, twice a no-op
    path = tmp_path / "r.bib"
    path.write_text(FIXABLE, encoding="utf-8")
    main(["--offline", "--fix", str(path)])
    once = path.read_text(encoding="utf-8")
    expected = FIXABLE.replace("{5}", "{05}").replace("month = 8", "month = 08")
    expected = expected[: expected.index("@article{c")]  # the copy and its newline
    assert once == expected
    assert parse("r.bib", once).messages == ()
    main(["--offline", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == once
    capsys.readouterr()
