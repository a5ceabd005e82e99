"""One look at one URL: HEAD first, GET when HEAD is refused, redirects followed and kept.

Only headers are read, on every hop: redirects are followed here, one request at a time,
not by requests, whose Session reads each redirect's body whole, to reuse its connection
(an 800 MB body, or one trickling in for ever, behind a 301), even when told not to follow
it. Each hop's response is closed unread,
which closes its connection unless the body is known to be empty. The hops are bounded by
the session's ``max_redirects`` and by the run's deadline.
"""

from __future__ import annotations

import email.utils
import socket
import time
from dataclasses import dataclass, replace
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

import requests
from requests.cookies import extract_cookies_to_jar
from requests.utils import requote_uri
from urllib3.exceptions import HTTPError, NameResolutionError

from .guard import BlockedAddress
from .walls import CHALLENGE_STATUSES, PEEK_BYTES, challenge_in

#: the longest a challenge page's first bytes are waited for
PEEK_SECONDS = 1.0

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
    #: why the answer is a bot wall's challenge ('' when it is not one)
    wall: str = ""


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


def _request(
    session: requests.Session, method: str, url: str, timeout: float, deadline: float | None
) -> Answer:
    """Ask ``url``, following redirects by hand; only each hop's headers are read."""
    answer = _follow(session, method, url, timeout, deadline)
    late = deadline is not None and time.monotonic() >= deadline
    if late and answer.failure in ("timeout", "connection"):
        # cut off by the run's end (the watchdog shuts what is still waiting then)
        return _out_of_time(answer.requests)
    return answer


def _follow(
    session: requests.Session, method: str, url: str, timeout: float, deadline: float | None
) -> Answer:
    chain: list[tuple[int, str]] = []
    sent = 0
    fragment = urlsplit(url).fragment
    try:
        while True:
            seconds = timeout
            if deadline is not None:
                seconds = min(timeout, deadline - time.monotonic())
                if seconds <= 0:
                    return _out_of_time(sent)
            sent += 1
            response = _send(session, method, url, seconds)
            try:
                location = session.get_redirect_target(response)
                if location is None:
                    return Answer(
                        status=response.status_code,
                        final_url=response.url,
                        chain=tuple(chain),
                        retry_after=retry_after(response.headers.get("retry-after")),
                        requests=sent,
                        wall=_challenge(response, method, deadline),
                    )
                if len(chain) >= session.max_redirects:
                    raise requests.TooManyRedirects(
                        f"Exceeded {session.max_redirects} redirects.", response=response
                    )
                chain.append((response.status_code, response.headers.get("location", "")))
                url, fragment = _next_url(response.url, location, fragment)
                _release(response, method)
            finally:
                response.close()
    except BlockedAddress as error:
        return Answer(failure="blocked", detail=str(error), requests=sent - 1)
    except requests.TooManyRedirects:
        return Answer(failure="redirects", detail="too many redirects (a loop?)", requests=sent)
    except requests.exceptions.SSLError as error:
        return Answer(failure="tls", detail=_reason(error), requests=sent)
    except requests.Timeout:
        return Answer(failure="timeout", detail=f"no answer within {timeout:g} s", requests=sent)
    except requests.ConnectionError as error:
        if _dns_only_late(error):
            # no answer from DNS says nothing of the host: a timeout, not a dead link
            detail = "DNS gave no answer in time (a temporary failure)"
            return Answer(failure="timeout", detail=detail, requests=sent - 1)
        if _caused_by(error, NameResolutionError):
            detail = "the host name does not resolve"
            return Answer(failure="dns", detail=detail, requests=sent - 1)
        return Answer(failure="connection", detail=_reason(error), requests=sent)
    except requests.RequestException as error:
        return Answer(failure="connection", detail=_reason(error), requests=sent)
    except ValueError as error:  # a Location that is no URL
        return Answer(failure="connection", detail=f"a bad redirect: {error}", requests=sent)


