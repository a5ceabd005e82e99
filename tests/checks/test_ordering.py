"""FL401 in each order the ``sort`` setting names, at exact lines."""

# Offline: these lists are only read; no URL in them is ever fetched (and
# tests/conftest.py's responses mock and socket guard refuse any request that tried).

from __future__ import annotations

import pytest

from fmfl_lint.pipeline import lint_document, lint_text, parse
from fmfl_lint.readers import reader_for
from fmfl_lint.records import Facts
from fmfl_lint.registry import select_rules
from fmfl_lint.rules import Options
from fmfl_lint.settings import FileSettings

LIST = (
    "* `Beta <https://example.org/b>`_ — ICML 2023\n"  # 1
    "* `Alpha <https://example.org/a>`_ — ICML 2023\n"  # 2
    "* `Delta <https://example.org/d>`_ — ICML 2021\n"  # 3
    "* `Gamma <https://example.org/g>`_ — ICML 2022\n"  # 4
    "* `Epsilon <https://example.org/e>`_ — ICML 2020\n"  # 5
)


def fl401(sort: str, text: str = LIST) -> list[tuple[int, str]]:
    settings = FileSettings(tuple(select_rules(["FL401"])), Options(sort=sort))
    return [(f.line, f.message) for f in lint_text("list.rst", text, settings)]


@pytest.mark.parametrize(
    ("sort", "line", "says"),
    [
        ("auto", 4, "entry dated 2022 belongs above line 3 (dated 2021): this section is newest"),
        ("date-desc", 4, "dated 2022 belongs above line 3 (dated 2021)"),
        ("date-asc", 3, "dated 2021 belongs above line 2 (dated 2023): this section is oldest"),
        ("title", 2, "'Alpha' belongs above line 1 ('Beta'): this section is by title"),
        ("date-desc,title", 2, "dated 2023 belongs above line 1 (dated 2023)"),
    ],
)
def test_each_order_reports_its_first_misplaced_entry(sort: str, line: int, says: str) -> None:
    [(got_line, message)] = fl401(sort)
    assert got_line == line and says in message


def test_ties_are_in_order_without_a_tie_break() -> None:
    text = LIST.replace("2021", "2022").replace("2020", "2019")  # lines 3-4 now a tie
    assert fl401("date-desc", text) == []
    assert [line for line, _ in fl401("date-desc,title", text)] == [2]


def test_none_turns_the_rule_off() -> None:
    assert fl401("none") == []


@pytest.mark.parametrize(
    ("dates", "reported"),
    [
        ([2024, 2023, 2022, 2021], False),  # newest first
        ([2021, 2022, 2023, 2024], False),  # oldest first
        ([2021, 2024, 2019, 2023, 2020, 2022], False),  # no order at all
        ([2024, 2023, 2025, 2022, 2021], True),  # newest first, one out of place
    ],
)
def test_auto_holds_a_section_to_the_way_it_mostly_goes(dates: list[int], reported: bool) -> None:
    text = "".join(
        f"* `P{n} <https://example.org/{n}>`_ — ICML {year}\n" for n, year in enumerate(dates)
    )
    assert bool(fl401("auto", text)) is reported


def test_auto_sees_no_order_in_fewer_than_four_dates() -> None:
    text = "".join(
        f"* `P{n} <https://example.org/{n}>`_ — ICML {year}\n"
        for n, year in enumerate([2000, 1999, 2018, 2018])
    )
    assert fl401("auto", text) == []
    assert [line for line, _ in fl401("date-desc", text)] == [3]


def fl401_changed(text: str, changed: set[int], sort: str = "auto") -> list[tuple[int, str]]:
    """FL401 as ``--diff-base`` runs it, when the lines ``changed`` are what changed."""
    doc = parse(reader_for("list.rst"), "list.rst", text)
    settings = FileSettings(tuple(select_rules(["FL401"])), Options(sort=sort))
    findings = lint_document(doc, reader_for("list.rst"), settings, Facts(), frozenset(changed))
    return [(f.line, f.message) for f in findings]


def test_under_review_only_the_changed_entries_are_held_to_the_order() -> None:
    # LIST is newest first but for Gamma (line 4) below Delta (line 3)
    assert fl401_changed(LIST, {1}, "date-desc") == []  # the old disorder is not Beta's
    assert [line for line, _ in fl401_changed(LIST, {4}, "date-desc")] == [4]
    edited = LIST.replace("ICML 2023\n", "ICML 2019\n", 1)
    [(line, message)] = fl401_changed(edited, {1}, "date-desc")
    assert line == 1 and "dated 2019 belongs below line 5 (dated 2020)" in message


