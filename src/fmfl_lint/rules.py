"""What a rule is: its record, the ``@rule`` decorator that registers it, what it is told.

Every check registers itself here with ``@rule`` when its module is imported;
:mod:`registry` imports them all and answers for the whole set. This module imports no
check and nothing of the network, so any module may import it.
"""

from __future__ import annotations

import datetime
import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from .model import Document, Finding
from .records import FACT_KINDS, Facts

SEVERITIES = ("error", "warning")
SORT_ORDERS = ("auto", "date-desc", "date-asc", "title", "none")
_CODE = re.compile(r"FL\d{3}")


@dataclass(frozen=True)
class Options:
    """What checks are told: the file's configuration, and what the network said."""

    #: rapidfuzz score (0-100) at or above which two titles are "nearly the same"
    title_similarity: int = 90
    #: order of entries within a section (see FL401)
    sort: str = "auto"
    #: venue spellings that win over the file's majority spelling
    venues: tuple[str, ...] = ()
    today: datetime.date = field(default_factory=datetime.date.today)
    #: rapidfuzz score below which an entry's title is not its paper's title (FL305)
    paper_title_similarity: int = 90
    #: what the network said this run (empty when offline): read by the online rules
    facts: Facts = field(default_factory=Facts)
    #: the lines a change under review touched (``--diff-base``); None: the whole file is
    #: under review. Rules that fix more than one place fix only what the change did
    changed: frozenset[int] | None = None


Check = Callable[[Document, Options], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    check: Check
    #: the kinds of network fact the check reads (see :mod:`records`); none: offline
    needs: frozenset[str] = frozenset()
    fixable: bool = False
    #: off unless selected, like FL202: many lists repeat papers across sections on purpose
    default: bool = True

    @property
    def online(self) -> bool:
        return bool(self.needs)

    @property
    def summary(self) -> str:
        """The first paragraph of the explanation, joined into one line."""
        return " ".join(self.explanation.split("\n\n", 1)[0].split())

    @property
    def explanation(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or self.name)


_RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: str = "error",
    *,
    needs: Iterable[str] = (),
    fix: bool = False,
    default: bool = True,
) -> Callable[[Check], Check]:
    """Register a check function as the rule ``code``."""
    wanted = frozenset(needs)
    if not _CODE.fullmatch(code) or severity not in SEVERITIES or wanted - set(FACT_KINDS):
        raise ValueError(f"bad rule registration {code} {severity} {sorted(wanted)}")

    def register(check: Check) -> Check:
        if code in _RULES:
            raise ValueError(f"rule {code} registered twice")
        _RULES[code] = Rule(code, name, severity, check, wanted, fix, default)
        return check

    return register


def registered() -> dict[str, Rule]:
    """The rules registered so far, by code, in code order."""
    return dict(sorted(_RULES.items()))


def stamp(
    findings: Iterable[Finding], rule_: Rule, severity: str | None = None
) -> Iterator[Finding]:
    """Give a check's findings their rule's code, name and severity.

    A configured severity wins; else a check may have marked one finding milder.
    """
    for finding in findings:
        level = severity or finding.severity or rule_.severity
        yield replace(finding, code=rule_.code, name=rule_.name, severity=level)
