"""Bot walls: each kind is unverifiable, never dead; a plain refusal still is dead."""

from __future__ import annotations

import responses

from fmfl_lint.net.checker import LinkChecker, NetSettings
from fmfl_lint.net.result import Outcome
from fmfl_lint.net.walls import KNOWN_WALLS

from ..servers import serve, status

LOOPBACK = NetSettings(timeout=1, retries=1, allow_private=True)
CHALLENGE_PAGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b'<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script>'
    b"</body></html>"
)


def test_each_kind_of_bot_wall_is_unverifiable(loopback: responses.RequestsMock) -> None:
    routes = {
        "/cf-header": status(403, {"cf-mitigated": "challenge"}),
        "/cf-page": status(403, {"Content-Type": "text/html"}, CHALLENGE_PAGE),
        "/cf-503": status(503, {"Content-Type": "text/html"}, CHALLENGE_PAGE),
        "/teapot": status(418),
        "/linkedin": status(999),
        "/forbidden": status(403, {"Content-Type": "text/html"}, b"<h1>Forbidden</h1>"),
        "/gone": status(404),
    }
    with serve(routes) as server:
        checker = LinkChecker(LOOPBACK)
        results = checker.check([server.url(path) for path in routes])
        asked_503 = server.count("/cf-503")
    got = {url.rsplit("/", 1)[1]: (r.outcome, r.detail) for url, r in results.items()}
    cloudflare = "HTTP 403, a Cloudflare challenge (cf-mitigated)"
    assert got["cf-header"] == (Outcome.UNVERIFIABLE, cloudflare)
    assert got["cf-page"] == (Outcome.UNVERIFIABLE, "HTTP 403, a challenge page")
    assert got["cf-503"] == (Outcome.UNVERIFIABLE, "HTTP 503, a challenge page")
    assert got["teapot"][0] is Outcome.UNVERIFIABLE and "418" in got["teapot"][1]
    assert got["linkedin"][0] is Outcome.UNVERIFIABLE and "999" in got["linkedin"][1]
    # a refusal with no challenge in it is the page's answer: dead, as before
    assert got["forbidden"] == (Outcome.DEAD, "HTTP 403")
    assert got["gone"] == (Outcome.DEAD, "HTTP 404")
    # a challenge is not a failure that may pass: HEAD, then GET to read it, once
    assert asked_503 == 2


def test_known_walls_are_not_asked(no_network: responses.RequestsMock) -> None:
    urls = [
        "https://ieeexplore.ieee.org/document/9084352",
        "https://dl.acm.org/doi/abs/10.1145/3292500.3330701",
        "https://www.linkedin.com/in/someone",
    ]
    checker = LinkChecker(NetSettings(timeout=1))
    results = checker.check(urls)
    assert {r.outcome for r in results.values()} == {Outcome.UNVERIFIABLE}
    assert results[urls[0]].detail == "not asked: IEEE Xplore answers scripts with 418"
    assert checker.stats.requests == 0 and not no_network.calls
    assert set(KNOWN_WALLS) >= {"ieeexplore.ieee.org", "dl.acm.org", "www.sciencedirect.com"}


def test_a_redirect_to_a_known_wall_that_refuses_is_unverifiable(
    no_network: responses.RequestsMock,
) -> None:
    # doi.org → the publisher, which turns robots away with a plain 403
    no_network.head(
        "https://doi.org/10.1016/j.x.2020.1",
        status=302,
        headers={"Location": "https://www.sciencedirect.com/science/article/pii/S1"},
    )
    for method in ("HEAD", "GET"):
        no_network.add(method, "https://www.sciencedirect.com/science/article/pii/S1", status=403)
        no_network.add(
            method,
            "https://doi.org/10.1016/j.x.2020.1",
            status=302,
            headers={"Location": "https://www.sciencedirect.com/science/article/pii/S1"},
        )
    result = LinkChecker(NetSettings(timeout=1)).check(["https://doi.org/10.1016/j.x.2020.1"])
    verdict = result["https://doi.org/10.1016/j.x.2020.1"]
    assert verdict.outcome is Outcome.UNVERIFIABLE
    assert verdict.detail == "HTTP 403: ScienceDirect answers robots with 403"
