"""Crossref asked in batches, against a fake works API on 127.0.0.1 written for the tests.

The fake knows 10.1000/N for even N (titled "Work N: On Federated Foundation Models", in
"Proceedings of ICML 2023") and no DOI of 10.5281, a DataCite prefix.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from fmfl_lint.cli import main
from fmfl_lint.sources.crossref import CrossrefClient, crossref_dois, parse_works

from ..servers import Behaviour, serve, status


def work_title(number: int) -> str:
    return f"Work {number}: On Federated Foundation Models"


def crossref_api(asked: list[dict[str, list[str]]], empty: bool = False) -> Behaviour:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        query = parse_qs(urlsplit(handler.path).query)
        asked.append(query)
        dois = [d.removeprefix("doi:") for d in query["filter"][0].split(",")]
        items = [
            {
                "DOI": doi.upper(),
                "title": [work_title(int(doi.rsplit("/", 1)[1]))],
                "container-title": ["Proceedings of ICML 2023"],
                "issued": {"date-parts": [[2023, 7]]},
            }
            for doi in dois
            if doi.startswith("10.1000/") and int(doi.rsplit("/", 1)[1]) % 2 == 0 and not empty
        ]
        body = json.dumps(
            {"status": "ok", "message-type": "work-list", "message": {"items": items}}
        ).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def test_works_answers_are_read() -> None:
    payload = {
        "status": "ok",
        "message": {
            "items": [
                {"DOI": "10.1145/ABC", "title": ["A  Title"], "issued": {"date-parts": [[2021]]}},
                {"title": ["no DOI"]},
            ]
        },
    }
    papers = parse_works(payload)
    assert list(papers) == ["10.1145/abc"]
    assert papers["10.1145/abc"].title == "A Title" and papers["10.1145/abc"].year == 2021


def test_only_dois_crossref_owns_are_asked() -> None:
    urls = [
        "https://doi.org/10.48550/arXiv.2401.00001",  # arXiv's, asked of arXiv
        "https://dl.acm.org/doi/abs/10.1145/3580305.3599256",
        "https://doi.org/10.1145/3580305.3599256",
        "https://example.org/10.1000/1",
    ]
    assert crossref_dois(urls) == ["10.1145/3580305.3599256"]


def test_batches_of_50_with_the_contact_and_not_found_only_for_a_known_prefix(
    loopback: responses.RequestsMock,
) -> None:
    asked: list[dict[str, list[str]]] = []
    dois = [f"10.1000/{n}" for n in range(1, 61)] + ["10.5281/zenodo.1"]
    with serve({"/works": crossref_api(asked)}) as api:
        client = CrossrefClient(
            requests.Session(), api=api.url("/works"), contact="me@example.org", pause=0
        )
        found = client.lookup(dois)
    assert [len(query["filter"][0].split(",")) for query in asked] == [50, 11]
    assert all(query["mailto"] == ["me@example.org"] for query in asked)
    assert found["10.1000/2"].title == work_title(2) and found["10.1000/2"].year == 2023
    assert not found["10.1000/3"].exists  # Crossref knows 10.1000 and left this one out
    assert "10.5281/zenodo.1" not in found  # DataCite's: not Crossref's to know


def test_an_empty_answer_is_asked_again_beside_a_witness(loopback: responses.RequestsMock) -> None:
    asked: list[dict[str, list[str]]] = []
    with serve({"/works": crossref_api(asked)}) as api:
        client = CrossrefClient(requests.Session(), api=api.url("/works"), pause=0)
        found = client.lookup(["10.1000/3", "10.1000/5"], witnesses=["10.1000/2"])
    assert len(asked) == 2 and "doi:10.1000/2" in asked[1]["filter"][0]
    assert not found["10.1000/3"].exists and not found["10.1000/5"].exists


@pytest.mark.parametrize(
    "behaviour",
    [
        status(500),
        status(429, {"Retry-After": "60"}),
        status(200, {"Content-Type": "application/json"}, b'{"status": "failed"}'),
        crossref_api([], empty=True),
    ],
    ids=["error", "rate-limit", "unreadable", "empty"],
)
def test_failures_and_empty_answers_are_unknown(
    behaviour: Behaviour, loopback: responses.RequestsMock
) -> None:
    with serve({"/works": behaviour}) as api:
        client = CrossrefClient(requests.Session(), api=api.url("/works"), pause=0)
        assert client.lookup(["10.1000/2", "10.1000/3"]) == {}


LIST = (
    "| Title | Venue | Year |\n"  # 1
    "|---|---|---|\n"  # 2
    f"| [{work_title(2)}](https://doi.org/10.1000/2) | ICML | 2023 |\n"  # 3
    "| [Work 4](https://dl.acm.org/doi/10.1000/4) | ICML | 2023 |\n"  # 4: short title
    "| [Something Else Entirely](https://doi.org/10.1000/6) | ICML | 2023 |\n"  # 5
    "| [Missing](https://doi.org/10.1000/7) | ICML | 2023 |\n"  # 6
    "| [Zenodo](https://doi.org/10.5281/zenodo.1) | ICML | 2023 |\n"  # 7
)


@pytest.mark.parametrize("works", ["fine", "failing", "empty"])
def test_end_to_end_findings_only_from_answers(
    works: str, tmp_path, loopback: responses.RequestsMock, capsys
) -> None:
    path = tmp_path / "list.md"
    path.write_text(LIST, encoding="utf-8")
    behaviour = {
        "fine": crossref_api([]),
        "failing": status(503),
        "empty": crossref_api([], empty=True),
    }[works]
    with serve({"/works": behaviour}) as api:
        flags = ["--select", "FL304,FL305", "--allow-private", "--no-cache", "--format", "json"]
        main([*flags, "--crossref-api", api.url("/works"), "--contact", "a@b.org", str(path)])
        out, err = capsys.readouterr()
    got = sorted((f["line"], f["code"]) for f in json.loads(out))
    assert got == ([(5, "FL305"), (6, "FL304")] if works == "fine" else [])
    if works != "fine":
        assert "Crossref's API" in err
