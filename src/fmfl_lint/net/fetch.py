"""One look at one URL: HEAD first, GET when HEAD is refused, redirects followed and kept."""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, replace

import requests
from urllib3.exceptions import NameResolutionError

from .guard import BlockedAddress

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})


@dataclass(frozen=True)
class Answer:
    """What one attempt got: a status (after redirects) or the kind of failure."""

    status: int | None = None
    final_url: str = ""
    chain: tuple[tuple[int, str], ...] = ()
    #: "timeout", "connection", "dns", "tls", "blocked", "redirects", or "" for a status
    failure: str = ""
    detail: str = ""
    retry_after: float | None = None
    requests: int = 0
    #: HEAD said no and GET said yes: this host's HEAD answers are not to be trusted
    head_lied: bool = False


def retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _request(session: requests.Session, method: str, url: str, timeout: float) -> Answer:
    try:
        # stream: only the headers are read; closing the response releases the connection
        with session.request(method, url, timeout=timeout, stream=True, allow_redirects=True) as r:
            chain = tuple((hop.status_code, hop.headers.get("location", "")) for hop in r.history)
            return Answer(
                status=r.status_code,
                final_url=r.url,
                chain=chain,
                retry_after=retry_after(r.headers.get("retry-after")),
                requests=len(r.history) + 1,
            )
    except BlockedAddress as error:
        return Answer(failure="blocked", detail=str(error), requests=0)
    except requests.TooManyRedirects:
        return Answer(failure="redirects", detail="too many redirects (a loop?)", requests=1)
    except requests.exceptions.SSLError as error:
        return Answer(failure="tls", detail=_reason(error), requests=1)
    except requests.Timeout:
        return Answer(failure="timeout", detail=f"no answer within {timeout:g} s", requests=1)
    except requests.ConnectionError as error:
        if _caused_by(error, NameResolutionError):
            return Answer(failure="dns", detail="the host name does not resolve", requests=0)
        return Answer(failure="connection", detail=_reason(error), requests=1)
    except requests.RequestException as error:
        return Answer(failure="connection", detail=_reason(error), requests=1)


def _causes(error: BaseException) -> list[BaseException]:
    """The error, what caused it, and so on (urllib3 keeps its cause in ``reason``)."""
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in found:
        found.append(current)
        candidates = [current.__cause__, getattr(current, "reason", None), current.__context__]
        candidates += list(current.args[:1])
        current = next((c for c in candidates if isinstance(c, BaseException)), None)
    return found


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    return any(isinstance(cause, kind) for cause in _causes(error))


def _reason(error: BaseException) -> str:
    """The innermost cause of a requests error, in one short line."""
    innermost = _causes(error)[-1]
    text = " ".join(str(innermost).split()) or type(innermost).__name__
    return text[:200]


def look(session: requests.Session, url: str, timeout: float, *, head: bool = True) -> Answer:
    """HEAD ``url`` (unless told not to), and GET it when HEAD's answer is not a yes."""
    if head:
        answer = _request(session, "HEAD", url, timeout)
        if answer.failure or answer.status is None or answer.status < 400 or answer.status == 429:
            return answer
        # 405/501 refuse HEAD; some hosts answer 403 or 404 to HEAD alone: GET decides
        confirmed = _request(session, "GET", url, timeout)
        lied = confirmed.status is not None and confirmed.status < 400
        return replace(confirmed, requests=answer.requests + confirmed.requests, head_lied=lied)
    return _request(session, "GET", url, timeout)
