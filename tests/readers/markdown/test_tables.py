"""Which tables are lists of entries, which rows are entries, and which column a cell of
an HTML table spanning rows or columns is read in."""

# Offline: these lists are only read; no URL in them is ever fetched.

from __future__ import annotations

import pathlib

from fmfl_lint.pipeline import lint_text
from fmfl_lint.readers.markdown import MarkdownReader
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings

FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "data_tables.md"
OFFLINE = FileSettings(tuple(select_rules(offline=True)))


def test_data_tables_and_blank_rows_are_no_entries() -> None:
    # the datasets (HTML, lines 7-8) and results (GFM, 15-16) tables link nothing; the
    # blank rows (23, 31) hold places: only the linked rows (22, 29, 30) are entries
    text = FIXTURE.read_text(encoding="utf-8")
    doc = MarkdownReader().read(str(FIXTURE), text)
    assert [(e.line, e.title.text if e.title else None) for e in doc.entries] == [
        (22, "A Paper Title"),
        (29, "Mixup: Beyond Risk"),
        (30, "Symmetric Cross Entropy"),
    ]
    assert lint_text("list.md", text, OFFLINE) == []


SPANS = """<table>
<tr><th rowspan="2">Venue</th><th colspan="2">Paper</th></tr>
<tr><th>Note</th><th>Title</th></tr>
<tr><td rowspan="2">ICML</td><td>Mixup</td><td><a href="https://example.org/m">Mixup</a></td></tr>
<tr><td>SCE</td><td><a href="https://example.org/s">Symmetric Cross Entropy</a></td></tr>
<tr><td colspan="2">ICLR, oral</td><td><a href="https://example.org/c">Co-teaching</a></td></tr>
</table>
"""


def test_cells_spanning_rows_or_columns_keep_the_others_in_their_columns() -> None:
    # the header is two rows (its cells span them); below <td rowspan="2">ICML</td>, "SCE"
    # is the Note and the link the Title: that row shows no venue of its own (ICML's is
    # written once above); "ICLR, oral" spans Venue and Note
    entries = MarkdownReader().read("list.md", SPANS).entries
    assert [
        (
            e.title.text if e.title else None,
            e.venue.text if e.venue else None,
            {name: note.text for name, note in e.extra},
        )
        for e in entries
    ] == [
        ("Mixup", "ICML", {"Note": "Mixup"}),
        ("Symmetric Cross Entropy", None, {"Note": "SCE"}),
        ("Co-teaching", "ICLR, oral", {}),
    ]


def test_a_paper_table_with_one_unlinked_row_still_reports_it() -> None:
    text = (
        "| Title | Year |\n|---|---|\n| [Linked](https://example.org/a) | 2020 |\n"
        "| Unlinked Paper | 2021 |\n"
    )
    assert [(f.line, f.code) for f in lint_text("list.md", text, OFFLINE)] == [(4, "FL002")]


def test_a_table_of_titles_that_links_nothing_is_no_list_of_entries() -> None:
    # unsure whether these are papers left unlinked on purpose or a table of names: one
    # FL002 per row would be a wall, so it stays quiet (one unlinked row among linked ones
    # is reported, above)
    text = "| Title | Venue |\n|---|---|\n| Attention Is All You Need | NeurIPS |\n"
    assert MarkdownReader().read("list.md", text).entries == ()


def test_a_table_linking_files_of_its_repository_is_a_list_of_entries() -> None:
    text = "| Title | Venue |\n|---|---|\n| [Local Paper](papers/local.pdf) | ICML |\n"
    assert [e.line for e in MarkdownReader().read("list.md", text).entries] == [3]


NO_HEAD = """<table>
<tr><td>Metrics</td><td>Citations</td><td>Earliest publication time</td><td>Paper name</td></tr>
<tr><td colspan="4" align="center"><a id="1"></a> HVS-Based Method</td></tr>
<tr><td>GMSD</td><td>1716</td><td>2013.12</td>
<td><a href="https://arxiv.org/abs/1308.3052">Gradient magnitude similarity deviation</a></td></tr>
</table>
"""


def test_a_table_of_plain_cells_takes_its_first_row_as_header_and_skips_group_labels() -> None:
    # no <thead> and no <th>: the first row links nothing and names a title column ("Paper
    # name"), so it is the header; the row spanning all four columns names a group; the
    # publication time is a date, the last word naming the column
    entries = MarkdownReader().read("list.md", NO_HEAD).entries
    assert [
        (e.line, e.title.text if e.title else None, e.date.text if e.date else None, e.venue)
        for e in entries
    ] == [(5, "Gradient magnitude similarity deviation", "2013.12", None)]


def test_a_table_of_plain_cells_that_links_nothing_stays_data() -> None:
    text = (
        "<table>\n<tr><td>Model</td><td>Accuracy</td></tr>\n"
        "<tr><td>ResNet</td><td>76.1</td></tr>\n</table>\n"
    )
    assert MarkdownReader().read("list.md", text).entries == ()


def test_a_first_row_that_links_is_an_entry_not_a_header() -> None:
    text = (
        "<table>\n<tr><td><a href='https://example.org/a'>Paper A</a></td><td>2020</td></tr>\n"
        "<tr><td><a href='https://example.org/b'>Paper B</a></td><td>2021</td></tr>\n</table>\n"
    )
    assert MarkdownReader().read("list.md", text).entries == ()


