"""Real HTTP servers on 127.0.0.1 for the network tests: they record every request.

A server is a table of paths → behaviours, runs in a daemon thread, and stops when its
``with`` block ends. Only loopback addresses are ever used.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Behaviour = Callable[[BaseHTTPRequestHandler], None]


def status(code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> Behaviour:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(code)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)

    return respond


def redirect(code: int, location: str) -> Behaviour:
    return status(code, {"Location": location})


def head_refused(code: int = 405) -> Behaviour:
    """HEAD gets ``code``; GET gets 200."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        status(code if handler.command == "HEAD" else 200)(handler)

    return respond


def hang(seconds: float) -> Behaviour:
    """Accept, then say nothing for ``seconds`` (bounded, so the server can stop)."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)

    return respond


def reset() -> Behaviour:
    """Close the connection with a TCP reset before any answer."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.connection.setsockopt(
            socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
        )
        handler.connection.close()
        handler.close_connection = True

    return respond


def rate_limited(per_second: float, retry_after: str = "1") -> Behaviour:
    """200 at most ``per_second`` times a second, 429 with Retry-After beyond that."""
    lock = threading.Lock()
    state = {"next": 0.0}

    def respond(handler: BaseHTTPRequestHandler) -> None:
        with lock:
            now = time.monotonic()
            allowed = now >= state["next"]
            if allowed:
                state["next"] = now + 1 / per_second
        status(200 if allowed else 429, None if allowed else {"Retry-After": retry_after})(handler)

    return respond


@dataclass
class Server:
    port: int
    routes: dict[str, Behaviour]
    host: str = "127.0.0.1"
    scheme: str = "http"
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"

    def route(self, path: str) -> Behaviour:
        """The behaviour for a path: exact, then without its query, then a ``prefix*`` key."""
        found = self.routes.get(path) or self.routes.get(path.split("?", 1)[0])
        if found is None:
            prefixes = [
                key for key in self.routes if key.endswith("*") and path.startswith(key[:-1])
            ]
            found = self.routes[max(prefixes, key=len)] if prefixes else status(404)
        return found

    def count(self, path: str | None = None) -> int:
        with self.lock:
            return sum(1 for _, p in self.requests if path is None or p == path)


@contextmanager
def serve(
    routes: dict[str, Behaviour], host: str = "127.0.0.1", tls: ssl.SSLContext | None = None
) -> Iterator[Server]:
    """A server on a loopback address with ``routes``; unknown paths answer 404."""
    if not host.startswith("127."):
        raise ValueError("test servers listen on loopback addresses only")
    server_state: Server

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def handle_one(self) -> None:
            with server_state.lock:
                server_state.requests.append((self.command, self.path))
            server_state.route(self.path)(self)

        do_GET = do_HEAD = do_POST = handle_one

    httpd = ThreadingHTTPServer((host, 0), Handler)
    httpd.daemon_threads = True
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    server_state = Server(httpd.server_address[1], routes, host, "https" if tls else "http")
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server_state
    finally:
        httpd.shutdown()
        httpd.server_close()


def raw(data: bytes, then_reset: bool = True) -> Behaviour:
    """Write ``data`` as it is (half an answer, or no HTTP at all), then reset or close."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(data)
        handler.wfile.flush()
        if then_reset:
            reset()(handler)
        else:
            handler.close_connection = True

    return respond


def endless() -> Behaviour:
    """200, then a body that goes on (bounded, so the server can stop) until the client leaves."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        if handler.command == "HEAD":
            return
        chunk = b"10000\r\n" + b"x" * 65536 + b"\r\n"
        try:
            for _ in range(4096):  # 256 MB at most
                handler.wfile.write(chunk)
        except OSError:
            pass  # the client hung up

    return respond


def chain(hops: int) -> dict[str, Behaviour]:
    """Routes /hop/0 → /hop/1 → ... → /hop/{hops}, which answers 200."""
    routes = {f"/hop/{n}": redirect(302, f"/hop/{n + 1}") for n in range(hops)}
    routes[f"/hop/{hops}"] = status(200)
    return routes


class BodyBehindRedirect:
    """HEAD gets 405; GET gets a redirect to ``location`` with a body that should not be read.

    The body is ``size`` bytes with a Content-Length, sent as fast as the client takes it,
    or (``trickle`` > 0) chunked, one byte every ``trickle`` seconds, for ``seconds`` at
    most so the server can stop. ``sent`` counts the bytes that left the server.
    """

    def __init__(
        self,
        location: str,
        code: int = 301,
        size: int = 800 * 1024 * 1024,
        trickle: float = 0.0,
        seconds: float = 30.0,
    ) -> None:
        self.location, self.code, self.size = location, code, size
        self.trickle, self.seconds = trickle, seconds
        self.sent = 0

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        if handler.command == "HEAD":
            status(405)(handler)
            return
        handler.send_response(self.code)
        handler.send_header("Location", self.location)
        if self.trickle:
            handler.send_header("Transfer-Encoding", "chunked")
        else:
            handler.send_header("Content-Length", str(self.size))
        handler.end_headers()
        handler.wfile.flush()
        until = time.monotonic() + self.seconds
        try:
            if self.trickle:
                while time.monotonic() < until:
                    handler.wfile.write(b"1\r\nx\r\n")
                    handler.wfile.flush()
                    self.sent += 1
                    time.sleep(self.trickle)
            else:
                block = b"x" * 65536
                while self.sent < self.size and time.monotonic() < until:
                    handler.wfile.write(block)
                    self.sent += len(block)
        except OSError:
            pass  # the client hung up, as it should
        handler.close_connection = True


@dataclass
class Proxy:
    """A forward proxy on loopback that answers for every target itself, reaching nothing."""

    port: int
    #: what it was asked: ("GET", "http://host/path") or ("CONNECT", "host:port")
    asked: list[tuple[str, str]] = field(default_factory=list)

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def forward_proxy(answer: Callable[[str], int] = lambda url: 200) -> Iterator[Proxy]:
    """A proxy that answers a plain request for ``url`` with ``answer(url)`` and refuses
    every CONNECT with 502 (so an HTTPS target is never reached, only named)."""
    state: Proxy

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_CONNECT(self) -> None:
            state.asked.append(("CONNECT", self.path))
            status(502)(self)
            self.close_connection = True

        def forward(self) -> None:
            state.asked.append((self.command, self.path))
            status(answer(self.path))(self)

        do_GET = do_HEAD = forward

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state = Proxy(httpd.server_address[1])
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def fake_dns(table: dict[str, str]) -> Callable[..., list]:
    """A ``socket.getaddrinfo`` that knows only ``table`` (name → address) and IP literals."""
    real = socket.getaddrinfo

    def resolve(host: object, port: object, *args: object, **kwargs: object) -> list:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in table:
            return real(table[name], port, *args, **kwargs)  # type: ignore[arg-type]
        try:
            ipaddress_of(name)
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    return resolve


def ipaddress_of(name: str) -> object:
    import ipaddress

    return ipaddress.ip_address(name.strip("[]"))
