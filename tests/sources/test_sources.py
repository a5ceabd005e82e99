"""arXiv and GitHub asked in batches: Atom and JSON answers written for the tests, served by
fake APIs on 127.0.0.1 that record what they were asked."""

from __future__ import annotations

import json
import pathlib

import requests
import responses

from fmfl_lint.cli import main
from fmfl_lint.sources.arxiv import ArxivClient, parse_feed
from fmfl_lint.sources.github import GithubClient

from ..fakeapis import arxiv_api, github_graphql, github_rest, paper_title
from ..servers import redirect, serve


def test_atom_answers_are_read() -> None:
    feed = b"""<?xml version="1.0"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
      <entry><id>http://arxiv.org/abs/2401.00002v3</id><title>A  Title
        on two lines</title><arxiv:journal_ref>NeurIPS 2024</arxiv:journal_ref></entry>
      <entry><id>http://arxiv.org/abs/hep-th/9901001v1</id><title>Old</title>
        <arxiv:doi>10.1000/182</arxiv:doi></entry>
      <entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>
        <title>Error</title></entry>
    </feed>"""
    records = parse_feed(feed)
    assert set(records) == {"2401.00002", "hep-th/9901001"}
    assert records["2401.00002"].title == "A Title on two lines"
    assert records["2401.00002"].journal_ref == "NeurIPS 2024"
    assert records["hep-th/9901001"].doi == "10.1000/182"


def test_arxiv_batches_of_100_paced_three_seconds_apart(no_network: responses.RequestsMock) -> None:
    asked: list[int] = []

    def answer(request):
        asked.append(len(request.params["id_list"].split(",")))
        return 200, {}, b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>'

    no_network.add_callback(responses.GET, "https://export.arxiv.org/api/query", callback=answer)
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    client = ArxivClient(requests.Session(), clock=lambda: now[0], sleep=sleep)
    found = client.lookup(f"2401.{n:05d}" for n in range(250))
    assert asked == [100, 100, 50] and client.requests == 3
    assert slept == [3.0, 3.0]
    assert found == {}  # an empty feed says nothing: every id stays unknown


def test_arxiv_pacing_against_a_real_server(loopback: responses.RequestsMock) -> None:
    asked: list[list[str]] = []
    with serve({"/api/query": arxiv_api(asked)}) as server:
        client = ArxivClient(requests.Session(), api=server.url("/api/query"), pause=0.3)
        found = client.lookup(f"2401.{n:05d}" for n in range(205))
    assert [len(ids) for ids in asked] == [100, 100, 5]
    assert found["2401.00002"].title == paper_title(2) and not found["2401.00003"].exists


def test_github_graphql_one_query_per_100_with_the_token(
    loopback: responses.RequestsMock, monkeypatch
) -> None:
    queries: list[str] = []
    tokens: list[str] = []
    with serve({"/graphql": github_graphql(queries, tokens)}) as server:
        monkeypatch.setenv("GITHUB_API_URL", server.url(""))  # as the runner names its API
        client = GithubClient(requests.Session(), token="t0ken", api=server.url(""))
        repos = [("owner", f"repo-{n}") for n in range(150)] + [("owner", "old-1")]
        states = client.lookup(repos)
    assert len(queries) == 2 and tokens == ["Bearer t0ken"] * 2
    assert states[("owner", "repo-2")].exists and not states[("owner", "repo-3")].exists
    assert states[("owner", "old-1")].full_name == "owner/new-1"


def test_github_rest_without_token_stops_at_the_rate_limit(
    loopback: responses.RequestsMock,
) -> None:
    tokens: list[str] = []
    with serve({"/repos/*": github_rest(tokens, limit=3)}) as server:
        client = GithubClient(requests.Session(), api=server.url(""))
        states = client.lookup(
            [("owner", "old-1"), ("owner", "repo-2"), ("owner", "repo-3"), ("owner", "repo-4")]
        )
    assert client.limited and set(tokens) == {""}
    assert states == {
        ("owner", "old-1"): states[("owner", "old-1")],
        ("owner", "repo-2"): states[("owner", "repo-2")],
    }
    assert states[("owner", "old-1")].full_name == "owner/new-1"


def test_the_token_never_follows_a_redirect_to_another_host(
    loopback: responses.RequestsMock, monkeypatch
) -> None:
    tokens: list[str] = []
    with (
        serve({"/repos/*": github_rest(tokens)}, host="127.0.0.2") as elsewhere,
        serve({"/repos/*": redirect(301, elsewhere.url("/repos/owner/repo-2"))}) as api,
    ):
        monkeypatch.setenv("GITHUB_API_URL", api.url(""))
        client = GithubClient(requests.Session(), token="t0ken", api=api.url(""))
        assert client.token == "t0ken"
        states = client._rest(("owner", "repo-9"))
        assert elsewhere.count() == 0
    assert states == {}


def write_list(directory: pathlib.Path) -> pathlib.Path:
    rows = []
    for n in range(1, 13):
        title = paper_title(n) if n != 6 else "Some Other Paper Altogether"
        venue = "arXiv" if n % 4 == 0 else "ICML"
        rows.append(
            f"   * - `{title} <https://arxiv.org/abs/2401.{n:05d}>`_\n     - {venue}\n     - 2024\n"
            f"     - .. image:: https://img.shields.io/github/stars/owner/repo-{n}\n"
            f"          :target: https://github.com/owner/repo-{n}\n"
        )
    rows.append(
        "   * - `Renamed <https://arxiv.org/abs/2401.00014>`_\n     - ICML\n     - 2024\n"
        "     - .. image:: https://img.shields.io/github/stars/owner/old-7\n"
        "          :target: https://github.com/owner/old-7\n"
    )
    path = directory / "list.rst"
    path.write_text(
        "Papers\n======\n\n.. list-table::\n   :header-rows: 1\n\n"
        "   * - Title\n     - Venue\n     - Year\n     - Code\n" + "".join(rows),
        encoding="utf-8",
    )
    return path


