"""FL602 at exact lines: which entries of a bibliography need a link, and which do not."""

# Offline: these bibliographies are only read; no URL in them is ever fetched.

from __future__ import annotations

from fmfl_lint.pipeline import lint_text
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings


def fl602(text: str) -> list[tuple[int, str]]:
    settings = FileSettings(tuple(select_rules(["FL602"])))
    return [(f.line, f.message) for f in lint_text("references.bib", text, settings)]


LINKED = "@article{linked, title = {A Linked Paper}, url = {https://example.org/linked}}\n"


def test_an_entry_without_a_link_or_a_title_is_reported() -> None:
    text = LINKED + "@article{bare, title = {A Bare Paper}}\n@article{untitled, doi = {10.1/x}}\n"
    assert fl602(text) == [
        (2, "entry 'bare' has no url, doi or eprint field"),
        (3, "entry 'untitled' has no title"),
    ]


def test_an_arxiv_id_in_the_journal_line_links_the_paper() -> None:
    text = LINKED + (
        "@article{kingma2014adam,\n"
        "  title = {Adam: A Method for Stochastic Optimization},\n"
        "  journal = {arXiv preprint arXiv:1412.6980},\n"
        "  year = {2014}\n"
        "}\n"
    )
    assert fl602(text) == []
    assert [line for line, _ in fl602(text.replace("arXiv:1412.6980", "(no id)"))] == [2]


def test_a_bibliography_without_link_fields_expects_no_links() -> None:
    text = (
        "@article{one, title = {One Paper}, journal = {arXiv preprint arXiv:1412.6980}}\n"
        "@book{two, title = {Two Books}}\n"
    )
    assert fl602(text) == []
    assert fl602(text + "@misc{untitled, year = {2020}}\n") == [
        (3, "entry 'untitled' has no title")
    ]


def test_untagged_citations_of_a_tagged_bibliography_need_no_link() -> None:
    text = (
        "@article{row, title = {A Listed Paper}, tags = {Prompt}}\n"
        "@article{cited, title = {A Survey It Cites}}\n"
    )
    assert [line for line, _ in fl602(LINKED + text)] == [2]
    assert [line for line, _ in fl602(LINKED + text.replace(", tags = {Prompt}", ""))] == [2, 3]
