"""The one registry of rules: code, name, severity, online and fix flags, and the check.

Every rule is registered here, once, by the ``@rule`` decorator on its check function;
``fmfl-lint rules``, ``--explain``, the README's rule table and config validation all read
this registry.
"""

from __future__ import annotations

import datetime
import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from .model import Document, Finding
from .net.result import ArxivRecord, LinkResult, RepoState

SEVERITIES = ("error", "warning")
SORT_ORDERS = ("date-desc", "date-asc", "title", "none")
_CODE = re.compile(r"FL\d{3}")


@dataclass(frozen=True)
class Options:
    """What checks are told: the configuration, and what the network said (online rules)."""

    #: rapidfuzz score (0-100) at or above which two titles are "nearly the same"
    title_similarity: int = 90
    #: order of entries within a section: "date-desc", "date-asc", "title" or "none"
    sort: str = "date-desc"
    #: venue spellings that win over the file's majority spelling
    venues: tuple[str, ...] = ()
    today: datetime.date = field(default_factory=datetime.date.today)
    #: rapidfuzz score below which an entry's title is not its arXiv title (FL305)
    arxiv_title_similarity: int = 85
    #: what the network said of each URL, for the online rules (empty when offline)
    links: Mapping[str, LinkResult] = field(default_factory=dict)
    #: what arXiv's API said of each id (None: unknown to arXiv), and GitHub's of each repo
    arxiv: Mapping[str, ArxivRecord | None] = field(default_factory=dict)
    repos: Mapping[tuple[str, str], RepoState] = field(default_factory=dict)


Check = Callable[[Document, Options], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    check: Check
    online: bool = False
    fixable: bool = False
    #: off unless selected, like FL202: many lists repeat papers across sections on purpose
    default: bool = True

    @property
    def summary(self) -> str:
        return self.explanation.split("\n", 1)[0]

    @property
    def explanation(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or self.name)


_REGISTRY: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: str = "error",
    *,
    online: bool = False,
    fix: bool = False,
    default: bool = True,
) -> Callable[[Check], Check]:
    """Register a check function as the rule ``code``."""
    if not _CODE.fullmatch(code) or severity not in SEVERITIES:
        raise ValueError(f"bad rule registration {code} {severity}")

    def register(check: Check) -> Check:
        if code in _REGISTRY:
            raise ValueError(f"rule {code} registered twice")
        _REGISTRY[code] = Rule(code, name, severity, check, online, fix, default)
        return check

    return register


def registry() -> dict[str, Rule]:
    """Every rule, by code, in code order."""
    from . import checks  # noqa: F401  (importing the checks registers them)

    return dict(sorted(_REGISTRY.items()))


class SelectionError(ValueError):
    """A rule selector names no rule."""


def _matching(selector: str, rules: dict[str, Rule]) -> list[str]:
    """Codes a selector means: a code, a prefix like ``FL2``, a rule name, or ``ALL``."""
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return list(rules)
    codes = [
        code for code, r in rules.items() if code.startswith(wanted.upper()) or r.name == wanted
    ]
    if not codes:
        raise SelectionError(f"unknown rule '{selector}' (see 'fmfl-lint rules')")
    return codes


def select_rules(
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
    *,
    offline: bool = False,
) -> list[Rule]:
    """The rules to run: ``select`` (or the default set) plus ``extend_select``, less ``ignore``."""
    rules = registry()
    if select is None:
        chosen = {code for code, r in rules.items() if r.default}
    else:
        chosen = {code for selector in select for code in _matching(selector, rules)}
    chosen |= {code for selector in extend_select for code in _matching(selector, rules)}
    chosen -= {code for selector in ignore for code in _matching(selector, rules)}
    return [rules[code] for code in sorted(chosen) if not (offline and rules[code].online)]


def stamp(
    findings: Iterable[Finding], rule_: Rule, severity: str | None = None
) -> Iterator[Finding]:
    """Give a check's findings their rule's code, name and severity."""
    for finding in findings:
        yield replace(
            finding, code=rule_.code, name=rule_.name, severity=severity or rule_.severity
        )
