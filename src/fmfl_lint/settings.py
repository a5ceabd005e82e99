"""Flags over config over defaults: what each file and the whole run are told.

Rules, severities, order and failing threshold come from the config nearest each file
(the command line winning); the output format and everything about the network come from
the command line and the working directory's config, once for the run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .config import Config, ConfigError, duration
from .net.cache import default_directory
from .net.checker import NetSettings
from .registry import SelectionError, codes_for, select_rules
from .rules import Options, Rule
from .sources import NetworkSettings

USER_AGENT = f"fmfl-lint/{__version__} (+https://pypi.org/project/fmfl-lint/)"
DEFAULT_CACHE_AGE = 86_400.0  # a day
#: settings the sources read: where each API is, and whom Crossref may write to
ENDPOINT_KEYS = ("arxiv-api", "github-api", "doi-api", "crossref-api", "openreview-api", "contact")


@dataclass(frozen=True)
class FileSettings:
    """How one file is checked, and at which severity its findings fail the run."""

    rules: tuple[Rule, ...] = ()
    options: Options = field(default_factory=Options)
    #: severities that differ from the rules' own, by code
    severities: Mapping[str, str] = field(default_factory=dict)
    fail_on: str = "error"


@dataclass(frozen=True)
class RunSettings:
    """How the whole run reports and asks the network."""

    output_format: str = "text"
    network: NetworkSettings = field(default_factory=NetworkSettings)


def _merged(config: Config, overrides: Config) -> dict[str, Any]:
    return {**config.values, **overrides.values}


def file_settings(config: Config, overrides: Config) -> FileSettings:
    values = _merged(config, overrides)
    try:
        rules = select_rules(
            values.get("select"),
            ignore=values.get("ignore", ()),
            extend_select=values.get("extend-select", ()),
            offline=values.get("offline", False),
        )
        severities = {}
        for selector, level in values.get("severity", {}).items():
            try:
                severities.update(dict.fromkeys(codes_for(selector), level))
            except SelectionError:
                raise SelectionError(f"unknown rule '{selector}' in 'severity'") from None
    except SelectionError as error:
        selectors = {"select", "ignore", "extend-select", "severity"}
        from_file = config.path and not selectors & overrides.values.keys()
        raise ConfigError(f"{config.path}: {error}" if from_file else str(error)) from None
    defaults = Options()
    options = Options(
        title_similarity=values.get("title-similarity", defaults.title_similarity),
        sort=values.get("sort", defaults.sort),
        venues=tuple(values.get("venues", ())),
        paper_title_similarity=values.get(
            "paper-title-similarity", defaults.paper_title_similarity
        ),
    )
    return FileSettings(tuple(rules), options, severities, values.get("fail-on", "error"))


def run_settings(config: Config, overrides: Config) -> RunSettings:
    values = _merged(config, overrides)
    defaults = NetSettings()
    net = NetSettings(
        timeout=float(values.get("timeout", defaults.timeout)),
        max_concurrency=values.get("max-concurrency", defaults.max_concurrency),
        max_per_host=values.get("max-per-host", defaults.max_per_host),
        host_limits={host.lower(): limit for host, limit in values.get("host-limits", {}).items()},
        run_timeout=float(values.get("run-timeout", defaults.run_timeout)),
        allow_private=values.get("allow-private", False),
        accept={host: frozenset(codes) for host, codes in values.get("accept", {}).items()},
        exclude=tuple(config.get("exclude", ())) + tuple(overrides.get("exclude", ())),
        user_agent=USER_AGENT,
    )
    age = duration(values.get("max-cache-age", DEFAULT_CACHE_AGE))  # validated: not None
    cache_dir = None
    if values.get("cache", True):
        cache_dir = values.get("cache-dir") or default_directory()
        if net.allow_private:
            # what was learnt with the guard off must not vouch for a URL when it is on
            cache_dir = os.path.join(cache_dir, "allow-private")
    endpoints: dict[str, str] = {key: values[key] for key in ENDPOINT_KEYS if key in values}
    network = NetworkSettings(net, cache_dir, DEFAULT_CACHE_AGE if age is None else age, endpoints)
    return RunSettings(values.get("format", "text"), network)
