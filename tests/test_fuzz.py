"""Property-based tests: generated lists, mutated at random, never break the parser, the
offline rules or --fix. Every finding points inside the file; --fix changes only the lines
its fixes cover, and a second pass changes nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmfl_lint.fix import apply_fixes, fix_text
from fmfl_lint.pipeline import lint_text
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings

CONFIG = FileSettings(tuple(select_rules(["ALL"], offline=True)))
EXAMPLES = 300

TITLE_WORDS = [
    "Federated",
    "Prompt",
    "Tuning",
    "LLM",
    "Über",
    "π-Net",
    "a|b",
    "*star*",
    "`tick`",
    "<x>",
    "_u_",
]
URLS = [
    "https://arxiv.org/abs/2401.{n:05d}",
    "https://arxiv.org/pdf/2413.{n:05d}v2.pdf",
    "http://export.arxiv.org/abs/hep-th/99{n:05d}",
    "https://github.com/owner/repo{n}",
    "https://github.com/owner/repo{n}/oops/x",
    "https://img.shields.io/github/stars/owner/repo{n}",
    "https://img.shields.io/badge/arXiv-2401.{n:05d}-red",
    "https://doi.org/10.48550/arXiv.2401.{n:05d}",
    "htps://example.org/{n}",
    "https://example.org/{n}#frag",
]
DATES = ["2024", "2024-05", "2023-13", "2022-00", "soon", "2099-01", "2021-1", ""]
VENUES = ["ICML", "icml", "arXiv", "Arxiv", "NeurIPS", "-", ""]

titles = st.lists(st.sampled_from(TITLE_WORDS), min_size=0, max_size=5).map(" ".join)
urls = st.builds(lambda template, n: template.format(n=n), st.sampled_from(URLS), st.integers(0, 3))
entries = st.tuples(
    titles, urls, st.sampled_from(VENUES), st.sampled_from(DATES), st.one_of(st.none(), urls)
)


def table(rows: list[tuple[str, str, str, str, str | None]], suppress: bool) -> str:
    lines = [".. fmfl-lint: disable=FL401", ""] if suppress else []
    lines += [
        ".. list-table::",
        "   :header-rows: 1",
        "",
        "   * - Title",
        "     - Venue",
        "     - Year",
        "     - Code",
    ]
    for title, url, venue, date, code in rows:
        if code and "stars" in code:
            code_cell = f'     - .. raw:: html\n\n          <img src="{code}"/>'
        elif code:
            code_cell = f"     - .. image:: {code}\n          :target: {url}"
        else:
            code_cell = "     - -"
        lines += [
            f"   * - `{title} <{url}>`_" if title else "   * - .. raw:: html\n\n          <b>x</b>",
            f"     - {venue or '-'}",
            f"     - {date or '-'}",
            code_cell,
        ]
    return "\n".join(lines) + "\n"


def bullets(rows: list[tuple[str, str, str, str, str | None]]) -> str:
    return "".join(
        f"* `{title or 'x'} <{url}>`_ — {venue} {date}\n" for title, url, venue, date, _ in rows
    )


@st.composite
def lists(draw: st.DrawFn) -> str:
    parts = ["Awesome List\n============\n\n"]
    for section in range(draw(st.integers(1, 3))):
        parts.append(f"Section {section}\n{'*' * (8 + len(str(section)))}\n\n")
        rows = draw(st.lists(entries, min_size=0, max_size=6))
        parts.append(table(rows, draw(st.booleans())) if draw(st.booleans()) else bullets(rows))
        parts.append("\n")
    return "".join(parts)


@st.composite
def mutated_lists(draw: st.DrawFn) -> str:
    text = draw(lists())
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        action = draw(
            st.sampled_from(
                [
                    "delete",
                    "insert",
                    "duplicate-line",
                    "crlf",
                    "control",
                    "long-line",
                    "substitution",
                ]
            )
        )
        if action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)) :]
        elif action == "insert":
            text = (
                text[:position]
                + draw(st.text(alphabet="`*_|<>:.-= \n\t\\éπ", max_size=8))
                + text[position:]
            )
        elif action == "duplicate-line":
            lines = text.splitlines(keepends=True)
            if lines:
                index = draw(st.integers(0, len(lines) - 1))
                lines.insert(index, lines[index])
                text = "".join(lines)
        elif action == "control":  # characters some tools take for line breaks, some not
            character = draw(st.sampled_from(["\f", "\v", "\u2028", "\x85", "\t", "\r", "\x1b"]))
            text = text[:position] + character + text[position:]
        elif action == "long-line":
            text = text[:position] + "x" * draw(st.integers(9_990, 10_010)) + text[position:]
        elif action == "substitution":
            name = draw(st.sampled_from(["a", "b"]))
            text += f"\n.. |{name}| replace:: |{name}| |a| |b|\n\n|{name}|\n"
        else:
            text = text.replace("\n", "\r\n")
    return text


def lint(text: str) -> list:
    return lint_text("fuzz.rst", text, CONFIG)


def assert_findings_inside(text: str, findings: list) -> None:
    last = max(len(text.splitlines()), 1)
    for finding in findings:
        assert 1 <= finding.line <= last, finding
        assert finding.column >= 1, finding


def untouched_pieces(text: str, findings: list) -> list[str]:
    """The stretches of ``text`` that no fix of any finding covers."""
    ranges = sorted((e.start, e.end) for f in findings if f.fix for e in f.fix.changes)
    pieces, position = [], 0
    for start, end in ranges:
        if start > position:
            pieces.append(text[position:start])
        position = max(position, end)
    pieces.append(text[position:])
    return pieces


FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(lists())
def test_generated_lists(text: str) -> None:
    assert_findings_inside(text, lint(text))


@FUZZ
@given(mutated_lists())
def test_mutated_lists(text: str) -> None:
    assert_findings_inside(text, lint(text))


@FUZZ
@given(st.one_of(lists(), mutated_lists()))
def test_fix_touches_only_what_it_reports_and_is_idempotent(text: str) -> None:
    findings = lint(text)
    once, _ = apply_fixes(text, findings)
    cursor = 0
    for piece in untouched_pieces(text, findings):  # every byte no fix covers, kept in order
        found = once.find(piece, cursor)
        assert found >= 0, piece
        cursor = found + len(piece)
    fixed, _, _ = fix_text(text, lint)
    again, count, _ = fix_text(fixed, lint)
    assert (again, count) == (fixed, 0)
