"""SARIF 2.1.0 output, for GitHub code scanning."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from . import __version__
from .model import Finding
from .registry import registry

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HOME = "https://pypi.org/project/fmfl-lint/"


def sarif_log(findings: Sequence[Finding]) -> dict[str, object]:
    """A SARIF log with one rule object per registered rule and one result per finding."""
    rules = list(registry().values())
    index = {rule.code: position for position, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "fmfl-lint",
                        "version": __version__,
                        "informationUri": HOME,
                        "rules": [
                            {
                                "id": rule.code,
                                "name": rule.name,
                                "shortDescription": {"text": rule.summary},
                                "fullDescription": {"text": rule.explanation},
                                "help": {"text": rule.explanation},
                                "defaultConfiguration": {"level": rule.severity},
                            }
                            for rule in rules
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": f.code,
                        "ruleIndex": index[f.code],
                        "level": f.severity,
                        "message": {"text": f.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": f.path},
                                    "region": {"startLine": f.line, "startColumn": f.column},
                                }
                            }
                        ],
                    }
                    for f in findings
                ],
            }
        ],
    }


def write_sarif(findings: Sequence[Finding], out: TextIO) -> None:
    json.dump(sarif_log(findings), out, indent=2, ensure_ascii=False)
    out.write("\n")