def test_under_review_the_unchanged_entries_decide_the_way_of_the_section() -> None:
    # six new papers, newest first, on top of four old ones kept oldest first: counted
    # together, most pairs would stand newest first
    years = [2030, 2029, 2028, 2027, 2026, 2025, 2020, 2021, 2022, 2023]
    text = "".join(
        f"* `P{n} <https://example.org/{n}>`_ — ICML {year}\n" for n, year in enumerate(years)
    )
    [(line, message)] = fl401_changed(text, set(range(1, 7)))
    assert line == 1 and "belongs below line 10 (dated 2023): this section is oldest" in message


def venue_list(rows: list[tuple[str, int]]) -> str:
    return "".join(
        f"* `P{n} <https://example.org/{n}>`_ — {venue} {year}\n"
        for n, (venue, year) in enumerate(rows)
    )


PUBLISHED = [("ICML", 2023), ("NeurIPS", 2022), ("ICLR", 2021), ("KDD", 2020)]
PREPRINTS = [("arXiv", 2024), ("preprint", 2023), ("arXiv", 2022), ("arXiv", 2019)]


def test_published_papers_then_preprints_are_two_orders() -> None:
    # newest first within each group: the preprints' 2024 (line 5) is not out of place
    assert fl401("auto", venue_list(PUBLISHED + PREPRINTS)) == []
    assert fl401("date-desc", venue_list(PREPRINTS + PUBLISHED)) == []
    # ...but each group is still held to its order
    unordered = [*PUBLISHED, PREPRINTS[0], PREPRINTS[3], PREPRINTS[1], PREPRINTS[2]]
    assert [line for line, _ in fl401("date-desc", venue_list(unordered))] == [7]


def test_one_published_paper_above_the_preprints_is_a_group_of_its_own() -> None:
    # ICML 2021 first, then the preprints oldest first: as one run, 2019 is out of place
    preprints = [("arXiv", year) for year in (2019, 2020, 2022, 2023, 2024)]
    assert fl401("auto", venue_list([("ICML", 2021), *preprints])) == []


def test_a_lone_or_interleaved_preprint_is_held_to_the_one_order() -> None:
    lone = [*PUBLISHED, ("arXiv", 2024)]
    assert [line for line, _ in fl401("date-desc", venue_list(lone))] == [5]
    mixed = [PUBLISHED[0], PREPRINTS[0], *PUBLISHED[1:], *PREPRINTS[1:]]
    assert [line for line, _ in fl401("date-desc", venue_list(mixed))] == [2]


def test_auto_holds_no_section_of_a_file_whose_sections_go_both_ways() -> None:
    def section(name: str, years: list[int]) -> str:
        items = "".join(
            f"* `{name} {n} <https://example.org/{name}/{n}>`_ — ICML {year}\n"
            for n, year in enumerate(years)
        )
        return f"{name}\n{'=' * len(name)}\n\n{items}\n"

    newest_first = section("Agents", [2025, 2024, 2026, 2023])  # 2026 out of place...
    oldest_first = section("Memory", [2020, 2021, 2019, 2022])  # ...and 2019 here
    # alone, each section is held to its way; together the file keeps no order
    assert [line for line, _ in fl401("auto", newest_first)] == [6]
    assert [line for line, _ in fl401("auto", oldest_first)] == [6]
    assert fl401("auto", newest_first + oldest_first) == []
    # a section that goes the file's way is still held to it
    steady = section("Tools", [2030, 2029, 2028, 2027, 2026, 2025])
    assert [line for line, _ in fl401("auto", newest_first + oldest_first + steady)] == [6]


def test_auto_leaves_a_section_ranked_by_a_number_to_its_ranking() -> None:
    rows = [(2004, 8043), (2002, 7419), (2011, 5120), (2006, 4001), (2010, 3999)]
    table = "| Paper | Citations | Year |\n|---|---|---|\n" + "".join(
        f"| [Metric {n}](https://example.org/{n}) | {cited} | {year} |\n"
        for n, (year, cited) in enumerate(rows)
    )
    settings = FileSettings(tuple(select_rules(["FL401"])), Options(sort="auto"))
    assert lint_text("list.md", table, settings) == []
    # the same years, the citations out of order: the dates decide again
    shuffled = table.replace("| 5120 |", "| 9999 |")
    assert [f.line for f in lint_text("list.md", shuffled, settings)] == [4]


def test_a_section_grouped_by_venue_is_ordered_within_each_venue() -> None:
    cvpr = [("CVPR", year) for year in (2019, 2020, 2021, 2023)]
    by_venue = [*cvpr, ("NeurIPS", 2021), ("NeurIPS", 2024), ("ECCV", 2022)]
    assert fl401("auto", venue_list(by_venue)) == []
    # within a venue the order still holds
    swapped = [cvpr[1], cvpr[0], *cvpr[2:], *by_venue[4:]]
    assert [line for line, _ in fl401("auto", venue_list(swapped))] == [2]
    # one venue of several papers among single ones is no grouping: one list, by date
    unsorted = [*cvpr, ("NeurIPS", 2024), ("ECCV", 2022)]
    assert [line for line, _ in fl401("auto", venue_list(unsorted))] == [6]
