"""Find and validate ``[tool.fmfl-lint]`` in pyproject.toml, or a ``.fmfl-lint.toml``.

A config file is part of the list's checkout, and in CI the checkout is a stranger's pull
request. So a file may say how its list is checked (rules, severities, order, network
limits within bounds) but not where requests go, whether private addresses may be
reached, or where the cache lives: those keys are the command line's alone.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .rules import SORT_ORDERS

if sys.version_info >= (3, 11):
    import re._parser as _regex_parser  # type: ignore[import-not-found]  # (no stub)

    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import sre_parse as _regex_parser

    import tomli as tomllib

OWN_FILE = ".fmfl-lint.toml"
#: a config larger than this is not read: no honest one is near it
MAX_CONFIG_BYTES = 1024 * 1024
PYPROJECT = "pyproject.toml"
FAIL_ON = ("error", "warning", "never")
FORMAT_NAMES = ("text", "json", "github", "sarif")


class ConfigError(Exception):
    """The configuration cannot be used; the message is one line for the user."""


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _seconds(most: float) -> Callable[[Any], bool]:
    return lambda value: _number(value) and 0 < value <= most


def _count(value: Any, most: int = 1000) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= most


def _patterns(value: Any) -> bool:
    """Regular expressions that compile and cannot backtrack for ever: no repetition inside
    a repetition (``(a+)+``), nor alternatives that can start alike inside one
    (``(a|aa)*``), which a checked-out config could use to hang the run."""
    if not _string_list(value) or any(len(pattern) > 1000 for pattern in value):
        return False
    try:
        return not any(_backtracks(_regex_parser.parse(pattern)) for pattern in value)
    except (re.error, RecursionError, OverflowError):
        return False


_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_GROUPS = {"SUBPATTERN", "ATOMIC_GROUP"}


def _backtracks(parsed: Any, inside: bool = False) -> bool:
    """Whether a parsed pattern holds, inside an unbounded repetition, another one or
    alternatives that can start with the same character (each a way to match twice)."""
    for op, argument in parsed:
        name = str(op)
        if name in _REPEATS:
            _, high, body = argument
            unbounded = high is _regex_parser.MAXREPEAT or high > 100
            if (inside and unbounded) or _backtracks(body, inside or unbounded):
                return True
        else:
            overlapping = name == "BRANCH" and inside and _alternatives_overlap(argument[1])
            if overlapping or any(_backtracks(part, inside) for part in _parts(name, argument)):
                return True
    return False


def _parts(name: str, argument: Any) -> list[Any]:
    """The sub-patterns of a group or an alternation."""
    if name in _GROUPS:
        return [argument[-1]]
    return list(argument[1]) if name == "BRANCH" else []


def _alternatives_overlap(branches: list[Any]) -> bool:
    seen: set[int] = set()
    for branch in branches:
        start = _first_characters(branch)
        if start is None or seen & start:
            return True
        seen |= start
    return False


def _first_characters(parsed: Any) -> set[int] | None:
    """The characters a sub-pattern must start with; None when it may start with any
    character or match nothing at all."""
    for op, argument in parsed:
        name = str(op)
        if name == "AT":  # an anchor matches no character: look past it
            continue
        if name == "LITERAL":
            return {argument}
        if name in _GROUPS:
            return _first_characters(argument[-1])
        if name == "BRANCH":
            union: set[int] = set()
            for branch in argument[1]:
                start = _first_characters(branch)
                if start is None:
                    return None
                union |= start
            return union
        if name in _REPEATS and argument[0] >= 1:
            return _first_characters(argument[2])
        return None
    return None


def _limits_table(value: Any) -> bool:
    return isinstance(value, dict) and all(_count(limit) for limit in value.values())


def _accept_table(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(codes, list)
        and all(isinstance(c, int) and not isinstance(c, bool) and 100 <= c <= 599 for c in codes)
        for codes in value.values()
    )


def duration(value: Any) -> float | None:
    """Seconds in ``90``, ``"90"``, ``"45s"``, ``"30m"``, ``"12h"`` or ``"7d"``; None if
    unreadable, negative or past a year."""
    if _number(value):
        seconds = float(value)
    else:
        match = re.fullmatch(r"\s*(\d{1,9}(?:\.\d{1,9})?)\s*([smhd]?)\s*", str(value))
        if not match:
            return None
        unit = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
        seconds = float(match.group(1)) * unit
    return seconds if math.isfinite(seconds) and 0 <= seconds <= 366 * 86400 else None


def _severity_table(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(level, str) and level in ("error", "warning") for level in value.values()
    )


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _sort_order(value: Any) -> bool:
    order, comma, tie_break = str(value).partition(",")
    return isinstance(value, str) and order in SORT_ORDERS and (not comma or tie_break == "title")


def _url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _choice(names: tuple[str, ...]) -> tuple[str, Callable[[Any], bool]]:
    return f"one of {', '.join(names)}", lambda value: value in names


#: what a value must be, and the test of it, for the kinds of value keys take
CODES = ("a list of rule codes or names", _string_list)
FLAG = ("true or false", lambda value: isinstance(value, bool))
COUNT = ("a whole number from 1 to 1000", _count)
PERCENT = ("a number from 0 to 100", lambda value: _number(value) and 0 <= value <= 100)
URL = ("a URL", _url)

#: every key the config may hold
KEYS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "select": CODES,
    "extend-select": CODES,
    "ignore": CODES,
    "severity": ('a table of CODE = "error" or "warning"', _severity_table),
    "fail-on": _choice(FAIL_ON),
    "format": _choice(FORMAT_NAMES),
    "offline": FLAG,
    "venues": ("a list of venue spellings", _string_list),
    "sort": (f"one of {', '.join(SORT_ORDERS)} (a date order may add ',title')", _sort_order),
    # below 50 every title is "like" every other: quadratic findings, nothing learnt
    "title-similarity": ("a number from 50 to 100", lambda v: _number(v) and 50 <= v <= 100),
    "timeout": ("a number of seconds above 0, at most 300", _seconds(300)),
    "run-timeout": ("a number of seconds above 0, at most 86400", _seconds(86_400)),
    "max-concurrency": COUNT,
    "max-per-host": COUNT,
    "host-limits": ("a table of HOST = requests in flight (1 to 1000)", _limits_table),
    "exclude": (
        "a list of regular expressions with no repetition inside a repetition and no"
        " alternatives inside one that can start alike",
        _patterns,
    ),
    "accept": ('a table of HOST = [status codes] ("*" for every host)', _accept_table),
    "cache": FLAG,
    "cache-dir": ("a directory path", lambda value: isinstance(value, str) and bool(value)),
    "max-cache-age": (
        'a duration like "1d", "12h" or a number of seconds',
        lambda v: duration(v) is not None,
    ),
    "allow-private": FLAG,
    "arxiv-api": URL,
    "github-api": URL,
    "doi-api": URL,
    "crossref-api": URL,
    "openreview-api": URL,
    # Crossref's polite pool: an address to reach whoever runs the check
    "contact": ("an email address", lambda v: isinstance(v, str) and bool(_EMAIL.fullmatch(v))),
    "paper-title-similarity": PERCENT,
}

#: keys only the command line may set: where requests go and what they may reach, and
#: where the cache that --fix trusts is kept, are not a checked-out file's to decide
COMMAND_LINE_ONLY = frozenset(
    {"allow-private", "cache-dir", "arxiv-api", "github-api", "doi-api"}
    | {"crossref-api", "openreview-api"}
)
#: keys that hold for the whole run (the command line, then the working directory's
#: config); the others hold per file, from the config nearest each file
RUN_KEYS = frozenset(
    {"format", "timeout", "run-timeout", "max-concurrency", "max-per-host", "host-limits"}
    | {"exclude", "accept", "cache", "max-cache-age", "contact"}
    | COMMAND_LINE_ONLY
)
COMMAND_LINE = "the command line"


@dataclass(frozen=True)
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    path: str | None = None  # where it was read from; None for the defaults

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def validate(values: dict[str, Any], path: str) -> Config:
    """Check every key and value; ``path`` is the file, or :data:`COMMAND_LINE`."""
    for key, value in values.items():
        if key not in KEYS:
            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"{path}: unknown key {_shown(key)} (known keys: {known})")
        if key in COMMAND_LINE_ONLY and path != COMMAND_LINE:
            raise ConfigError(
                f"{path}: '{key}' may only be given on the command line"
                f" (--{key}): a config file must not decide where requests go"
            )
        what, test = KEYS[key]
        if not test(value):
            raise ConfigError(f"{path}: '{key}' must be {what}, not {_shown(value)}")
    return Config(values, path)


def _shown(value: Any) -> str:
    """A value for a one-line message: escaped (``repr``), and short."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _read_toml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.loads(handle.read(MAX_CONFIG_BYTES + 1).decode("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (nested too deeply)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from None


def load(path: str) -> Config:
    """Read a config file given by name: a ``.fmfl-lint.toml`` or a pyproject.toml."""
    data = _read_toml(path)
    if os.path.basename(path) == PYPROJECT:
        data = _our_table(data, path)
    return validate(data, path)


def _our_table(pyproject: dict[str, Any], path: str) -> dict[str, Any]:
    tool = pyproject.get("tool", {})
    table = tool.get("fmfl-lint", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.fmfl-lint] must be a table")
    return table


def discover(start: str) -> Config:
    """The config nearest ``start`` (a directory), looking upward; the defaults if none."""
    directory = os.path.abspath(start)
    while True:
        own = os.path.join(directory, OWN_FILE)
        if os.path.isfile(own):
            return load(own)
        pyproject = os.path.join(directory, PYPROJECT)
        if os.path.isfile(pyproject):
            tool = _read_toml(pyproject).get("tool")
            if isinstance(tool, dict) and "fmfl-lint" in tool:
                return load(pyproject)
        parent = os.path.dirname(directory)
        if parent == directory:
            return Config()
        directory = parent