def test_metadata_rules_end_to_end(
    tmp_path, loopback: responses.RequestsMock, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    asked: list[list[str]] = []
    queries: list[str] = []
    tokens: list[str] = []
    routes = {"/api/query": arxiv_api(asked), "/graphql": github_graphql(queries, tokens)}
    with serve(routes) as api:
        monkeypatch.setenv("GITHUB_API_URL", api.url(""))
        (tmp_path / ".fmfl-lint.toml").write_text(
            'select = ["FL3", "FL5", "FL1"]\nignore = ["FL503"]\n', encoding="utf-8"
        )
        path = write_list(tmp_path)
        apis = ["--arxiv-api", api.url("/api/query"), "--github-api", api.url("")]
        status = main(["--allow-private", "--no-cache", "--format", "json", *apis, str(path)])
        out, err = capsys.readouterr()
    findings = json.loads(out)
    got = sorted((f["line"], f["code"]) for f in findings)
    odd_rows = [n for n in range(1, 13) if n % 2]
    row_line = {n: 11 + (n - 1) * 5 for n in range(1, 14)}
    assert status == 1
    # unknown ids (odd numbers) and missing repositories (odd numbers)
    assert [line for line, code in got if code == "FL304"] == [row_line[n] for n in odd_rows]
    # a missing repository: its stars badge (+3) and its link (+4)
    missing = sorted(row_line[n] + offset for n in odd_rows for offset in (3, 4))
    assert [line for line, code in got if code == "FL501"] == missing
    # not arXiv's title: row 6 ("Some Other Paper Altogether") and row 13 ("Renamed")
    assert [line for line, code in got if code == "FL305"] == [row_line[6], row_line[13]]
    # venue arXiv (rows 4, 8, 12) and arXiv lists a journal reference for each (at the venue)
    assert [line for line, code in got if code == "FL306"] == [row_line[n] + 1 for n in (4, 8, 12)]
    assert [line for line, code in got if code == "FL502"] == [row_line[13] + 3, row_line[13] + 4]
    # one API request each, and no page of arxiv.org or github.com fetched
    assert len(asked) == 1 and len(queries) == 1 and set(tokens) == {"Bearer t0ken"}
    assert not [f for f in findings if f["code"] == "FL101"]
    assert "t0ken" not in out + err


def test_fix_names_the_new_repository(
    tmp_path, loopback: responses.RequestsMock, monkeypatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    with serve({"/graphql": github_graphql([], [])}) as api:
        monkeypatch.setenv("GITHUB_API_URL", api.url(""))
        path = tmp_path / "list.rst"
        path.write_text(
            "* `Tool <https://github.com/owner/old-7>`_ |stars|\n\n"
            ".. |stars| image:: https://img.shields.io/github/stars/owner/old-7\n"
            "   :target: https://github.com/owner/old-7\n",
            encoding="utf-8",
        )
        main(["--select", "FL502", "--allow-private", "--fix", "--no-cache", str(path)])
        # GitHub's API is named by the runner's GITHUB_API_URL: no --github-api needed
    assert path.read_text(encoding="utf-8").count("owner/new-7") == 3
    assert "old-7" not in path.read_text(encoding="utf-8")


def test_an_api_on_a_private_address_is_a_warning_not_a_crash(tmp_path, loopback, capsys) -> None:
    with serve({"/api/query": arxiv_api([])}) as api:
        path = tmp_path / "list.rst"
        path.write_text(
            "* `P <https://arxiv.org/abs/2401.00002>`_ — arXiv 2024\n", encoding="utf-8"
        )
        args = ["--arxiv-api", api.url("/api/query"), "--select", "FL304", "--no-cache"]
        status = main([*args, str(path)])
        assert api.count() == 0
    err = capsys.readouterr().err
    assert status == 0
    assert "fmfl-lint: warning: arXiv's API: not asked (127.0.0.1 resolves to 127.0.0.1" in err


def test_api_answers_are_cached(tmp_path, loopback: responses.RequestsMock, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    asked: list[list[str]] = []
    queries: list[str] = []
    routes = {"/api/query": arxiv_api(asked), "/graphql": github_graphql(queries, [])}
    with serve(routes) as api:
        monkeypatch.setenv("GITHUB_API_URL", api.url(""))
        path = write_list(tmp_path)
        args = ["--allow-private", "--select", "FL304,FL501", "--format", "json"]
        args += ["--arxiv-api", api.url("/api/query"), "--cache-dir", str(tmp_path / "cache")]
        first = main([*args, "-o", str(tmp_path / "1.json"), str(path)])
        second = main([*args, "-o", str(tmp_path / "2.json"), str(path)])
    # ids arXiv does not know are asked again (they may be new), repositories are not; arXiv
    # answers an empty feed for them alone, so they are asked once more beside a known id
    assert (len(asked), len(queries)) == (3, 1)
    unknown = [f"2401.{n:05d}" for n in range(1, 13) if n % 2]
    assert asked[1] == unknown and asked[2] == [*unknown, "2401.00002"]
    assert (first, second) == (1, 1)
    assert (tmp_path / "1.json").read_text() == (tmp_path / "2.json").read_text()