def test_the_paper_column_is_the_title_over_a_column_of_labels() -> None:
    # Name holds labels, Paper the papers: COLUMN_WORDS prefers Paper, and both hold text;
    # a Paper column of links written as "PDF" names nothing, so Name stays the title
    text = (
        "| **Name** | **Paper** | **Year** |\n|---|---|---|\n"
        "| MI-1 | [Data poisoning attacks](https://proceedings.neurips.cc/p) | 2016 |\n"
        "| MI-2 | [Fake Co-visitation Injection](https://people.duke.edu/ndss17.pdf) | 2017 |\n"
        "\n| Name | Paper |\n|---|---|\n| AdamW | [PDF](https://example.org/adamw.pdf) |\n"
    )
    entries = MarkdownReader().read("list.md", text).entries
    assert [(e.line, e.title.text if e.title else None, e.url and e.url.url) for e in entries] == [
        (3, "Data poisoning attacks", "https://proceedings.neurips.cc/p"),
        (4, "Fake Co-visitation Injection", "https://people.duke.edu/ndss17.pdf"),
        (8, "AdamW", "https://example.org/adamw.pdf"),
    ]


def test_a_row_whose_title_links_nothing_takes_the_link_of_its_paper_column() -> None:
    # not labelled as a paper, not on a paper host: still the paper, by its column
    text = (
        "| Title | Link |\n|---|---|\n"
        "| Fake Co-visitation Injection | [here](https://people.duke.edu/ndss17.pdf) |\n"
    )
    entries = MarkdownReader().read("list.md", text).entries
    assert [(e.line, e.url and e.url.url) for e in entries] == [
        (3, "https://people.duke.edu/ndss17.pdf")
    ]


def test_a_header_of_plain_cells_spans_the_rows_its_cells_span() -> None:
    # "Method" is named in the second row, under the cell spanning two columns
    text = (
        "<table>\n<tr><td rowspan='2'>Algorithm</td><td colspan='2'>Noisy Label</td>"
        "<td rowspan='2'>Paper</td></tr>\n<tr><td>Category</td><td>Method</td></tr>\n"
        "<tr><td>FedAvg</td><td>Loss</td><td>SCE</td>"
        "<td><a href='https://example.org/sce'>Symmetric Cross Entropy</a></td></tr>\n</table>\n"
    )
    entries = MarkdownReader().read("list.md", text).entries
    assert [(e.line, e.title.text if e.title else None) for e in entries] == [
        (4, "Symmetric Cross Entropy")
    ]


GROUPS = """\
<table>
<tr><td>Metric</td><td>Year</td><td>Paper name</td></tr>
<tr><td colspan="3">Signal-based</td></tr>
<tr><td>PSNR</td><td></td><td></td></tr>
<tr><td>SSIM</td><td>2004</td><td><a href="https://e.org/s">Quality Index</a></td></tr>
<tr><td>MS-SSIM</td><td>2003</td><td><a href="https://e.org/m">Multiscale</a></td></tr>
<tr><td colspan="3">Learned</td></tr>
<tr><td>LPIPS</td><td>2018</td><td><a href="https://e.org/l">Perceptual</a></td></tr>
</table>
"""


def test_a_group_label_starts_a_list_of_its_own_and_a_metric_without_paper_is_no_entry() -> None:
    entries = MarkdownReader().read("list.md", GROUPS).entries
    # PSNR (line 4) names a metric that has no paper: not a malformed row, no entry
    assert [e.line for e in entries] == [5, 6, 8]
    first, second, third = (e.container for e in entries)
    assert first == second != third
    assert [(f.line, f.code) for f in lint_text("list.md", GROUPS, OFFLINE)] == []


def test_a_venue_and_year_column_is_a_venue_and_placeholders_state_nothing() -> None:
    text = (
        "|Paper Title|Proposed Method|Venue and Year|Materials|\n|---|---|---|---|\n"
        "|LoRA: Low-Rank Adaptation|LoRA|ICLR 2022|[[PDF](https://openreview.net/pdf?id=a)]|\n"
        "|ReFT: Representation Finetuning|ReFT|-----|[[PDF](https://arxiv.org/pdf/2404.03592)]|\n"
    )
    entries = MarkdownReader().read("list.md", text).entries
    assert [(e.venue.text if e.venue else None, e.date) for e in entries] == [
        ("ICLR 2022", None),
        (None, None),
    ]
    assert lint_text("list.md", text, OFFLINE) == []


def test_blank_cells_past_the_header_lose_nothing_and_are_no_fl001() -> None:
    row = "| A Paper On Federated Models | 2024 | [arXiv](https://arxiv.org/abs/2409.15723) |"
    text = "| Title | Year | Link |\n|---|---|---|\n" + row + "        |\n" + row + " lost |\n"
    assert [(f.line, f.code) for f in lint_text("list.md", text, OFFLINE) if f.code == "FL001"] == [
        (4, "FL001")
    ]


def test_a_paper_column_of_linked_badges_gives_the_paper_link() -> None:
    badge = "[![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/{})"
    text = (
        "| # | Paper Title | Publisher | Paper |\n|---|---|---|---|\n"
        f"| 1 | **End-to-End Video Diffusion** | arXiv 2025 | {badge.format('2512.15702')} |\n"
        f"| 2 | **AR-Diffusion** | **CVPR 2025** | {badge.format('2503.07418')} |\n"
    )
    entries = MarkdownReader().read("list.md", text).entries
    assert [(e.url.url if e.url else None, e.venue.text if e.venue else None) for e in entries] == [
        ("https://arxiv.org/abs/2512.15702", "arXiv 2025"),
        ("https://arxiv.org/abs/2503.07418", "CVPR 2025"),
    ]
    assert lint_text("list.md", text, OFFLINE) == []
