"""What checking paper identities costs: requests to arXiv, Crossref and OpenReview, cold and warm.

    python benchmarks/identity.py [--entries 1000]

A generated list of ``--entries`` entries links arXiv ids (40%), DOIs (30%) and OpenReview
forums (30%). Fake arXiv, Crossref and OpenReview APIs on 127.0.0.1 (written here, knowing
every id) count the requests they receive. The list is checked twice with one cache: cold,
then warm. Printed: requests by source and wall time for each run, and the budget (at most
15 requests cold for 1,000 entries, none warm).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from fmfl_lint.net.checker import NetSettings
from fmfl_lint.records import PAPERS
from fmfl_lint.sources import NetworkSettings, gather

COLD_BUDGET, WARM_BUDGET = 15, 0


def _answer(handler: BaseHTTPRequestHandler, body: bytes, kind: str) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _arxiv(query: dict[str, list[str]]) -> bytes:
    entries = "".join(
        f"<entry><id>http://arxiv.org/abs/{i}v1</id><title>Paper {i}</title></entry>"
        for i in query["id_list"][0].split(",")
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'.encode()


def _crossref(query: dict[str, list[str]]) -> bytes:
    dois = [d.removeprefix("doi:") for d in query["filter"][0].split(",")]
    items = [{"DOI": d, "title": [f"Paper {d}"], "issued": {"date-parts": [[2023]]}} for d in dois]
    return json.dumps({"status": "ok", "message": {"items": items}}).encode()


def _openreview(query: dict[str, list[str]]) -> bytes:
    notes = [
        {"id": i, "forum": i, "content": {"title": {"value": f"Paper {i}"}}}
        for i in query["ids"][0].split(",")
    ]
    return json.dumps({"notes": notes}).encode()


def fake_apis() -> tuple[ThreadingHTTPServer, Counter[str]]:
    counts: Counter[str] = Counter()
    routes = {
        "/arxiv": (_arxiv, "application/atom+xml"),
        "/crossref": (_crossref, "application/json"),
        "/openreview": (_openreview, "application/json"),
    }

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            counts[parts.path] += 1
            build, kind = routes[parts.path]
            _answer(self, build(parse_qs(parts.query)), kind)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, counts


def urls(entries: int) -> list[str]:
    found = []
    for n in range(entries):
        if n % 10 < 4:
            found.append(f"https://arxiv.org/abs/2401.{n:05d}")
        elif n % 10 < 7:
            found.append(f"https://doi.org/10.1145/3580305.{n}")
        else:
            found.append(f"https://openreview.net/forum?id=Forum{n:06d}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    args = parser.parse_args()
    server, counts = fake_apis()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    endpoints = {
        "arxiv-api": f"{base}/arxiv",
        "crossref-api": f"{base}/crossref",
        "openreview-api": f"{base}/openreview",
    }
    listed = urls(args.entries)
    results = []
    with tempfile.TemporaryDirectory() as cache:
        settings = NetworkSettings(NetSettings(allow_private=True), cache, 86_400.0, endpoints)
        for run in ("cold", "warm"):
            counts.clear()
            started = time.perf_counter()
            found = gather(listed, [PAPERS], settings)
            seconds = time.perf_counter() - started
            known = sum(paper.exists for paper in found.facts.papers.values())
            results.append((run, sum(counts.values()), dict(found.requests), known, seconds))
    server.shutdown()
    print(f"{args.entries} entries: arXiv, DOI and OpenReview links (fake APIs on 127.0.0.1)")
    for run, sent, by_source, known, seconds in results:
        shown = ", ".join(f"{name} {n}" for name, n in sorted(by_source.items())) or "none"
        print(f"  {run}: {sent} requests ({shown}); {known} papers known; {seconds:.1f} s")
    cold, warm = results[0][1], results[1][1]
    within = cold <= COLD_BUDGET and warm <= WARM_BUDGET
    print(
        f"budget: at most {COLD_BUDGET} cold, {WARM_BUDGET} warm: {'met' if within else 'MISSED'}"
    )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
