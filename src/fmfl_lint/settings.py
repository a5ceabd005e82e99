"""Flags over config over defaults: what one run is told, in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import __version__
from .config import Config, ConfigError, duration
from .lint import LintConfig
from .net import NetSettings
from .net.arxiv import API as ARXIV_API
from .net.cache import default_directory
from .net.github import API as GITHUB_API
from .rules import Options, SelectionError, registry, select_rules

USER_AGENT = f"fmfl-lint/{__version__} (+https://pypi.org/project/fmfl-lint/)"
DEFAULT_CACHE_AGE = 86_400.0  # a day


class _Picker:
    """A value from the command line when given there, else the config, else the default."""

    def __init__(self, config: Config, flags: Mapping[str, Any], given: set[str]) -> None:
        self.config, self.flags, self.given = config, flags, given

    def __call__(self, flag: str, key: str | None = None) -> Any:
        key = key or flag.replace("_", "-")
        if flag in self.given:
            return self.flags[flag]
        return self.config.get(key, self.flags.get(flag))


@dataclass(frozen=True)
class FileSettings:
    """How one file is checked and reported."""

    lint: LintConfig
    fix: bool
    fail_on: str
    output_format: str


@dataclass(frozen=True)
class LinkSettings:
    """How the network is asked: the checker's settings and its cache."""

    net: NetSettings
    cache_dir: str | None  # None: no cache
    max_cache_age: float
    arxiv_api: str = ARXIV_API
    github_api: str = GITHUB_API


def file_settings(config: Config, flags: Mapping[str, Any], given: set[str]) -> FileSettings:
    pick = _Picker(config, flags, given)
    severities = dict(config.get("severity", {}))
    try:
        rules = select_rules(
            pick("select"),
            ignore=pick("ignore") or (),
            extend_select=pick("extend_select") or (),
            offline=pick("offline"),
        )
        unknown = sorted(set(severities) - registry().keys())
        if unknown:
            raise SelectionError(f"unknown rule '{unknown[0]}' in 'severity'")
    except SelectionError as error:
        from_file = config.path and not {"select", "ignore", "extend_select"} & given
        raise ConfigError(f"{config.path}: {error}" if from_file else str(error)) from None
    options = Options(
        title_similarity=config.get("title-similarity", Options.title_similarity),
        sort=config.get("sort", Options.sort),
        venues=tuple(config.get("venues", ())),
        arxiv_title_similarity=config.get("arxiv-title-similarity", Options.arxiv_title_similarity),
    )
    return FileSettings(
        lint=LintConfig(rules, options, severities),
        fix=flags["fix"],
        fail_on=pick("fail_on"),
        output_format=pick("output_format", "format"),
    )


def link_settings(config: Config, flags: Mapping[str, Any], given: set[str]) -> LinkSettings:
    pick = _Picker(config, flags, given)
    accept = {host: frozenset(codes) for host, codes in config.get("accept", {}).items()}
    defaults = NetSettings()
    net = NetSettings(
        timeout=float(pick("timeout") or defaults.timeout),
        max_concurrency=int(pick("max_concurrency") or defaults.max_concurrency),
        max_per_host=int(pick("max_per_host") or defaults.max_per_host),
        host_limits={host.lower(): limit for host, limit in config.get("host-limits", {}).items()},
        run_timeout=float(config.get("run-timeout", defaults.run_timeout)),
        allow_private=bool(pick("allow_private")),
        accept=accept,
        exclude=tuple(config.get("exclude", ())) + tuple(flags.get("exclude") or ()),
        user_agent=USER_AGENT,
    )
    age = duration(pick("max_cache_age") or DEFAULT_CACHE_AGE)
    if age is None:
        raise ConfigError(
            f"--max-cache-age: '{flags['max_cache_age']}' is not a duration like 1d, 12h or 30m"
        )
    use_cache = pick("cache")
    cache_dir = (pick("cache_dir") or default_directory()) if use_cache is not False else None
    arxiv_api = config.get("arxiv-api", ARXIV_API)
    github_api = config.get("github-api", GITHUB_API)
    return LinkSettings(net, cache_dir, age, arxiv_api, github_api)
