"""Golden tests: the entries the Markdown reader reads from each shape of list."""

# Offline: these lists are only read; no URL in them is ever fetched (and
# tests/conftest.py's responses mock and socket guard refuse any request that tried).

from __future__ import annotations

import pathlib

import pytest

from fmfl_lint.model import Document
from fmfl_lint.readers import reader_for
from fmfl_lint.readers.markdown import MarkdownReader

FIXTURES = pathlib.Path(__file__).parent / "fixtures"

Row = tuple[str | None, str | None, str | None, str | None, tuple[str, ...], int]


def read(name: str) -> Document:
    path = FIXTURES / name
    return MarkdownReader().read(str(path), path.read_text(encoding="utf-8"))


def rows(doc: Document) -> list[Row]:
    """(title, url, venue, date, section, line) of every entry, in file order."""
    return [
        (
            e.title.text if e.title else None,
            e.url.url if e.url else None,
            e.venue.text if e.venue else None,
            e.date.text if e.date else None,
            e.section,
            e.line,
        )
        for e in doc.entries
    ]


ICML = ("Paper List", "Top venues", "2024", "ICML")
SURVEY, BENCHMARK = "A Survey of Multimodal Models", "A Benchmark for Models"
PAPER_1, PAPER_2, PAPER_3 = (f"https://arxiv.org/pdf/240{n}.0002{n}.pdf" for n in (1, 2, 3))
GOLDEN: dict[str, list[Row]] = {
    "html_table.md": [
        (
            "Héllo Tuning for Clients",
            "https://arxiv.org/abs/2401.00001",
            "IJCAI",
            "2024-08",
            ("Survey", "Tuning"),
            16,
        ),
        (
            "Second Paper Title",
            "https://openreview.net/forum?id=abc",
            "ICLR",
            "2024",
            ("Survey", "Tuning"),
            22,
        ),
    ],
    "gfm_table.md": [
        # badge and <br> around a bold link: the link is the title
        (
            "First Model Paper",
            "https://arxiv.org/pdf/2306.14702",
            "arXiv",
            "2023-06-20",
            ("Models",),
            5,
        ),
        # the title links code: the paper link is the one labelled PDF; emoji dropped
        (
            "Second Paper",
            "https://arxiv.org/abs/2305.00001",
            "CVPR 2023",
            "2023/05",
            ("Models",),
            6,
        ),
        # an unlinked title: the row's [[PDF](..)] is its link
        (
            "Third Paper Unlinked",
            "https://arxiv.org/abs/2211.13116",
            "preprint",
            "2022.11",
            ("Models",),
            7,
        ),
        # an empty venue cell: the venue badge states it
        ("Fourth Paper", "https://example.org/4", "ICML'23", "2023", ("Models",), 8),
    ],
    "bullets.md": [
        (
            "Resource Name",
            "https://example.org/tool",
            "ICML",
            "2023",
            ("Awesome", "2023", "ICML"),
            7,
        ),
        (
            "Bold Paper Title",
            "https://arxiv.org/abs/2310.00002",
            "NeurIPS",
            "2023/10",
            ("Awesome", "2023", "ICML"),
            9,
        ),
        # venue and year from the headings above
        (
            "Plain Paper Title",
            "https://proceedings.mlr.press/v202/x.html",
            "ICML",
            "2023",
            ("Awesome", "2023", "ICML"),
            10,
        ),
    ],
    "numbered.md": [
        (
            "Exploring the Limits of Transfer",
            "https://arxiv.org/abs/1910.10683",
            "JMLR",
            "2020.1",
            ("Papers",),
            3,
        ),
        (
            "Language Models are Few-Shot Learners",
            "https://arxiv.org/abs/2005.14165",
            "NeurIPS",
            "2020.05",
            ("Papers",),
            7,
        ),
    ],
    "link_paragraphs.md": [
        (
            "A Survey of Federated Foundation Models",
            "https://arxiv.org/abs/2406.12844",
            None,
            None,
            ("Reading", "Surveys"),
            7,
        ),
        (
            "Another Survey of Things",
            "https://example.org/survey",
            None,
            None,
            ("Reading", "Surveys"),
            9,
        ),
    ],
    # a venue index by year, workshops and thanked repositories are a paper list's side
    # lists, not its papers; "[BERT for Clients](url) 2024" is a paper with its year
    "side_lists.md": [
        ("A Federated Paper on Clients", "https://example.org/icml24/a", "ICML", "2024", ICML, 18),
        ("Another Federated Paper", "https://example.org/icml24/b", "ICML", "2024", ICML, 19),
        ("BERT for Clients", "https://arxiv.org/abs/2401.00003", None, "2024", ICML, 20),
        (
            "Yet Another Federated Paper",
            "https://example.org/icml24/c.pdf",
            "ICML",
            "2024",
            ICML,
            21,
        ),
        ("One More Federated Paper", "https://example.org/icml24/d", "ICML", "2024", ICML, 22),
        ("A Last Federated Paper", "https://example.org/icml24/e", "ICML", "2024", ICML, 23),
    ],
    # a paragraph all bold (emoji, "|" and its link aside) names the lists under it
    "bold_labels.md": [
        (SURVEY, PAPER_1, None, "2024", ("Highlights", "Surveys"), 5),
        ("Another Survey of Things", PAPER_2, None, "2024", ("Highlights", "Surveys"), 8),
        (SURVEY, PAPER_1, None, "2024", ("Highlights", "Benchmarks"), 13),
        (BENCHMARK, PAPER_3, None, "2024", ("Highlights", "Benchmarks"), 16),
        (BENCHMARK, PAPER_3, None, "2024", ("Highlights", "Benchmarks"), 21),
    ],
    "not_entries.md": [
        (
            "Vision Paper One",
            "https://arxiv.org/abs/2301.00011",
            None,
            None,
            ("List", "Papers"),
            17,
        ),
        (
            "Vision Paper Two",
            "https://arxiv.org/abs/2301.00012",
            None,
            None,
            ("List", "Papers"),
            18,
        ),
    ],
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_each_shape_reads_its_entries(name: str) -> None:
    assert rows(read(name)) == GOLDEN[name]


def test_a_page_with_a_heading_per_entry() -> None:
    """``### N. [Title](url)`` siblings are entries, up to the next heading of their level;
    anchor headings and two link headings alone are not."""
    doc = read("heading_entries.md")
    assert rows(doc) == [
        (
            "Revisiting the Alignment Hypothesis",
            "https://arxiv.org/pdf/2410.03717",
            None,
            None,
            ("Daily Papers", "Updates"),
            7,
        ),
        (
            "Representation Tuning",
            "https://arxiv.org/pdf/2409.06927",
            None,
            None,
            ("Daily Papers", "Updates"),
            10,
        ),
        (
            "Neuron-Level Editing",
            "https://arxiv.org/pdf/2410.04045",
            None,
            None,
            ("Daily Papers", "Updates"),
            15,
        ),
    ]
    first, second, _ = doc.entries
    assert [link.url for link in first.links] == ["https://github.com/example/align"]
    assert (first.last_line, second.last_line) == (8, 13)
    assert {"https://example.org/one", "https://example.org/two"} <= {
        link.url for link in doc.links
    }


def test_md_files_get_the_markdown_reader() -> None:
    assert isinstance(reader_for("README.md"), MarkdownReader)
    assert isinstance(reader_for("x.rst", "markdown"), MarkdownReader)


def test_nested_items_belong_to_their_item() -> None:
    entry = read("bullets.md").entries[0]
    assert [link.url for link in entry.links] == ["https://example.org/part"]
    assert (entry.first_line, entry.last_line) == (7, 8)


def test_badges_are_images_whose_target_is_their_link() -> None:
    doc = read("html_table.md")
    (badge,) = doc.entries[0].links
    assert (badge.is_image, badge.target) == (True, "https://github.com/o/r")
    (outside,) = read("not_entries.md").links  # [![..](..)](..) in a list of badges
    assert (outside.is_image, outside.target) == (True, "https://github.com/o/r")


def test_toc_comments_and_empty_targets_are_not_links_or_entries() -> None:
    doc = read("not_entries.md")
    urls = {link.url for link in doc.all_links}
    assert not any(url.startswith("#") or not url for url in urls)
    assert len(doc.entries) == 2


def test_blocks_are_the_exact_rows_and_items_with_their_newline() -> None:
    doc = read("html_table.md")
    first = doc.entries[0].block
    assert first is not None
    assert doc.text[first[0] : first[1]].startswith('<tr class="odd">\n')
    assert doc.text[first[0] : first[1]].endswith("</tr>\n")
    doc = read("numbered.md")
    block = doc.entries[0].block
    assert block is not None
    assert doc.text[block[0] : block[1]].endswith("2020.1\n")  # no trailing blank line


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_columns_are_characters_and_offsets_index_the_text(newline: str, bom: str) -> None:
    text = bom + newline.join(
        ["# Ünïcödé ✓", "", "- [Tïtle ✓](https://example.org/é) — ICML 2023", ""]
    )
    doc = MarkdownReader().read("x.md", text)
    (entry,) = doc.entries
    assert entry.url is not None and entry.title is not None and entry.venue is not None
    span = entry.url.span
    assert (span.line, span.column) == (3, 13)  # "- [Tïtle ✓](" is 12 characters, 14 bytes
    assert text[span.start : span.end] == "https://example.org/é"
    assert text[entry.venue.span.start : entry.venue.span.end] == "ICML"
    assert entry.section == ("Ünïcödé ✓",)


def test_a_bracketed_label_first_takes_its_title_from_the_words_after() -> None:
    from fmfl_lint.readers.markdown import MarkdownReader

    text = (
        "## Workshops\n\n"
        "- [[FL@FM-ICME'24](https://example.org/fl-icme)], International Workshop on"
        " Federated Learning, Niagara Falls\n"
    )
    [entry] = MarkdownReader().read("README.md", text).entries
    assert entry.title is not None and entry.url is not None
    assert (entry.title.text, entry.url.url) == (
        "FL@FM-ICME'24: International Workshop on Federated Learning",
        "https://example.org/fl-icme",
    )


def test_a_side_lists_links_stay_links_outside_entries() -> None:
    urls = {link.url for link in read("side_lists.md").links}
    assert {
        "https://example.org/search?q=tocs",
        "https://proceedings.mlr.press/v291/",
        "https://example.org/fl-icml-2024",
        "https://github.com/b/awesome-federated-learning",
    } <= urls


def test_a_list_of_resources_keeps_every_item() -> None:
    # most entries link no paper: the file lists tools, and each tool is an entry
    text = "## Tools\n\n" + "".join(
        f"- [Tool {n}](https://github.com/o/tool-{n}) - does thing {n}\n" for n in range(3)
    )
    text += "\n## Reading\n\n- [A Paper](https://arxiv.org/abs/2401.00001)\n"
    assert len(MarkdownReader().read("README.md", text).entries) == 4


@pytest.mark.parametrize(
    ("heading", "kept"), [("Frameworks", 3), ("Acknowledgments", 0), ("🤗Acknowledgments", 0)]
)
def test_a_list_of_tools_in_a_paper_list_keeps_every_item(heading: str, kept: int) -> None:
    # most items link a code repository: tools, entries as the papers are; unless the
    # section is about the page (the lists it thanks)
    text = "## Papers\n\n" + "".join(
        f"- Paper {n} [[Paper]](https://arxiv.org/abs/2401.0000{n})\n" for n in range(5)
    )
    text += f"\n## {heading}\n\n- PySyft [[Github]](https://github.com/o/pysyft)\n"
    text += "- FATE [[Github]](https://github.com/o/fate)\n- Flower [[Web]](https://flower.dev/)\n"
    entries = MarkdownReader().read("README.md", text).entries
    assert [e.title.text for e in entries if e.title and e.section[-1] == heading] == [
        "PySyft",
        "FATE",
        "Flower",
    ][:kept]


@pytest.mark.parametrize(
    ("item", "title", "venue", "date"),
    [
        (
            "[SIGKDD Explor. 2022] A Survey of Graphs [PUB](https://doi.org/10.1/x)",
            "A Survey of Graphs",
            "SIGKDD Explor.",
            "2022",
        ),
        (
            "[ACM Trans. Intell. Syst.] A Survey of Graphs [PUB](https://doi.org/10.1/x)",
            "A Survey of Graphs",
            "ACM Trans. Intell. Syst.",
            None,
        ),
        (
            "[AAAI 2019] [A Survey of Graphs](https://doi.org/10.1/x)",
            "A Survey of Graphs",
            "AAAI",
            "2019",
        ),
        (
            "[2023/10] **A Survey of Graphs** [PDF](https://doi.org/10.1/x)",
            "A Survey of Graphs",
            None,
            "2023/10",
        ),
    ],
)
def test_a_bracketed_venue_and_date_before_the_title_are_its_venue_and_date(
    item: str, title: str, venue: str | None, date: str | None
) -> None:
    [entry] = MarkdownReader().read("README.md", f"# Surveys\n\n- {item}\n").entries
    assert entry.title is not None
    assert (entry.title.text, entry.venue and entry.venue.text, entry.date and entry.date.text) == (
        title,
        venue,
        date,
    )


@pytest.mark.parametrize(
    ("heading", "venue"),
    [
        ("NAACL workshop", "NAACL workshop"),
        ("KDD (Best Paper Award)", "KDD (Best Paper Award)"),
        ("SEAMS@ICSE", "SEAMS@ICSE"),
        ("IJCAI", "IJCAI"),
        ("Computer Vision", None),  # a topic under a year, not a venue
    ],
)
def test_a_heading_under_a_year_heading_names_the_venue(heading: str, venue: str | None) -> None:
    text = f"## Papers\n\n### 2021\n\n#### {heading}\n\n- A Paper. [[PUB](https://example.org/p)]\n"
    [entry] = MarkdownReader().read("README.md", text).entries
    assert (entry.venue and entry.venue.text, entry.date and entry.date.text) == (venue, "2021")


def test_a_page_with_a_heading_per_paper_over_its_labelled_fields() -> None:
    """``## Title`` over ``- **Paper:** [arXiv](u)``, ``- **Published:** 2026-06``: each
    heading is a paper, its URL the Paper field's link, its date the Published field;
    the labels are never titles. A list with an unlabelled item is no list of fields."""
    doc = read("heading_fields.md")
    section = ("Papers — 2026-06",)
    assert [row for row in rows(doc) if row[4] == section] == [
        (
            "GRAIL: Generating Humanoid Loco-Manipulation",
            "https://arxiv.org/abs/2606.05160",
            None,
            "2026-06",
            section,
            5,
        ),
        (
            "M3imic: A Versatile Whole-Body Controller",
            "https://example.org/m3imic.pdf",
            "CoRL 2026",
            None,
            section,
            18,
        ),
    ]
    assert not any(e.title and e.title.text.endswith(":") for e in doc.entries)
    assert doc.entries[0].last_line == 16  # its summary, up to the rule, is part of it
    assert [link.url for link in doc.entries[1].links] == ["https://github.com/example/m3imic"]


def test_an_html_heading_names_a_section_as_a_markdown_heading_does() -> None:
    text = (
        '<h2 id="attack">Privacy Attack</h2>\n\n### HBC Server\n\n'
        "1. [Split Learning on 1D CNN Models](https://dl.acm.org/doi/10.1145/3320269.3384740)\n\n"
        '<h2 id="mitigation">Privacy Attack <em>Mitigation</em></h2>\n\n### HBC Server\n\n'
        "1. [Split Learning on 1D CNN Models](https://dl.acm.org/doi/10.1145/3320269.3384740)\n"
    )
    entries = MarkdownReader().read("list.md", text).entries
    assert [e.section for e in entries] == [
        ("Privacy Attack", "HBC Server"),
        ("Privacy Attack Mitigation", "HBC Server"),
    ]
