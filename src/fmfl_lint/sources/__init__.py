"""The sources of network facts, in the order they are asked, and one run's asking.

Everything is asked once for all files of a run. API sources come first, so that the URLs
their answers settle are not fetched again by the liveness check. Adding a source is one
module here and one line in ``SOURCES``. Nothing here prints: the command line shows the
progress and the notes, and turns :class:`~.base.NetworkUnreachable` (raised by
:func:`gather` when no host could be reached) into one line.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from ..net.cache import LinkCache
from ..net.checker import LinkChecker, NetSettings
from ..records import Facts
from .arxiv import ArxivSource
from .base import Context, NetworkUnreachable, Progress, Source
from .crossref import CrossrefSource
from .github import GithubSource
from .liveness import LivenessSource
from .openreview import OpenReviewSource

SOURCES: tuple[type[Source], ...] = (
    ArxivSource,
    CrossrefSource,
    OpenReviewSource,
    GithubSource,
    LivenessSource,
)

__all__ = ["SOURCES", "Gathered", "NetworkSettings", "NetworkUnreachable", "gather"]


@dataclass(frozen=True)
class NetworkSettings:
    """How the network is asked in one run: the checker's settings, cache, endpoints."""

    net: NetSettings = field(default_factory=NetSettings)
    cache_dir: str | None = None  # None: no cache
    max_cache_age: float = 86_400.0
    #: endpoints by setting name (``arxiv-api``, ``github-api``, ``doi-api``,
    #: ``crossref-api``, ``openreview-api``; absent: the real ones), and ``contact``
    endpoints: dict[str, str] = field(default_factory=dict)


@dataclass
class Gathered:
    """What one run learnt, and what it cost."""

    facts: Facts
    notes: list[str]
    requests: dict[str, int]
    cached: int


def gather(
    urls: Sequence[str],
    kinds: Collection[str],
    settings: NetworkSettings,
    progress: Progress | None = None,
) -> Gathered:
    """Ask every source that provides one of ``kinds`` about ``urls``."""
    facts = Facts()
    notes: list[str] = []
    cache = None
    if settings.cache_dir:
        try:
            cache = LinkCache(settings.cache_dir, settings.max_cache_age)
        except (sqlite3.Error, OSError) as error:
            notes.append(f"the link cache in {settings.cache_dir} cannot be used ({error})")
    context = Context(LinkChecker(settings.net, cache=cache), cache, settings.endpoints, progress)
    context.notes = notes
    try:
        for source in SOURCES:
            if source.provides in kinds:
                source().ask(urls, facts, context)
                # raises NetworkUnreachable when the APIs' hosts and the links' could not be
                # reached at all: one line for the command, not a dead link per URL
                context.stop_if_unreachable()
    finally:
        if cache:
            cache.close()
    return Gathered(facts, context.notes, dict(context.sent), context.cached)
