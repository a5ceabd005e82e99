"""Connections that never reach a forbidden address and never outlive their deadline.

Every new connection resolves its host once, refuses the whole host if any address is
private, loopback, link-local, multicast, reserved or a cloud metadata endpoint (unless
allowed), and then connects to the address it checked, so DNS cannot answer differently
the second time. Redirects open new connections, so every hop is checked the same way.
Each response must arrive within its deadline: a watchdog shuts the socket of one that
trickles in byte by byte.
"""

from __future__ import annotations

import contextlib
import ipaddress
import itertools
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError

METADATA = frozenset(
    ipaddress.ip_address(address)
    for address in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)


class BlockedAddress(Exception):
    """A connection would have reached an address the policy forbids."""


def forbidden(address: str) -> str:
    """Why connecting to ``address`` is forbidden ('' when it is a public address)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA:
        return "a cloud metadata address"
    for kind in ("loopback", "link_local", "private", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return f"a {kind.replace('_', '-')} address"
    return "" if ip.is_global else "not a public address"


class Watchdog:
    """Shuts the sockets of responses that are past their deadline."""

    def __init__(self, interval: float = 0.05) -> None:
        self._lock = threading.Lock()
        self._watched: dict[int, tuple[socket.socket, float]] = {}
        self._tokens = itertools.count()
        self._fired: set[int] = set()
        self._interval = interval
        self._thread: threading.Thread | None = None

    def watch(self, sock: socket.socket, seconds: float) -> int:
        with self._lock:
            token = next(self._tokens)
            self._watched[token] = (sock, time.monotonic() + seconds)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="fmfl-watchdog", daemon=True)
                self._thread.start()
        return token

    def unwatch(self, token: int) -> bool:
        """Stop watching; True when the deadline had passed and the socket was shut."""
        with self._lock:
            self._watched.pop(token, None)
            if token in self._fired:
                self._fired.discard(token)
                return True
            return False

    def _run(self) -> None:
        while True:
            time.sleep(self._interval)
            now = time.monotonic()
            with self._lock:
                late = [token for token, (_, deadline) in self._watched.items() if deadline < now]
                expired = [self._watched.pop(token)[0] for token in late]
                self._fired.update(late)
                if not self._watched and not expired:
                    self._thread = None
                    return
            for sock in expired:
                with contextlib.suppress(OSError):  # already closed: nothing left to stop
                    sock.shutdown(socket.SHUT_RDWR)


#: an address → why it may not be reached ('' when it may)
Policy = Callable[[str], str]


def anywhere(address: str) -> str:
    """The policy of ``--allow-private``: every address may be reached."""
    return ""


class _Guarded:
    """Mixed into urllib3's connections by :func:`guarded_adapter`."""

    policy: Policy = staticmethod(forbidden)
    response_timeout = 10.0
    watchdog: Watchdog

    def _new_conn(self) -> socket.socket:
        host = self._dns_host  # type: ignore[attr-defined]
        try:
            infos = socket.getaddrinfo(host, self.port, type=socket.SOCK_STREAM)  # type: ignore[attr-defined]
        except socket.gaierror as error:
            raise NameResolutionError(self.host, self, error) from error  # type: ignore[attr-defined,arg-type]
        addresses = [info[4][0] for info in infos]
        for address in addresses:
            if why := self.policy(address):
                raise BlockedAddress(f"{self.host} resolves to {address}, {why}")  # type: ignore[attr-defined]
        # connect to the address that was checked, not to a second answer from DNS
        self._dns_host = addresses[0]
        try:
            return super()._new_conn()  # type: ignore[misc]
        finally:
            self._dns_host = host

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        token = self.watchdog.watch(self.sock, self.response_timeout)  # type: ignore[attr-defined]
        try:
            response = super().getresponse(*args, **kwargs)  # type: ignore[misc]
        except BaseException:
            if self.watchdog.unwatch(token):
                raise self._late() from None
            raise
        if self.watchdog.unwatch(token):
            # cut off mid-answer: what arrived (a status line, some headers) proves nothing
            response.close()
            raise self._late()
        return response

    def _late(self) -> TimeoutError:
        return TimeoutError(f"no complete answer within {self.response_timeout:g} s")


class _GuardedAdapter(HTTPAdapter):
    def __init__(self, pools: dict[str, type], **kwargs: Any) -> None:
        self._pools = pools
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pools


def guarded_adapter(
    *, policy: Policy, response_timeout: float, watchdog: Watchdog, pool_size: int
) -> HTTPAdapter:
    """A requests adapter whose connections follow the address policy and deadlines."""
    attributes = {
        "policy": staticmethod(policy),
        "response_timeout": response_timeout,
        "watchdog": watchdog,
    }
    http = type("GuardedHTTPConnection", (_Guarded, HTTPConnection), dict(attributes))
    https = type("GuardedHTTPSConnection", (_Guarded, HTTPSConnection), dict(attributes))
    pools = {
        "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
        "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
    }
    return _GuardedAdapter(pools, pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)
