"""The DOI registry settles DOI links without touching the publisher; no network stops."""

from __future__ import annotations

import json
import socket
import threading

import pytest
import responses

from fmfl_lint.net.checker import NetSettings
from fmfl_lint.net.result import Outcome
from fmfl_lint.records import LINKS, PAPERS, REPOS
from fmfl_lint.sources import NetworkSettings, NetworkUnreachable, gather
from fmfl_lint.sources.liveness import doi_of_url

from ..servers import fake_dns, serve, status

DOI_ROUTES = {
    "/api/handles/10.1145/1": status(200, {}, json.dumps({"responseCode": 1}).encode()),
    "/api/handles/10.1145/2": status(404, {}, json.dumps({"responseCode": 100}).encode()),
    "/api/handles/10.1145/3": status(500, {}, json.dumps({"responseCode": 2}).encode()),
    "/api/handles/10.1145/4": status(502, {}, b"<html>Bad gateway</html>"),
}


def test_doi_links_are_recognised() -> None:
    assert doi_of_url("https://doi.org/10.1145/3292500.3330701") == "10.1145/3292500.3330701"
    assert doi_of_url("http://dx.doi.org/10.1109/TPDS.2020.1%2F2") == "10.1109/TPDS.2020.1/2"
    assert doi_of_url("https://dl.acm.org/doi/pdf/10.1145/3292500") == "10.1145/3292500"
    assert doi_of_url("https://example.org/doi/10.1145/3292500") is None  # not a known wall
    assert doi_of_url("https://doi.org/") is None


def test_the_registry_settles_exists_not_found_and_leaves_errors_unknown(
    loopback: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    publisher = {"/*": status(403, {"cf-mitigated": "challenge"})}
    with serve(DOI_ROUTES) as api, serve(publisher, host="127.0.0.2") as doi_org:
        monkeypatch.setattr(socket, "getaddrinfo", fake_dns({"doi.org": "127.0.0.2"}))
        loopback.add_passthru("http://doi.org")
        urls = [f"http://doi.org:{doi_org.port}/10.1145/{n}" for n in (1, 2, 3, 4)]
        settings = NetworkSettings(
            NetSettings(timeout=1, retries=0, allow_private=True),
            cache_dir=str(tmp_path),
            endpoints={"doi-api": api.url("/api/handles")},
        )
        found = gather(urls, [LINKS], settings)
        fetched = [path for _, path in doi_org.requests]
        again = gather(urls[:1], [LINKS], settings)
        asked_again = api.count()
    links = found.facts.links
    assert links[urls[0]].outcome is Outcome.OK
    assert links[urls[0]].detail == "settled by the DOI registry (10.1145/1)"
    assert links[urls[1]].outcome is Outcome.DEAD
    assert links[urls[1]].detail == "the DOI 10.1145/2 is not registered (the DOI registry)"
    # an error (responseCode 2) and an answer that is not the API's are unknown: fetched,
    # and here the page behind them is a bot wall
    assert links[urls[2]].outcome is Outcome.UNVERIFIABLE
    assert links[urls[3]].outcome is Outcome.UNVERIFIABLE
    assert sorted(set(fetched)) == ["/10.1145/3", "/10.1145/4"]
    assert found.requests["DOI"] == 4
    assert any("DOI registry" in note and "fetched instead" in note for note in found.notes)
    # a DOI that exists is a fact kept in the cache: not asked again
    assert again.facts.links[urls[0]].outcome is Outcome.OK and asked_again == 4


def test_the_registry_is_asked_while_the_other_links_are_checked(
    loopback: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    page_asked = threading.Event()
    order: list[str] = []

    def page(handler) -> None:
        order.append("page")
        page_asked.set()
        status(200)(handler)

    def handles(handler) -> None:
        # the registry answers only once the page has been asked (or gives up waiting)
        order.append("registry asked" if page_asked.wait(5) else "registry asked first")
        status(200, {}, json.dumps({"responseCode": 1}).encode())(handler)

    with serve({"/api/handles/*": handles}) as api, serve({"/page": page}) as site:
        monkeypatch.setattr(socket, "getaddrinfo", fake_dns({"doi.org": "127.0.0.2"}))
        urls = ["http://doi.org/10.1145/1", site.url("/page")]
        settings = NetworkSettings(
            NetSettings(timeout=8, allow_private=True),
            endpoints={"doi-api": api.url("/api/handles")},
        )
        found = gather(urls, [LINKS], settings)
    assert order == ["page", "registry asked"]
    assert found.facts.links[urls[0]].detail == "settled by the DOI registry (10.1145/1)"
    assert found.facts.links[urls[1]].outcome is Outcome.OK


def test_no_network_is_one_clear_stop_not_a_dead_link_per_url(
    monkeypatch: pytest.MonkeyPatch, no_network: responses.RequestsMock
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", fake_dns({}))
    apis = ("https://export.arxiv.org", "https://api.crossref.org", "https://api.github.com")
    for prefix in (*apis, "https://doi.org"):
        no_network.add_passthru(prefix)
    no_network.add_passthru("https://arxiv.org")
    no_network.add_passthru("https://github.com")
    urls = [
        "https://arxiv.org/abs/2401.00001",
        "https://github.com/owner/repo",
        "https://doi.org/10.1145/3292500.3330701",
        "https://example.org/page",
    ]
    settings = NetworkSettings(NetSettings(timeout=1))
    with pytest.raises(NetworkUnreachable) as stop:
        gather(urls, [LINKS, PAPERS, REPOS], settings)
    # arXiv's API, Crossref's and GitHub's did not resolve: stopped before the links
    assert str(stop.value) == (
        "network unreachable: 3 hosts did not resolve; use --offline or set HTTPS_PROXY"
    )


def test_api_notes_are_one_readable_line(
    monkeypatch: pytest.MonkeyPatch, no_network: responses.RequestsMock
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", fake_dns({}))
    no_network.add_passthru("https://export.arxiv.org")
    no_network.add_passthru("https://api.github.com")
    no_network.add_passthru("https://arxiv.org")
    no_network.add_passthru("https://github.com")
    urls = ["https://arxiv.org/abs/2401.00001", "https://github.com/owner/repo"]
    with pytest.raises(NetworkUnreachable):
        gather(urls, [LINKS, PAPERS, REPOS], NetworkSettings(NetSettings(timeout=1)))
    found = gather(urls, [PAPERS, REPOS], NetworkSettings(NetSettings(timeout=1)))
    assert found.notes == [
        "arXiv's API: not asked (the host name does not resolve); 1 of 1 arXiv ids not checked",
        "GitHub's API: not asked (the host name does not resolve); 1 of 1 repositories not checked",
    ]
