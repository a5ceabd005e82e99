"""Is every link alive: the network's verdict on each URL, at the line it is written."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Edit, Finding, Fix, Span
from ..records import LINKS, LinkResult, Outcome
from ..rules import Options, rule


def _verdicts(
    doc: Document, options: Options, outcome: Outcome
) -> Iterator[tuple[str, Span, LinkResult]]:
    for url, span in doc.written_urls:
        result = options.facts.links.get(url)
        if result is not None and result.outcome is outcome:
            yield url, span, result


@rule("FL101", "dead-link", needs=[LINKS])
def dead_link(doc: Document, options: Options) -> Iterator[Finding]:
    """A link that does not answer: 4xx/5xx (not accepted), DNS failure, refused or reset.

    HEAD is tried first and GET when HEAD is refused; 5xx, resets and timeouts are tried
    again before they count. Status codes a host answers on purpose (403 to robots, say)
    can be accepted with the ``accept`` setting.
    """
    for url, span, result in _verdicts(doc, options, Outcome.DEAD):
        yield Finding.at(doc.path, span, f"dead link ({result.detail}): {url}", url=url)


@rule("FL102", "link-timeout", "warning", needs=[LINKS])
def link_timeout(doc: Document, options: Options) -> Iterator[Finding]:
    """No answer within the timeout, after retries (``--timeout``, default 10 s).

    A warning: a slow server is not a dead one. Tried again before it counts.
    """
    for url, span, result in _verdicts(doc, options, Outcome.TIMEOUT):
        yield Finding.at(doc.path, span, f"no answer ({result.detail}): {url}", url=url)


@rule("FL103", "permanent-redirect", "warning", needs=[LINKS], fix=True)
def permanent_redirect(doc: Document, options: Options) -> Iterator[Finding]:
    """A 301 or 308 redirect to another URL: link the final URL instead.

    ``--fix`` rewrites the URL where it is written exactly as requested, from an answer
    received in this run only (never from the cache, which a checkout could have planted).
    """
    for url, span, result in _verdicts(doc, options, Outcome.REDIRECTED):
        final = result.final_url or url
        fix = None
        if not result.cached and span.start is not None and doc.text[span.start : span.end] == url:
            fix = Fix(f"link {final}", (Edit(span.start, span.start + len(url), final),))
        hop = result.chain[0][0] if result.chain else 301
        message = f"permanently redirected (HTTP {hop}) to {final}: {url}"
        yield Finding.at(doc.path, span, message, url=url, fix=fix)


@rule("FL104", "rate-limited", "warning", needs=[LINKS])
def rate_limited(doc: Document, options: Options) -> Iterator[Finding]:
    """The host kept answering 429 after its Retry-After was honoured: not known dead.

    Never reported as a dead link. Run again later, or lower ``max-per-host``.
    """
    for url, span, _ in _verdicts(doc, options, Outcome.RATE_LIMITED):
        yield Finding.at(
            doc.path, span, f"rate limited: still HTTP 429 after waiting: {url}", url=url
        )


@rule("FL105", "blocked-address", needs=[LINKS])
def blocked_address(doc: Document, options: Options) -> Iterator[Finding]:
    """A link leads to a private, loopback, link-local or metadata address: not fetched.

    The URL, or a redirect on the way, resolves to such an address; it is fetched only
    with ``--allow-private``.

    fmfl-lint runs on strangers' pull requests in CI: a link must not be able to make it
    reach the network it runs in.
    """
    for url, span, result in _verdicts(doc, options, Outcome.BLOCKED):
        yield Finding.at(doc.path, span, f"not fetched: {result.detail}: {url}", url=url)


@rule("FL106", "link-unverifiable", "warning", needs=[LINKS])
def link_unverifiable(doc: Document, options: Options) -> Iterator[Finding]:
    """A link behind a bot wall: the host refuses robots, so it is neither alive nor dead.

    The answer was a challenge (a 403 or 503 with Cloudflare's ``cf-mitigated: challenge``
    or its challenge page), 418 or 999, or the host is a publisher known to refuse robots
    (IEEE Xplore, the ACM Digital Library, ScienceDirect, Wiley, ResearchGate, LinkedIn),
    which is not asked at all. A DOI link is settled by the DOI registry instead, and an
    arXiv link by arXiv's API, so linking the DOI (``https://doi.org/10....``) rather than
    the publisher's page makes the link checkable.
    """
    for url, span, result in _verdicts(doc, options, Outcome.UNVERIFIABLE):
        yield Finding.at(doc.path, span, f"cannot be verified ({result.detail}): {url}", url=url)
