"""What checking one URL found out."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Outcome(str, enum.Enum):
    OK = "ok"
    DEAD = "dead"  # 4xx/5xx not accepted, no such host name, refused or reset, TLS failure
    TIMEOUT = "timeout"  # no answer within the timeout, after retries
    REDIRECTED = "redirected"  # a permanent redirect to a page that answers
    RATE_LIMITED = "rate-limited"  # still 429 after honouring Retry-After and retries
    BLOCKED = "blocked"  # a private, loopback, link-local or metadata address
    #: a bot wall answered (a challenge page, 418, 999) or the host is known to refuse robots:
    #: neither alive nor dead
    UNVERIFIABLE = "unverifiable"
    SKIPPED = "skipped"  # excluded, or not an http(s) URL


@dataclass(frozen=True)
class LinkResult:
    url: str
    outcome: Outcome
    status: int | None = None
    #: where a permanent redirect leads, and every hop as (status, location)
    final_url: str | None = None
    chain: tuple[tuple[int, str], ...] = ()
    detail: str = ""
    cached: bool = False
