"""Connections that never reach a forbidden address and never outlive their deadline.

Every new connection resolves its host once, refuses the whole host if any address is not
globally reachable (private, loopback, link-local, shared, documentation, benchmarking,
multicast, reserved, and every other block IANA's special-purpose registries do not mark
globally reachable) or is a cloud metadata endpoint (unless allowed), and then connects to
the address it checked, so DNS cannot answer differently the second time. IPv4 wrapped in
IPv6 (mapped, compatible, 6to4, Teredo, NAT64) is unwrapped and judged too. Redirects open
new connections, so every hop is checked the same way. Each response must arrive within its
deadline: a watchdog shuts the socket of one that trickles in byte by byte, and a name DNS
does not resolve in that time is not waited for.

Proxies from the environment (``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``, also in lower
case) are used; ``.netrc`` is not. Through a proxy, the target host is still resolved here
and judged the same way before anything is sent (a CONNECT names it by host name, so the
proxy resolves it once more: a name that answers differently the second time is the one
case the guard cannot see); the proxy itself is the user's own setting and may be on any
address. With ``--allow-private`` the target is not resolved here at all.
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
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.utils import get_environ_proxies, select_proxy
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError, NewConnectionError
from urllib3.poolmanager import PoolManager

from .reach import Reach

# The IANA special-purpose address registries, every row: address block, name, reference,
# and its "Globally Reachable" column. Sources, transcribed from their CSV on 2026-11-30:
#   https://www.iana.org/assignments/iana-ipv4-special-registry/ (newest row 2017-02)
#   https://www.iana.org/assignments/iana-ipv6-special-registry/ (newest row 2025-04)
# A block whose answer is not "True" ("False", "N/A", or empty for a terminated row) is
# forbidden; the most specific block that holds an address decides (192.0.0.9/32 is
# reachable inside 192.0.0.0/24, which is not). When the registries gain a row, add it here
# and to tests/net/test_guard.py.
SPECIAL_IPV4 = (
    ("0.0.0.0/8", '"This network"', "RFC 791", "False"),
    ("0.0.0.0/32", '"This host on this network"', "RFC 1122", "False"),
    ("10.0.0.0/8", "Private-Use", "RFC 1918", "False"),
    ("100.64.0.0/10", "Shared Address Space", "RFC 6598", "False"),
    ("127.0.0.0/8", "Loopback", "RFC 1122", "False"),
    ("169.254.0.0/16", "Link Local", "RFC 3927", "False"),
    ("172.16.0.0/12", "Private-Use", "RFC 1918", "False"),
    ("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890", "False"),
    ("192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", "False"),
    ("192.0.0.8/32", "IPv4 dummy address", "RFC 7600", "False"),
    ("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", "True"),
    ("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", "True"),
    ("192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050", "False"),
    ("192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050", "False"),
    ("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", "False"),
    ("192.31.196.0/24", "AS112-v4", "RFC 7535", "True"),
    ("192.52.193.0/24", "AMT", "RFC 7450", "True"),
    ("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", ""),
    ("192.88.99.2/32", "6a44-relay anycast address", "RFC 6751", "False"),
    ("192.168.0.0/16", "Private-Use", "RFC 1918", "False"),
    ("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", "True"),
    ("198.18.0.0/15", "Benchmarking", "RFC 2544", "False"),
    ("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", "False"),
    ("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", "False"),
    ("240.0.0.0/4", "Reserved", "RFC 1112", "False"),
    ("255.255.255.255/32", "Limited Broadcast", "RFC 8190, RFC 919", "False"),
)
SPECIAL_IPV6 = (
    ("::1/128", "Loopback Address", "RFC 4291", "False"),
    ("::/128", "Unspecified Address", "RFC 4291", "False"),
    ("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", "False"),
    ("64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", "True"),
    ("64:ff9b:1::/48", "IPv4-IPv6 Translat.", "RFC 8215", "False"),
    ("100::/64", "Discard-Only Address Block", "RFC 6666", "False"),
    ("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", "False"),
    ("2001::/23", "IETF Protocol Assignments", "RFC 2928", "False"),
    ("2001::/32", "TEREDO", "RFC 4380, RFC 8190", "N/A"),
    ("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", "True"),
    ("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", "True"),
    ("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", "True"),
    ("2001:2::/48", "Benchmarking", "RFC 5180", "False"),
    ("2001:3::/32", "AMT", "RFC 7450", "True"),
    ("2001:4:112::/48", "AS112-v6", "RFC 7535", "True"),
    ("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", ""),
    ("2001:20::/28", "ORCHIDv2", "RFC 7343", "True"),
    ("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", "True"),
    ("2001:db8::/32", "Documentation", "RFC 3849", "False"),
    ("2002::/16", "6to4", "RFC 3056", "N/A"),
    ("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", "True"),
    ("3fff::/20", "Documentation", "RFC 9637", "False"),
    ("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", "False"),
    ("fc00::/7", "Unique-Local", "RFC 4193, RFC 8190", "False"),
    ("fe80::/10", "Link-Local Unicast", "RFC 4291", "False"),
)
# Not special-purpose but never a web server: from IANA's IPv4 and IPv6 address space
# registries (https://www.iana.org/assignments/ipv4-address-space/,
# https://www.iana.org/assignments/ipv6-address-space/). Of IPv6, only 2000::/3 is global
# unicast: every address outside it and outside the rows above is refused as well.
NOT_UNICAST = (
    ("224.0.0.0/4", "Multicast", "RFC 5771", "False"),
    ("ff00::/8", "Multicast", "RFC 4291", "False"),
    ("fec0::/10", "Site-Local, deprecated", "RFC 3879", "False"),
)
GLOBAL_UNICAST_IPV6 = ipaddress.IPv6Network("2000::/3")

#: cloud metadata endpoints, refused even when the rest of their block were allowed:
#: AWS, ECS, Alibaba, AWS over IPv6, and Azure's platform endpoint (WireServer, which
#: GitHub's hosted runners, being on Azure, can reach)
METADATA = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",
        "169.254.170.2",
        "100.100.100.200",
        "fd00:ec2::254",
        "168.63.129.16",
    )
)

_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def _blocks(
    rows: tuple[tuple[str, str, str, str], ...],
) -> list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str, bool]]:
    """(network, name, reachable) for each row, the most specific first."""
    blocks = [(ipaddress.ip_network(row[0]), row[1], row[3] == "True") for row in rows]
    return sorted(blocks, key=lambda block: block[0].prefixlen, reverse=True)


_BLOCKS = _blocks(SPECIAL_IPV4 + SPECIAL_IPV6 + NOT_UNICAST)


class BlockedAddress(Exception):
    """A connection would have reached an address the policy forbids."""


def forbidden(address: str) -> str:
    """Why connecting to ``address`` is forbidden ('' when it is a public address)."""
    return _judge(ipaddress.ip_address(address.split("%", 1)[0]))


def _judge(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if ip in METADATA:
        return "a cloud metadata address"
    if isinstance(ip, ipaddress.IPv6Address) and (wrapped := _wrapped(ip)):
        how, inner = wrapped
        if why := _judge(inner):
            return f"{how}, wrapping {inner}: {why}"
        if how == "IPv4-mapped":  # only another way to write the IPv4 address
            return ""
    for network, name, reachable in _BLOCKS:
        if ip.version == network.version and ip in network:
            return "" if reachable else f"in {network} ({name}), not globally reachable"
    if isinstance(ip, ipaddress.IPv6Address) and ip not in GLOBAL_UNICAST_IPV6:
        return f"outside {GLOBAL_UNICAST_IPV6} (global unicast), not globally reachable"
    return ""


def _wrapped(ip: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address inside an IPv6 one, and how it is wrapped (None: nothing inside)."""
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped", ip.ipv4_mapped
    if ip.sixtofour is not None:
        return "6to4", ip.sixtofour
    if ip.teredo is not None:
        return "Teredo", ip.teredo[1]  # the client: the last 32 bits, inverted
    last_32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if any(ip in prefix for prefix in _NAT64):
        return "NAT64", last_32
    if int(ip) >> 32 == 0 and int(ip) > 1:  # ::a.b.c.d, but not :: or ::1
        return "IPv4-compatible", last_32
    return None


