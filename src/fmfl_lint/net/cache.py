"""Results of earlier runs, in SQLite, so a re-run of an unchanged list sends nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .result import LinkResult, Outcome

#: only answers that will still be true tomorrow are kept; failures are asked again
CACHED = frozenset({Outcome.OK, Outcome.REDIRECTED})


def cache_key(url: str) -> str:
    """The URL as a server sees it: scheme and host in lower case, no fragment."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


#: a cached fact longer than this was not written by this program
MAX_FACT = 64 * 1024


def _well_formed(row: tuple[object, ...]) -> bool:
    """Whether a links row is one this program could have written: a cached outcome, a
    status, a final URL that is a web address, a time (the file is not trusted)."""
    outcome, status, final_url, checked_at = row
    return (
        outcome in {o.value for o in CACHED}
        and (status is None or (isinstance(status, int) and 100 <= status <= 599))
        and (final_url is None or (isinstance(final_url, str) and _web(final_url)))
        and isinstance(checked_at, (int, float))
    )


def _web(url: str) -> bool:
    return url.startswith(("http://", "https://")) and len(url) <= 8192


def default_directory() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "fmfl-lint")


class LinkCache:
    """One SQLite file: key → outcome, status, final URL, when it was checked."""

    def __init__(self, directory: str, max_age: float) -> None:
        os.makedirs(directory, exist_ok=True)
        self.path = os.path.join(directory, "links.sqlite3")
        self.max_age = max_age
        self._db = sqlite3.connect(self.path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS links (key TEXT PRIMARY KEY, outcome TEXT NOT NULL,"
            " status INTEGER, final_url TEXT, checked_at REAL NOT NULL)"
        )
        # what APIs said: "arxiv:ID" or "github:OWNER/REPO" → JSON
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
            " checked_at REAL NOT NULL)"
        )

    def get(self, url: str) -> LinkResult | None:
        row = self._db.execute(
            "SELECT outcome, status, final_url, checked_at FROM links WHERE key = ?",
            (cache_key(url),),
        ).fetchone()
        if row is None or not _well_formed(row) or not 0 <= time.time() - row[3] <= self.max_age:
            return None
        return LinkResult(url, Outcome(row[0]), row[1], row[2], cached=True)

    def put(self, results: list[LinkResult]) -> None:
        rows = [
            (cache_key(r.url), r.outcome.value, r.status, r.final_url, time.time())
            for r in results
            if r.outcome in CACHED and not r.cached
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?)", rows)

    def get_fact(self, key: str) -> Any:
        """A fact an API gave, decoded; None when unknown or too old."""
        row = self._db.execute(
            "SELECT value, checked_at FROM facts WHERE key = ?", (key,)
        ).fetchone()
        if row is None or not isinstance(row[1], (int, float)) or not isinstance(row[0], str):
            return None
        if not 0 <= time.time() - row[1] <= self.max_age or len(row[0]) > MAX_FACT:
            return None
        try:
            return json.loads(row[0])
        except ValueError:
            return None

    def put_facts(self, facts: dict[str, Any]) -> None:
        now = time.time()
        rows = [(key, json.dumps(value), now) for key, value in facts.items()]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        self._db.close()
