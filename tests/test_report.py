from __future__ import annotations

import io
import json
from dataclasses import replace

import sarif_pydantic
from pydantic import BaseModel

from fmfl_lint.model import Finding, Fix
from fmfl_lint.registry import registry
from fmfl_lint.report import FORMATS, markdown_summary

FINDINGS = [
    Finding(
        "lists/a,b.rst", 3, 7, "FL005", "bad: 100%\nsecond line", "bad-url", "error", url="htps://x"
    ),
    Finding(
        "a.rst",
        9,
        1,
        "FL004",
        "venue 'Arxiv'",
        "venue-spelling",
        "warning",
        fix=Fix("write 'arXiv'", ()),
    ),
]


def write(name: str) -> str:
    out = io.StringIO()
    FORMATS[name](FINDINGS, out, False)
    return out.getvalue()


def test_text() -> None:
    assert write("text").splitlines() == [
        "lists/a,b.rst:3:7: FL005 bad: 100% second line [bad-url]",
        "a.rst:9:1: FL004 venue 'Arxiv' [venue-spelling]",
    ]


def test_github_escapes_data_and_properties() -> None:
    assert write("github").splitlines() == [
        "::error file=lists/a%2Cb.rst,line=3,col=7,title=FL005 bad-url::bad: 100%25 second line",
        "::warning file=a.rst,line=9,col=1,title=FL004 venue-spelling::venue 'Arxiv'",
    ]


def test_json_fields() -> None:
    first, second = json.loads(write("json"))
    assert first == {
        "path": "lists/a,b.rst",
        "line": 3,
        "column": 7,
        "code": "FL005",
        "name": "bad-url",
        "severity": "error",
        "message": "bad: 100%\nsecond line",
        "url": "htps://x",
    }
    assert second["fix"] == {"description": "write 'arXiv'"} and "url" not in second


def test_sarif_has_one_rule_object_per_rule_and_results_point_at_them() -> None:
    log = json.loads(write("sarif"))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(registry())
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert [r["level"] for r in run["results"]] == ["error", "warning"]


def test_markdown_summary_escapes_and_counts() -> None:
    table = markdown_summary(FINDINGS)
    assert table.splitlines()[:6] == [
        "### fmfl-lint",
        "",
        "Found 2 problems (1 error, 1 warning) in 2 files.",
        "",
        "| file | line | rule | severity | message |",
        "|---|---:|---|---|---|",
    ]
    assert "| lists/a,b.rst | 3 | FL005 bad-url | error | bad: 100% second line |" in table
    assert markdown_summary([]) == "### fmfl-lint\n\nNo problems found.\n"
    piped = Finding("a.rst", 1, 1, "FL001", "a | b", "rst-syntax", "error")
    assert "a \\| b" in markdown_summary([piped])


def _extras(model: BaseModel) -> list[str]:
    """Every field a pydantic model kept that its class does not define, anywhere inside."""
    found = [f"{type(model).__name__}.{name}" for name in (model.model_extra or {})]
    for value in model.__dict__.values():
        items = value if isinstance(value, list) else [value]
        found += [extra for item in items if isinstance(item, BaseModel) for extra in _extras(item)]
    return found


def test_sarif_is_valid_sarif_2_1_0() -> None:
    log = json.loads(write("sarif"))
    model = sarif_pydantic.Sarif.model_validate(log)
    assert _extras(model) == []  # nothing the SARIF object model does not know
    assert model.runs[0].results[0].locations[0].physical_location.region.start_line == 3


def test_nothing_a_list_writes_can_start_a_workflow_command_or_style_a_terminal() -> None:
    hostile = Finding(
        "a\n::error::x.rst", 1, 1, "FL002", "title \x1b[2J\r\n::warning::owned", "n", "error"
    )
    for name in ("text", "github"):
        out = io.StringIO()
        FORMATS[name]([hostile], out, False)
        lines = out.getvalue().splitlines()
        assert len(lines) == 1 and "\x1b" not in lines[0], name
        assert not lines[0].startswith("::") or name == "github"
    summary = markdown_summary([replace(hostile, message="<img src=x> [link](http://e.vil)")])
    assert "<img" not in summary and "](http" not in summary