class Watchdog:
    """Shuts the sockets of responses that are past their deadline, or past the run's."""

    def __init__(self, interval: float = 0.05) -> None:
        self._lock = threading.Lock()
        self._watched: dict[int, tuple[socket.socket, float]] = {}
        self._tokens = itertools.count()
        self._fired: set[int] = set()
        self._interval = interval
        self._thread: threading.Thread | None = None
        #: when the whole run ends (on time.monotonic's clock): nothing is waited for past it
        self.deadline: float | None = None

    def watch(self, sock: socket.socket, seconds: float) -> int:
        until = time.monotonic() + seconds
        if self.deadline is not None:
            until = min(until, self.deadline)
        with self._lock:
            token = next(self._tokens)
            self._watched[token] = (sock, until)
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


def resolve(host: str, port: int, timeout: float) -> list[str]:
    """The addresses ``host`` resolves to; :class:`socket.gaierror` when it has none or DNS
    does not answer within ``timeout`` seconds.

    The system resolver cannot be interrupted and may retry for half a minute: it asks in
    a daemon thread, which is left behind when it takes too long, so neither a request nor
    the end of the run waits for it.
    """
    answer: list[str] = []
    failure: list[BaseException] = []

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            answer.extend(str(info[4][0]) for info in infos)
        except BaseException as error:  # handed to the asking thread
            failure.append(error)

    thread = threading.Thread(target=lookup, name="fmfl-lint-dns", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise socket.gaierror(socket.EAI_AGAIN, f"DNS gave no answer within {timeout:g} s")
    if failure:
        raise failure[0]
    return answer


class _Guarded:
    """Mixed into urllib3's connections by :func:`guarded_adapter`."""

    policy: Policy = staticmethod(forbidden)
    response_timeout = 10.0
    watchdog: Watchdog
    # set by urllib3's connection classes this is mixed into
    host: str
    port: int
    _dns_host: str

    def _new_conn(self) -> socket.socket:
        host = self._dns_host
        try:
            addresses = resolve(host, self.port, self.response_timeout)
        except socket.gaierror as error:
            raise NameResolutionError(self.host, self, error) from error  # type: ignore[arg-type]
        for address in addresses:
            if why := self.policy(address):
                raise BlockedAddress(f"{self.host} resolves to {address}, {why}")
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
    """Guarded pools for direct connections, watched ones to a proxy; every target judged."""

    def __init__(
        self,
        pools: dict[str, type],
        proxy_pools: dict[str, type],
        policy: Policy,
        reach: Reach | None,
        resolve_timeout: float,
        **kwargs: Any,
    ) -> None:
        self._pools, self._proxy_pools = pools, proxy_pools
        self._policy, self._reach = policy, reach
        self._resolve_timeout = resolve_timeout
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pools

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        fresh = proxy not in self.proxy_manager
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if fresh and not proxy.lower().startswith("socks"):
            # connections to the proxy: on any address (the user's own setting), watched
            manager.pool_classes_by_scheme = self._proxy_pools
        return manager

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        """Send through the environment's proxy for this URL, if any, the target judged first."""
        url = request.url or ""
        # the environment's proxies, NO_PROXY honoured; whatever the session passed is not
        # used (it has trust_env off, so that .netrc is never read)
        kwargs["proxies"] = get_environ_proxies(url, no_proxy=None)
        host = _netloc(url)
        if self._reach is not None:
            self._reach.sending(host)
        failure: str | None = None
        try:
            if select_proxy(url, kwargs["proxies"]):
                self._judge_target(url)
            response = super().send(request, *args, **kwargs)
            failure = ""
            return response
        except BlockedAddress:
            raise
        except requests.exceptions.ProxyError:
            failure = "proxy"
            raise
        except requests.exceptions.ConnectTimeout:
            failure = "connect"
            raise
        except requests.ConnectionError as error:
            failure = _unreached(error)
            raise
        except Exception:
            failure = ""  # an answer that went wrong came from somewhere: the host was reached
            raise
        finally:
            if self._reach is not None:
                self._reach.outcome(host, failure)

    def _judge_target(self, url: str) -> None:
        """Resolve a proxied request's target here and judge every address it has."""
        if self._policy is anywhere:
            return
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = resolve(host, port, self._resolve_timeout)
        except socket.gaierror as error:
            cause = NameResolutionError(host, None, error)  # type: ignore[arg-type]
            raise requests.ConnectionError(cause) from cause
        for address in addresses:
            if why := self._policy(address):
                raise BlockedAddress(f"{host} resolves to {address}, {why}")


def _netloc(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return url


def _unreached(error: BaseException) -> str:
    """'dns' or 'connect' when ``error`` never reached the host; '' when it did."""
    current: BaseException | None = error
    seen: list[BaseException] = []
    while current is not None and current not in seen:
        seen.append(current)
        if isinstance(current, NameResolutionError):
            return "dns"
        if isinstance(current, NewConnectionError):
            return "connect"
        candidates = [current.__cause__, getattr(current, "reason", None), current.__context__]
        candidates += list(current.args[:1])
        current = next((c for c in candidates if isinstance(c, BaseException)), None)
    return ""


#: the most idle connections kept for one host, and the most hosts whose pools are kept.
#: urllib3 fills each new host's pool with ``maxsize`` placeholders up front (a LifoQueue of
#: None, in HTTPConnectionPool.__init__): --max-per-host 1000000 cost about 1.8 s and 8 MB
#: for every host asked. The pool size only bounds how many connections are kept for reuse,
#: not how many may be open (the scheduler bounds that, and the pools never block), so past
#: this many the extra connections are closed when their answer is done instead of kept.
POOL_CAP = 64


def guarded_adapter(
    *,
    policy: Policy,
    response_timeout: float,
    watchdog: Watchdog,
    pool_size: int,
    reach: Reach | None = None,
) -> HTTPAdapter:
    """A requests adapter whose connections follow the address policy and deadlines.

    ``pool_size`` is how many requests may be in flight to one host; at most
    :data:`POOL_CAP` connections are kept for each. ``reach`` hears how each request
    ended (reached its host, or failed to resolve or connect).
    """
    size = max(1, min(pool_size, POOL_CAP))
    return _GuardedAdapter(
        _pool_classes(policy, response_timeout, watchdog),
        _pool_classes(anywhere, response_timeout, watchdog),
        policy,
        reach,
        response_timeout,
        pool_connections=size,
        pool_maxsize=size,
        max_retries=0,
    )


def _pool_classes(policy: Policy, response_timeout: float, watchdog: Watchdog) -> dict[str, type]:
    attributes = {
        "policy": staticmethod(policy),
        "response_timeout": response_timeout,
        "watchdog": watchdog,
    }
    http = type("GuardedHTTPConnection", (_Guarded, HTTPConnection), dict(attributes))
    https = type("GuardedHTTPSConnection", (_Guarded, HTTPSConnection), dict(attributes))
    return {
        "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
        "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
    }
