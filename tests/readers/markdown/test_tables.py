"""Which column a cell of an HTML table spanning rows or columns is read in."""

# Offline: these lists are only read; no URL in them is ever fetched.

from __future__ import annotations

from fmfl_lint.readers.markdown import MarkdownReader

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
