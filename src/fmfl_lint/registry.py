"""The whole set of rules: every check module imported, and selection by code or name.

``fmfl-lint rules``, ``--explain``, the README's rule table, config validation and
suppression comments all read it.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import checks  # noqa: F401  (importing the checks registers them)
from .rules import Rule, registered


def registry() -> dict[str, Rule]:
    """Every rule, by code, in code order."""
    return registered()


class SelectionError(ValueError):
    """A rule selector names no rule."""


def codes_for(selector: str, rules: dict[str, Rule] | None = None) -> list[str]:
    """Codes a selector means: a code, a prefix like ``FL2``, a rule name, or ``ALL``."""
    rules = registry() if rules is None else rules
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return list(rules)
    codes = [
        code
        for code, r in rules.items()
        if code.startswith(wanted.upper()) or r.name == wanted.lower()
    ]
    if not wanted or not codes:
        raise SelectionError(f"unknown rule '{selector}' (see 'fmfl-lint rules')")
    return codes


def find_rule(selector: str) -> Rule | None:
    """The one rule a code or a name names; None when it names none or several."""
    rules = registry()
    try:
        codes = codes_for(selector, rules)
    except SelectionError:
        return None
    return rules[codes[0]] if len(codes) == 1 else None


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
        chosen = {code for selector in select for code in codes_for(selector, rules)}
    chosen |= {code for selector in extend_select for code in codes_for(selector, rules)}
    chosen -= {code for selector in ignore for code in codes_for(selector, rules)}
    return [rules[code] for code in sorted(chosen) if not (offline and rules[code].online)]
