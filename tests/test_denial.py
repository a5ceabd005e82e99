"""A few hostile bytes must not hold the run: every stage is bounded and near-linear.

Each test here fails by taking too long (pytest's own timeout is not used: the bounds are
asserted on what the run reports, and the inputs are sized so that the quadratic or
exponential behaviour these tests guard against would take minutes).
"""

from __future__ import annotations

import itertools

import pytest

from fmfl_lint import pipeline
from fmfl_lint.pipeline import lint_text
from fmfl_lint.registry import select_rules
from fmfl_lint.rules import Options
from fmfl_lint.settings import FileSettings

OFFLINE = FileSettings(tuple(select_rules(["ALL"], offline=True)))


def nested_substitutions(levels: int, fan_out: int = 8) -> str:
    """A few hundred bytes that expand to ``fan_out ** levels`` words in docutils."""
    names = [chr(ord("a") + n) for n in range(levels + 1)]
    lines = [f".. |{names[0]}| replace:: x"]
    for previous, name in itertools.pairwise(names):
        lines.append(f".. |{name}| replace:: " + " ".join([f"|{previous}|"] * fan_out))
    return "\n".join([*lines, "", f"|{names[-1]}|", ""])


def test_a_file_that_exhausts_the_parser_is_one_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "PARSE_SECONDS", 1.0)
    text = nested_substitutions(levels=12)  # 8**12 words: hours, if let run
    assert len(text) < 1000
    findings = lint_text("list.rst", text, OFFLINE)
    assert [(f.line, f.code) for f in findings] == [(1, "FL001")]
    assert findings[0].message.startswith("too complex to check within 1 s")


def test_a_parser_that_fails_is_one_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    from fmfl_lint.readers.rst import RstReader

    def crash(self: RstReader, path: str, text: str) -> None:
        raise IndexError("a parser bug")

    monkeypatch.setattr(RstReader, "read", crash)
    findings = lint_text("list.rst", "* `A <https://example.org>`_\n", OFFLINE)
    assert [f.message for f in findings] == [
        "the parser failed on this file (IndexError); nothing else in the file was checked"
    ]


def test_many_identical_titles_cost_linear_memory_and_time() -> None:
    text = "".join(
        f"* `The Same Long Paper Title Again <https://example.org/{n}>`_\n" for n in range(8000)
    )
    findings = lint_text("list.rst", text, FileSettings(tuple(select_rules(["FL204"]))))
    assert len(findings) == 7999  # each later copy once, against the first


def test_thousands_of_entries_on_one_url() -> None:
    text = "".join(
        f"* `Paper number {n} <https://arxiv.org/abs/2401.00001>`_\n" for n in range(4000)
    )
    findings = lint_text("list.rst", text, FileSettings(tuple(select_rules(["FL201", "FL203"]))))
    assert {f.code for f in findings} == {"FL203"}


def test_a_low_title_similarity_is_refused() -> None:
    with pytest.raises(pipeline.ConfigError, match="title-similarity"):
        pipeline.check(["README.md"], {"title-similarity": 0})


def test_unclosed_anchors_in_raw_html() -> None:
    text = ".. raw:: html\n\n   " + "<a href='https://example.org/x'>a " * 200_000 + "\n"
    findings = lint_text("list.rst", text, OFFLINE)
    assert all(f.code != "FL001" or "too complex" not in f.message for f in findings)


def test_suppressions_are_not_checked_against_every_finding() -> None:
    lines = [".. fmfl-lint: disable-file=FL204", ""]
    lines += [f".. fmfl-lint: disable=FL20{n % 3}\n" for n in range(2000)]
    lines += ["* `Dup <https://example.org/same>`_ — ICML 2024" for _ in range(3000)]
    settings = FileSettings(tuple(select_rules(["FL2"])), Options())
    assert lint_text("list.rst", "\n".join(lines) + "\n", settings) is not None


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+$", r"(x*)*", r"(\w+\s?)*$", "a" * 2000, r"(a|aa)*$", r"(\.|\.\.)+$"],
)
def test_an_exclude_pattern_that_can_backtrack_for_ever_is_refused(
    tmp_path, pattern: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from fmfl_lint.cli import main

    (tmp_path / ".fmfl-lint.toml").write_text(f"exclude = [{pattern!r}]\n", encoding="utf-8")
    (tmp_path / "list.rst").write_text("* `A <https://example.org/a>`_\n", encoding="utf-8")
    assert main(["--offline", "--config", str(tmp_path / ".fmfl-lint.toml"), str(tmp_path)]) == 2
    assert "'exclude' must be a list of regular expressions with no repetition inside" in (
        capsys.readouterr().err
    )


def test_plain_exclude_patterns_are_fine() -> None:
    from fmfl_lint.config import validate

    validate(
        {
            "exclude": [
                r"^https://(www\.)?arxiv\.org/.*",
                r"a{1,5}(b+)",
                r"^https?://(dl\.acm\.org|ieeexplore\.ieee\.org)/",
                r"(/(doi|abs|pdf))+/",
            ]
        },
        "test",
    )
