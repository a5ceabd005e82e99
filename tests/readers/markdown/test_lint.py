"""FL001 kinds, suppression comments, --fix in Markdown syntax, and the acceptance examples."""

# Offline: these lists are only read; no URL in them is ever fetched (and
# tests/conftest.py's responses mock and socket guard refuse any request that tried).

from __future__ import annotations

import json
import pathlib

import pytest

from fmfl_lint.cli import main
from fmfl_lint.fix import apply_fixes
from fmfl_lint.model import Document
from fmfl_lint.pipeline import lint_text
from fmfl_lint.readers.markdown import MarkdownReader
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings

EXAMPLES = pathlib.Path(__file__).parents[2] / "examples"
OFFLINE = FileSettings(tuple(select_rules(offline=True)))


def read_markdown(text: str) -> Document:
    return MarkdownReader().read("list.md", text)


def lint(text: str) -> list[tuple[int, str]]:
    return sorted((f.line, f.code) for f in lint_text("list.md", text, OFFLINE))


# -- the acceptance examples ------------------------------------------------------------


def run_json(path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    status = main(["--offline", "--format", "json", str(path)])
    return status, json.loads(capsys.readouterr().out)


def test_defects_md_reports_exactly_its_expected_findings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = json.loads((EXAMPLES / "defects.md.expected.json").read_text(encoding="utf-8"))
    status, findings = run_json(EXAMPLES / "defects.md", capsys)
    assert sorted((f["code"], f["line"]) for f in findings) == sorted(
        (f["code"], f["line"]) for f in expected["findings"]
    )
    assert status == 1


def test_defects_md_finds_what_defects_rst_finds(capsys: pytest.CaptureFixture[str]) -> None:
    _, markdown = run_json(EXAMPLES / "defects.md", capsys)
    _, rst = run_json(EXAMPLES / "defects.rst", capsys)
    assert sorted(f["code"] for f in markdown) == sorted(f["code"] for f in rst)


def test_clean_md_reports_nothing_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(EXAMPLES / "clean.md", capsys) == (0, [])


# -- what is not a paper entry -----------------------------------------------------------


def test_a_paper_lists_venue_index_and_side_lists_are_not_ordered_or_paired() -> None:
    # as entries, the venue index (line 11 after 10) breaks its order (FL401) and the two
    # thanked repositories read as near-duplicate titles (FL204, line 33)
    text = (pathlib.Path(__file__).parent / "fixtures" / "side_lists.md").read_text("utf-8")
    assert lint(text) == []


def test_lists_under_two_bold_labels_are_two_sections() -> None:
    # the survey under "Surveys" (line 5) and again under "Benchmarks" (line 13) is no
    # duplicate; the benchmark under "Benchmarks" twice is (the prose between is no label)
    text = (pathlib.Path(__file__).parent / "fixtures" / "bold_labels.md").read_text("utf-8")
    assert lint(text) == [(22, "FL201")]


def test_a_venue_prefix_is_not_part_of_the_title() -> None:
    # the same paper in a table and in a "[Venue Year] Title" bullet: one title, no FL203
    text = (
        "## Graphs\n\n| Title | Venue | Year |\n|---|---|---|\n"
        "| [A Survey of Graphs](https://doi.org/10.1145/1.2) | SIGKDD Explor. | 2022 |\n\n"
        "## Surveys\n\n- [SIGKDD Explor. 2022] A Survey of Graphs [PUB](https://doi.org/10.1145/1.2)\n"
    )
    assert lint(text) == []


def test_a_paper_under_a_venue_heading_in_words_is_no_preprint() -> None:
    # dated 2021 by its year heading, before its arXiv id (2022-05): fine for a paper of
    # a venue ("NAACL workshop"), which FL303 leaves alone; not for a preprint (under a
    # topic): its date is written at the year heading, line 3
    text = (
        "## Papers\n\n### 2021\n\n#### NAACL workshop\n\n"
        "- Noisy Feedback. [[PUB](https://example.org/p)] [[PDF](https://arxiv.org/abs/2205.03092)]\n"
        "\n#### Computer Vision\n\n"
        "- Noisy Images. [[PUB](https://example.org/q)] [[PDF](https://arxiv.org/abs/2205.03093)]\n"
    )
    assert lint(text) == [(3, "FL303")]


# -- FL001 ------------------------------------------------------------------------------

TABLE = "| Title | Venue |\n|---|---|\n| [A Paper](https://example.org/a) | ICML |\n"


def test_a_title_linking_a_file_of_the_repository_is_linked() -> None:
    text = (
        "## Jailbreaking\n\n"
        "| Title | Date | Published |\n|---|---|---|\n"
        "| [Many Shot Jailbreaking](paper_list/many_shot.md) | 2024-04 | USENIX Security |\n"
        "| [Bag of Tricks](#bag-of-tricks) | 2023-02 | arXiv |\n"
    )
    # a page of the repository is a link; an anchor on this page is not
    assert lint(text) == [(6, "FL002")]
    [entry, _] = read_markdown(text).entries
    assert entry.url is not None and entry.url.url == "paper_list/many_shot.md"


def test_a_gfm_row_with_more_cells_than_its_header_is_fl001_a_short_one_nothing() -> None:
    short = TABLE + "| [Short Row](https://example.org/b) |\n"
    long = TABLE + "| [Long Row](https://example.org/c) | ICML | extra |\n"
    # GitHub pads a short row (it renders whole: a row without its last cell has none)
    # and drops the cells of a long one past the header's (they vanish from the page)
    assert lint(short) == []
    assert lint(long) == [(4, "FL001")]
    assert not any(code == "FL001" for _, code in lint(TABLE))


def test_an_escaped_pipe_is_not_a_cell() -> None:
    assert lint(TABLE + "| [A \\| B](https://example.org/d) | ICML |\n") == []


HTML_TABLE = """<table>
<tr><th>Title</th><th>Venue</th></tr>
<tr>
<td><a href="https://example.org/a">A Paper Title</td>
<td>ICML</td>
</tr>
</table>
"""


def test_an_unclosed_tag_in_an_html_table_is_fl001_at_its_line() -> None:
    assert (4, "FL001") in lint(HTML_TABLE)
    closed = HTML_TABLE.replace("Title</td>", "Title</a></td>")
    assert lint(closed) == []


def test_a_table_never_closed_is_fl001() -> None:
    assert (1, "FL001") in lint(HTML_TABLE.replace("</table>\n", ""))


def test_a_reference_link_without_definition_is_fl001_with_one_it_is_a_link() -> None:
    text = "- [A Paper][ref] — ICML 2023\n"
    assert lint(text) == [(1, "FL001")]
    assert lint(text + "\n[ref]: https://example.org/a\n") == []


TAGS = "- Oort [[Paper]](https://arxiv.org/abs/2010.06081) [OSDI 2021][Nice paper] [Oral][]\n"


def test_bracketed_notes_are_fl001_only_where_the_file_defines_references() -> None:
    # CommonMark shows both as written, which is what the author meant in a file that uses
    # no reference links; in one that does, "Nice paper" is likely a label mistyped, and
    # "[Oral][]" is reference syntax in either
    assert lint(TAGS) == [(1, "FL001")]
    assert lint(TAGS.replace("[Oral][]", "[Oral]")) == []
    defined = TAGS + "- Flower [[Paper]][flower]\n\n[flower]: https://arxiv.org/abs/2007.14390\n"
    assert lint(defined) == [(1, "FL001"), (1, "FL001")]
    # the "[//]: # (note)" comment defines no reference
    assert lint("[//]: # (generated)\n\n" + TAGS.replace("[Oral][]", "")) == []


# -- suppressions ---------------------------------------------------------------------


def _unsorted(section: str) -> str:
    """Oldest first but for the last entry: FL401 once."""
    years = (2020, 2022, 2024, 2025, 2021)
    return "".join(
        f"- [{section} Paper of {year}](https://example.org/{section}/{year}) — ICML {year}\n"
        for year in years
    )


UNSORTED = "## One\n\n{comment}" + _unsorted("One") + "\n## Two\n\n" + _unsorted("Two")


def test_a_comment_in_a_section_body_covers_that_section_only() -> None:
    plain = lint(UNSORTED.format(comment=""))
    assert [code for _, code in plain].count("FL401") == 2
    found = lint(UNSORTED.format(comment="<!-- fmfl-lint: disable=FL401 -->\n\n"))
    assert [(line, code) for line, code in found if code == "FL401"] == [(17, "FL401")]


def test_disable_file_covers_the_whole_file() -> None:
    text = "<!-- fmfl-lint: disable-file=unsorted-entries -->\n\n" + UNSORTED.format(comment="")
    assert "FL401" not in [code for _, code in lint(text)]


def test_a_comment_in_an_item_or_row_covers_that_entry_only() -> None:
    items = (
        "- [No Link Here <!-- fmfl-lint: disable=FL005 -->](htps://a.org) — ICML 2020\n"
        "- [Bad Scheme](htps://b.org) — ICML 2020\n"
    )
    assert lint(items) == [(2, "FL005")]
    rows = (
        "| Title | Venue |\n|---|---|\n"
        "| [A](htps://a.org) <!-- fmfl-lint: disable=FL005 --> | ICML |\n"
        "| [B](htps://b.org) | ICML |\n"
    )
    assert lint(rows) == [(4, "FL005")]
    html = HTML_TABLE.replace("<td>ICML</td>", "<td>ICML<!-- fmfl-lint: disable=FL001 --></td>")
    assert lint(html) == []


def test_an_unknown_code_in_a_comment_is_fl006() -> None:
    assert lint("<!-- fmfl-lint: disable=FL999 -->\n") == [(1, "FL006")]
    assert lint("<!-- fmfl-lint: whatever -->\n") == [(1, "FL006")]


# -- --fix ------------------------------------------------------------------------------


def fixed(text: str, code: str) -> str:
    findings = [f for f in lint_text("list.md", text, OFFLINE) if f.code == code]
    assert findings and all(f.fix for f in findings)
    new, _ = apply_fixes(text, findings)
    again = [f for f in lint_text("list.md", new, OFFLINE) if f.fix]
    assert again == []  # a second --fix changes nothing
    return new


def test_fl503_links_a_markdown_image_in_markdown_syntax() -> None:
    text = "- [A Paper](https://example.org/a) ![stars](https://img.shields.io/github/stars/o/r)\n"
    assert fixed(text, "FL503") == (
        "- [A Paper](https://example.org/a) "
        "[![stars](https://img.shields.io/github/stars/o/r)](https://github.com/o/r)\n"
    )


def test_fl503_wraps_an_img_tag_in_an_anchor() -> None:
    text = (
        '- [A Paper](https://example.org/a) <img src="https://img.shields.io/github/stars/o/r">\n'
    )
    assert fixed(text, "FL503") == (
        '- [A Paper](https://example.org/a) <a href="https://github.com/o/r">'
        '<img src="https://img.shields.io/github/stars/o/r"></a>\n'
    )


def test_fl201_removes_the_whole_duplicate_row() -> None:
    row = "| [A Paper](https://arxiv.org/abs/2301.00001) | ICML | 2023 |\n"
    text = "| Title | Venue | Year |\n|---|---|---|\n" + row + row
    assert fixed(text, "FL201") == "| Title | Venue | Year |\n|---|---|---|\n" + row


def test_fl201_removes_a_whole_loose_item_and_keeps_the_blank_lines() -> None:
    item = (
        "1.  **A Paper Title.** ICML.\n\n"
        "    *A. Author et al.* [[pdf](https://arxiv.org/abs/2301.00001)], 2023.01\n"
    )
    text = f"## P\n\n{item}\n{item.replace('1.', '2.', 1)}"
    assert fixed(text, "FL201") == f"## P\n\n{item}\n"


def test_fl401_moves_whole_items_byte_exactly() -> None:
    text = (
        "- [Paper A](https://example.org/a) — ICML 2024\r\n"
        "  - [its code](https://github.com/o/a)\r\n"
        "- [Paper B](https://example.org/b) — ICML 2022\r\n"
        "- [Paper C](https://example.org/c) — ICML 2023\r\n"
        "- [Paper D](https://example.org/d) — ICML 2021\r\n"
    )
    assert fixed(text, "FL401") == (
        "- [Paper A](https://example.org/a) — ICML 2024\r\n"
        "  - [its code](https://github.com/o/a)\r\n"
        "- [Paper C](https://example.org/c) — ICML 2023\r\n"
        "- [Paper B](https://example.org/b) — ICML 2022\r\n"
        "- [Paper D](https://example.org/d) — ICML 2021\r\n"
    )


def test_fl401_moves_html_table_rows() -> None:
    def row(title: str, year: str) -> str:
        return f'<tr>\n<td><a href="https://example.org/{year}">{title}</a></td>\n<td>{year}</td>\n</tr>\n'

    head = "<table>\n<tr><th>Title</th><th>Year</th></tr>\n"
    text = head + row("Paper A", "2024") + row("Paper B", "2022") + row("Paper C", "2023")
    text += row("Paper D", "2021") + "</table>\n"
    expected = head + row("Paper A", "2024") + row("Paper C", "2023") + row("Paper B", "2022")
    expected += row("Paper D", "2021")
    assert fixed(text, "FL401") == expected + "</table>\n"
