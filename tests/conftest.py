"""Shared fixtures. ``responses`` is active in every test, so none can reach the network."""

from __future__ import annotations

import pathlib
import re
import socket
from collections.abc import Iterator

import pytest
import responses

HERE = pathlib.Path(__file__).parent
CASES = HERE / "cases"


@pytest.fixture(autouse=True)
def no_network() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture(autouse=True)
def loopback_sockets_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A safety net under the guard being tested: no socket may leave this machine."""
    connect = socket.socket.connect

    def checked(sock: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and not (host.startswith("127.") or host == "::1"):
            raise AssertionError(f"a test tried to connect to {host}")
        connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", checked)


@pytest.fixture(autouse=True)
def not_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests behave the same in CI and at a desk: those about CI set it themselves."""
    monkeypatch.delenv("CI", raising=False)


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The link cache of every test is its own, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def loopback(no_network: responses.RequestsMock) -> responses.RequestsMock:
    """Let requests reach servers on 127.0.0.0/8 (and nothing else)."""
    no_network.add_passthru(re.compile(r"https?://127\.\d+\.\d+\.\d+[:/]"))
    return no_network


def read_expected(path: pathlib.Path) -> list[tuple[int, str]]:
    """``LINE CODE`` rows of an ``.expected`` file; ``#`` starts a comment."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            number, code = line.split()
            rows.append((int(number), code))
    return sorted(rows)
