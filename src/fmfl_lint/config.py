"""Find and validate ``[tool.fmfl-lint]`` in pyproject.toml, or a ``.fmfl-lint.toml``."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .rules import SORT_ORDERS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

OWN_FILE = ".fmfl-lint.toml"
PYPROJECT = "pyproject.toml"
FAIL_ON = ("error", "warning", "never")
FORMAT_NAMES = ("text", "json", "github", "sarif")


class ConfigError(Exception):
    """The configuration cannot be used; the message is one line for the user."""


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _positive(value: Any) -> bool:
    return _number(value) and value > 0


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _patterns(value: Any) -> bool:
    if not _string_list(value):
        return False
    try:
        for pattern in value:
            re.compile(pattern)
    except re.error:
        return False
    return True


def _limits_table(value: Any) -> bool:
    return isinstance(value, dict) and all(_count(limit) for limit in value.values())


def _accept_table(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(codes, list)
        and all(isinstance(c, int) and not isinstance(c, bool) and 100 <= c <= 599 for c in codes)
        for codes in value.values()
    )


def duration(value: Any) -> float | None:
    """Seconds in ``90``, ``"45s"``, ``"30m"``, ``"12h"`` or ``"7d"``; None if unreadable."""
    if _positive(value) or value == 0:
        return float(value)
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd])\s*", str(value))
    if not match:
        return None
    return float(match.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]


def _severity_table(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(level, str) and level in ("error", "warning") for level in value.values()
    )


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _choice(names: tuple[str, ...]) -> tuple[str, Callable[[Any], bool]]:
    return f"one of {', '.join(names)}", lambda value: value in names


#: what a value must be, and the test of it, for the kinds of value keys take
CODES = ("a list of rule codes", _string_list)
FLAG = ("true or false", lambda value: isinstance(value, bool))
SECONDS = ("a number of seconds above 0", _positive)
COUNT = ("a whole number from 1", _count)
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
    "sort": _choice(SORT_ORDERS),
    "title-similarity": PERCENT,
    "timeout": SECONDS,
    "run-timeout": SECONDS,
    "max-concurrency": COUNT,
    "max-per-host": COUNT,
    "host-limits": ("a table of HOST = requests in flight (a whole number from 1)", _limits_table),
    "exclude": ("a list of regular expressions", _patterns),
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
    "arxiv-title-similarity": PERCENT,
}


@dataclass(frozen=True)
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    path: str | None = None  # where it was read from; None for the defaults

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def validate(values: dict[str, Any], path: str) -> Config:
    for key, value in values.items():
        if key not in KEYS:
            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"{path}: unknown key '{key}' (known keys: {known})")
        what, test = KEYS[key]
        if not test(value):
            raise ConfigError(f"{path}: '{key}' must be {what}, not {value!r}")
    return Config(values, path)


def _read_toml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from None


def load(path: str) -> Config:
    """Read a config file given by name: a ``.fmfl-lint.toml`` or a pyproject.toml."""
    data = _read_toml(path)
    if os.path.basename(path) == PYPROJECT:
        data = data.get("tool", {}).get("fmfl-lint", {})
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [tool.fmfl-lint] must be a table")
    return validate(data, path)


def discover(start: str) -> Config:
    """The config nearest ``start`` (a directory), looking upward; the defaults if none."""
    directory = os.path.abspath(start)
    while True:
        own = os.path.join(directory, OWN_FILE)
        if os.path.isfile(own):
            return load(own)
        pyproject = os.path.join(directory, PYPROJECT)
        if os.path.isfile(pyproject) and "fmfl-lint" in _read_toml(pyproject).get("tool", {}):
            return load(pyproject)
        parent = os.path.dirname(directory)
        if parent == directory:
            return Config()
        directory = parent