def _send(session: requests.Session, method: str, url: str, timeout: float) -> requests.Response:
    """One request, one response whose body is not read.

    What ``session.request`` does, less its redirect handling: even told not to follow
    redirects, it reads a redirect's body whole (to note where it would lead).
    """
    prepared = session.prepare_request(requests.Request(method, url))
    # stream: only the headers are read
    settings = session.merge_environment_settings(prepared.url, {}, True, None, None)
    adapter = session.get_adapter(prepared.url or url)
    response = adapter.send(prepared, timeout=timeout, **cast("dict[str, Any]", settings))
    extract_cookies_to_jar(session.cookies, prepared, response.raw)
    return response


def _challenge(response: requests.Response, method: str, deadline: float | None) -> str:
    """Why a 403 or 503 is a bot wall's challenge ('' when it is not, or for other statuses).

    Only then is any of a body read: at most :data:`walls.PEEK_BYTES`, a chunk at a time,
    while the run's deadline and a second allow.
    """
    if response.status_code not in CHALLENGE_STATUSES:
        return ""
    headers = {name.lower(): value for name, value in response.headers.items()}
    if method == "HEAD" or challenge_in(headers, b""):
        return challenge_in(headers, b"")
    until = time.monotonic() + PEEK_SECONDS
    if deadline is not None:
        until = min(until, deadline)
    body = b""
    try:
        while len(body) < PEEK_BYTES and time.monotonic() < until:
            chunk = response.raw.read1(PEEK_BYTES - len(body))
            if not chunk:
                break
            body += chunk
    except (OSError, HTTPError, requests.RequestException):
        pass  # what arrived is all there is to look at
    return challenge_in(headers, body)


def _out_of_time(sent: int) -> Answer:
    return Answer(failure="timeout", detail="the run's time bound was reached", requests=sent)


def _next_url(current: str, location: str, fragment: str) -> tuple[str, str]:
    """Where a redirect leads, as requests resolves it, and the fragment carried along."""
    if location.startswith("//"):  # scheme-relative
        location = f"{urlsplit(current).scheme}:{location}"
    parts = urlsplit(location)
    if not parts.fragment and fragment:
        parts = parts._replace(fragment=fragment)
    elif parts.fragment:
        fragment = parts.fragment
    location = parts.geturl()
    if not parts.netloc:
        return urljoin(current, requote_uri(location)), fragment
    return requote_uri(location), fragment


def _release(response: requests.Response, method: str) -> None:
    """Keep the connection of a hop whose body is empty by definition; read nothing else."""
    headers = response.headers
    chunked = "chunked" in headers.get("transfer-encoding", "").lower()
    if method == "HEAD" or (headers.get("content-length", "").strip() == "0" and not chunked):
        response.content  # noqa: B018  nothing to read: the connection goes back to its pool


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


def _dns_only_late(error: BaseException) -> bool:
    """Whether DNS failed for now (EAI_AGAIN: no answer in time), not "no such name"."""
    return any(
        isinstance(cause, socket.gaierror) and cause.errno == socket.EAI_AGAIN
        for cause in _causes(error)
    )


def _reason(error: BaseException) -> str:
    """The innermost cause of a requests error, in one short line."""
    innermost = _causes(error)[-1]
    text = " ".join(str(innermost).split()) or type(innermost).__name__
    return text[:200]


def look(
    session: requests.Session,
    url: str,
    timeout: float,
    *,
    head: bool = True,
    deadline: float | None = None,
) -> Answer:
    """HEAD ``url`` (unless told not to), and GET it when HEAD's answer is not a yes.

    ``deadline`` (on :func:`time.monotonic`'s clock) bounds every request of the look.
    """
    if head:
        answer = _request(session, "HEAD", url, timeout, deadline)
        if answer.failure or answer.status is None or answer.status < 400 or answer.status == 429:
            return answer
        # 405/501 refuse HEAD; some hosts answer 403 or 404 to HEAD alone: GET decides
        confirmed = _request(session, "GET", url, timeout, deadline)
        lied = confirmed.status is not None and confirmed.status < 400
        return replace(confirmed, requests=answer.requests + confirmed.requests, head_lied=lied)
    return _request(session, "GET", url, timeout, deadline)
