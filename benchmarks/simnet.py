"""A small simulated internet on loopback addresses, for the link-checker benchmark.

Each host listens on its own 127.0.1.N address with its own latency and manners: some
limit requests per second and answer 429 with Retry-After, some refuse HEAD or answer it
with 404, some redirect, and some paths are dead, reset the connection, hang, or send
5 MB. Some are bot walls that turn away every client that is not a browser: IEEE Xplore
(418), the ACM Digital Library (403 with Cloudflare's ``cf-mitigated: challenge`` header
and challenge page) and a journal behind Cloudflare that is on no list (403 and the
challenge page only). doi.org redirects DOIs to their publisher and answers the DOI
handle API (``/api/handles/<doi>``); one host answers 503 to its very first request, then
200. Every request is counted. Servers stop when the ``with`` block ends; hanging answers
give up after a bounded time, so nothing outlives the run for long.

Hosts with a ``dns`` name are written under that name in URLs (a checker must resolve it
to ``address``: benchmarks/links.py gives fmfl-lint a resolver and lychee ``--remap``).
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANG_SECONDS = 25.0
BIG_BODY = 5 * 1024 * 1024


@dataclass
class Host:
    name: str
    address: str
    latency: tuple[float, float]
    rate: float | None = None  # requests a second before 429s
    head: str = "ok"  # "ok", "refuse" (405) or "lie" (404 to HEAD, 200 to GET)
    port: int = 0
    requests: int = 0
    refused_429: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    tokens: float = 0.0
    refilled: float = 0.0
    flaky_seen: set[str] = field(default_factory=set)  # paths that already failed once
    dns: str = ""  # the name URLs use for it ('' for its address)
    wall: str = ""  # "teapot" (418), "cloudflare" (header and page), "challenge" (page only)

    def netloc(self) -> str:
        return f"{self.dns or self.address}:{self.port}"

    def address_netloc(self) -> str:
        return f"{self.address}:{self.port}"

    def base(self) -> str:
        return f"http://{self.netloc()}"

    def take_slot(self) -> bool:
        """A token bucket holding half a second of requests: True when one may be served."""
        with self.lock:
            self.requests += 1
            if self.rate is None:
                return True
            now = time.monotonic()
            capacity = max(1.0, self.rate / 2)
            if not self.refilled:
                self.tokens, self.refilled = capacity, now
            self.tokens = min(capacity, self.tokens + (now - self.refilled) * self.rate)
            self.refilled = now
            if self.tokens < 1:
                self.refused_429 += 1
                return False
            self.tokens -= 1
            return True


#: the hosts of the simulated internet
HOSTS = [
    Host("arxiv", "127.0.1.1", (0.06, 0.12), rate=8),
    Host("github", "127.0.1.2", (0.10, 0.30), rate=20),
    Host("openreview", "127.0.1.3", (0.10, 0.20), head="refuse"),
    Host("doi", "127.0.1.4", (0.06, 0.10)),
    Host("publisher", "127.0.1.5", (0.15, 0.30), rate=10, head="lie"),
    Host("blog", "127.0.1.6", (0.08, 0.20)),
    Host("old-site", "127.0.1.7", (0.06, 0.15)),
    Host("flaky", "127.0.1.8", (0.06, 0.15)),
    Host("resetting", "127.0.1.9", (0.06, 0.10)),
    Host("slow", "127.0.1.10", (0.20, 0.30)),
    Host("data", "127.0.1.11", (0.06, 0.15), rate=4),
    Host("lab", "127.0.1.12", (0.10, 0.25)),
    Host("ieee", "127.0.1.13", (0.10, 0.20), dns="ieeexplore.ieee.org", wall="teapot"),
    Host("acm", "127.0.1.14", (0.10, 0.20), dns="dl.acm.org", wall="cloudflare"),
    Host("journal", "127.0.1.15", (0.10, 0.20), dns="journal.test", wall="challenge"),
    Host("busy", "127.0.1.16", (0.06, 0.12)),
]
BY_NAME = {host.name: host for host in HOSTS}
BY_NAME["doi"].dns = "doi.org"
#: what Cloudflare's challenge page starts with
CHALLENGE_PAGE = (
    b"<!DOCTYPE html><html lang=en-US><head><title>Just a moment...</title>"
    b'<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper">'
    b'<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'
    b"</div></body></html>"
)
#: DOIs the registry does not know (the rest of the form 10.NNNN/... exist)
UNREGISTERED = "/dead-"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    host: Host

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def handle_request(self) -> None:
        host = self.host
        time.sleep(random.uniform(*host.latency))
        if not host.take_slot():
            self._answer(429, {"Retry-After": "1"})
            return
        path = self.path
        kind = path.strip("/").split("/")[0]
        browser = "Mozilla/" in self.headers.get("User-Agent", "")
        if host.wall and not browser:
            self._wall(host.wall)
        elif host.name == "doi":
            self._doi(path)
        elif host.name == "busy" and host.requests == 1:
            self._answer(503)  # the host's very first request: busy, then fine
        elif self.command == "HEAD" and host.head == "refuse":
            self._answer(405)
        elif self.command == "HEAD" and host.head == "lie":
            self._answer(404)
        elif kind == "dead":
            self._answer(404 if hash(path) % 2 else 410)
        elif kind == "moved":
            self._answer(301, {"Location": path.replace("/moved/", "/page/")})
        elif kind == "flaky" and path not in host.flaky_seen:
            host.flaky_seen.add(path)
            self._answer(503)
        elif kind == "reset":
            self.connection.close()
            self.close_connection = True
        elif kind == "hang":
            time.sleep(HANG_SECONDS)
            self.close_connection = True
        elif kind == "big" and self.command == "GET":
            self.send_response(200)
            self.send_header("Content-Length", str(BIG_BODY))
            self.end_headers()
            try:
                for _ in range(BIG_BODY // 65536):
                    self.wfile.write(b"x" * 65536)
            except OSError:
                pass  # the client hung up after the headers, as it should
        else:
            self._answer(200)

    def _wall(self, kind: str) -> None:
        if kind == "teapot":
            self._answer(418)
        elif kind == "cloudflare":
            headers = {"cf-mitigated": "challenge", "Content-Type": "text/html"}
            self._answer(403, {**headers, "Server": "cloudflare"}, CHALLENGE_PAGE)
        else:
            self._answer(403, {"Content-Type": "text/html"}, CHALLENGE_PAGE)

    def _doi(self, path: str) -> None:
        """doi.org: the handle API, or a redirect to the DOI's publisher (404: no such DOI)."""
        if path.startswith("/api/handles/"):
            doi = path[len("/api/handles/") :]
            code = 100 if UNREGISTERED in doi else 1
            body = json.dumps({"responseCode": code, "handle": doi}).encode()
            self._answer(200 if code == 1 else 404, {"Content-Type": "application/json"}, body)
        elif UNREGISTERED in path:
            self._answer(404)
        elif path.startswith("/10.1145/"):  # ACM's DOIs lead to the ACM Digital Library
            acm = BY_NAME["acm"].address_netloc()
            self._answer(302, {"Location": f"http://{acm}/doi{path}"})
        else:  # a temporary redirect to the publisher
            target = BY_NAME["publisher"].base() + "/page/" + path.strip("/").replace("/", ".")
            self._answer(302, {"Location": target})

    do_GET = do_HEAD = handle_request


@contextmanager
def simulated_internet() -> Iterator[list[Host]]:
    """Start every host; stop them all at the end."""
    with ExitStack() as stack:
        for host in HOSTS:
            handler = type("Handler", (_Handler,), {"host": host})
            server = ThreadingHTTPServer((host.address, 0), handler)
            server.daemon_threads = True
            host.port = server.server_address[1]
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
            thread.daemon = True
            thread.start()
            stack.callback(server.server_close)
            stack.callback(server.shutdown)
        yield HOSTS


def reset_counts() -> None:
    for host in HOSTS:
        with host.lock:
            host.requests = host.refused_429 = 0
            host.tokens = host.refilled = 0.0
            host.flaky_seen.clear()
