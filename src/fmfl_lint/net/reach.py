"""Whether the network can be reached at all, from the first request to each host.

On a machine with no network (or behind a firewall that wants a proxy) every host fails
to resolve or to connect, and checking links one by one would call every link dead. The
first request to each host is watched: when those to several distinct hosts (at least
:data:`HOSTS_TO_JUDGE`, or every host there is when fewer, but never just one: a run that
asks a single host cannot tell a dead host from a dead network) have all failed before any
host answered, and none is still on its way, the run stops with :class:`NetworkUnreachable`.
Only a request still on its way is waited for, so a few dead domains failing fast beside
live hosts that answer a little later stop nothing.
"""

from __future__ import annotations

import threading
from collections import Counter

#: how many distinct hosts must have failed before the network is judged unreachable
HOSTS_TO_JUDGE = 3

#: a failure kind → how it reads in the message
_KINDS = {
    "dns": "did not resolve",
    "connect": "could not be connected to",
    "proxy": "could not be reached through the proxy",
}


class NetworkUnreachable(Exception):
    """No host could be reached: the message is one line, for the command line to print."""


class Reach:
    """The first outcome of each host, shared by every request of one run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._first: dict[str, str] = {}  # host → "" (reached) or how it failed
        self._flying: Counter[str] = Counter()  # hosts with no outcome yet: requests in flight
        self.reached = False

    def sending(self, host: str) -> None:
        with self._lock:
            if host not in self._first:
                self._flying[host] += 1

    def outcome(self, host: str, failure: str | None) -> None:
        """A request to ``host`` ended: reached (''), failed ('dns', 'connect', 'proxy'),
        or ``None`` when it says nothing (refused by the address guard)."""
        with self._lock:
            if self._flying[host] > 0:
                self._flying[host] -= 1
            if not self._flying[host]:
                del self._flying[host]
            if failure is None or host in self._first:
                return
            self._first[host] = failure
            if not failure:
                self.reached = True
                self._flying.clear()

    def unreachable(self, hosts: int = HOSTS_TO_JUDGE) -> str:
        """Why the network looks unreachable ('' while it may not be).

        ``hosts`` is how many distinct hosts the run asks (so far as known): with fewer
        than :data:`HOSTS_TO_JUDGE`, all of them must have failed (and two at least).
        """
        with self._lock:
            if self.reached or self._flying:
                return ""
            failed = Counter(self._first.values())
            if sum(failed.values()) < max(2, min(HOSTS_TO_JUDGE, hosts)):
                return ""
        parts = [
            f"{count} host{'s' if count != 1 else ''} {_KINDS.get(kind, 'failed')}"
            for kind, count in sorted(failed.items())
        ]
        hint = (
            "check the proxy settings" if "proxy" in failed else "use --offline or set HTTPS_PROXY"
        )
        return f"network unreachable: {', '.join(parts)}; {hint}"

    def hosts_asked(self) -> set[str]:
        with self._lock:
            return set(self._first) | set(self._flying)
