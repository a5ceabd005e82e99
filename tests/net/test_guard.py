"""The address policy: every special-purpose block, every wrapping, and the public internet.

The expectations are written out by hand, not read from the module's table, so that a
mistyped row in ``guard.py`` fails here.
"""

from __future__ import annotations

import ipaddress

import pytest

from fmfl_lint.net.guard import NOT_UNICAST, SPECIAL_IPV4, SPECIAL_IPV6, forbidden

ALLOWED, FORBIDDEN = True, False

# (address, allowed, a word the reason must hold)
SPECIAL_BLOCKS = [
    # IANA IPv4 special-purpose registry, one address in each block
    ("0.1.2.3", FORBIDDEN, "this network"),  # 0.0.0.0/8
    ("0.0.0.0", FORBIDDEN, "this host"),  # 0.0.0.0/32
    ("10.1.2.3", FORBIDDEN, "private-use"),
    ("100.64.0.1", FORBIDDEN, "shared address space"),
    ("100.127.255.254", FORBIDDEN, "shared address space"),
    ("127.0.0.1", FORBIDDEN, "loopback"),
    ("127.255.255.254", FORBIDDEN, "loopback"),
    ("169.254.1.1", FORBIDDEN, "link local"),
    ("172.16.5.4", FORBIDDEN, "private-use"),
    ("172.31.255.255", FORBIDDEN, "private-use"),
    ("192.0.0.100", FORBIDDEN, "ietf protocol assignments"),  # 192.0.0.0/24
    ("192.0.0.255", FORBIDDEN, "ietf protocol assignments"),
    ("192.0.0.1", FORBIDDEN, "service continuity"),  # 192.0.0.0/29
    ("192.0.0.8", FORBIDDEN, "dummy"),
    ("192.0.0.9", ALLOWED, ""),  # PCP anycast: globally reachable
    ("192.0.0.10", ALLOWED, ""),  # TURN anycast: globally reachable
    ("192.0.0.170", FORBIDDEN, "nat64/dns64"),
    ("192.0.0.171", FORBIDDEN, "nat64/dns64"),
    ("192.0.2.1", FORBIDDEN, "documentation"),
    ("192.31.196.1", ALLOWED, ""),  # AS112-v4
    ("192.52.193.1", ALLOWED, ""),  # AMT
    ("192.88.99.1", FORBIDDEN, "6to4 relay"),  # terminated: no answer is not "True"
    ("192.88.99.2", FORBIDDEN, "6a44"),
    ("192.168.0.1", FORBIDDEN, "private-use"),
    ("192.175.48.1", ALLOWED, ""),  # AS112 direct delegation
    ("198.18.0.1", FORBIDDEN, "benchmarking"),
    ("198.19.255.255", FORBIDDEN, "benchmarking"),
    ("198.51.100.1", FORBIDDEN, "documentation"),
    ("203.0.113.1", FORBIDDEN, "documentation"),
    ("240.0.0.1", FORBIDDEN, "reserved"),
    ("255.255.255.255", FORBIDDEN, "broadcast"),
    # IANA IPv6 special-purpose registry
    ("::1", FORBIDDEN, "loopback"),
    ("::", FORBIDDEN, "unspecified"),
    ("64:ff9b::808:808", ALLOWED, ""),  # NAT64 of a public address: globally reachable
    ("64:ff9b:1::808:808", FORBIDDEN, "64:ff9b:1::/48"),  # local-use NAT64
    ("100::1", FORBIDDEN, "discard-only"),
    ("100:0:0:1::1", FORBIDDEN, "dummy ipv6"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", FORBIDDEN, "teredo"),  # N/A, whatever inside
    ("2001:1::1", ALLOWED, ""),  # PCP anycast
    ("2001:1::2", ALLOWED, ""),  # TURN anycast
    ("2001:1::3", ALLOWED, ""),  # DNS-SD SRP anycast
    ("2001:1::4", FORBIDDEN, "ietf protocol assignments"),  # the rest of 2001::/23
    ("2001:2::1", FORBIDDEN, "benchmarking"),
    ("2001:3::1", ALLOWED, ""),  # AMT
    ("2001:4:112::1", ALLOWED, ""),  # AS112-v6
    ("2001:10::1", FORBIDDEN, "orchid"),  # terminated
    ("2001:20::1", ALLOWED, ""),  # ORCHIDv2
    ("2001:30::1", ALLOWED, ""),  # DETs
    ("2001:db8::1", FORBIDDEN, "documentation"),
    ("2002:808:808::1", FORBIDDEN, "6to4"),  # N/A, whatever inside
    ("2620:4f:8000::1", ALLOWED, ""),  # AS112 direct delegation
    ("3fff::1", FORBIDDEN, "documentation"),
    ("5f00::1", FORBIDDEN, "srv6"),
    ("fc00::1", FORBIDDEN, "unique-local"),
    ("fd12:3456::1", FORBIDDEN, "unique-local"),
    ("fe80::1", FORBIDDEN, "link-local"),
    ("fe80::1%eth0", FORBIDDEN, "link-local"),
    # the address space registries: multicast, site-local, outside global unicast
    ("224.0.0.1", FORBIDDEN, "multicast"),
    ("239.255.255.250", FORBIDDEN, "multicast"),
    ("ff02::1", FORBIDDEN, "multicast"),
    ("ff0e::1", FORBIDDEN, "multicast"),
    ("fec0::1", FORBIDDEN, "site-local"),
    ("4000::1", FORBIDDEN, "global unicast"),
    ("::8.8.8.8", FORBIDDEN, "global unicast"),  # IPv4-compatible, deprecated
    # cloud metadata endpoints
    ("169.254.169.254", FORBIDDEN, "metadata"),
    ("169.254.170.2", FORBIDDEN, "metadata"),
    ("100.100.100.200", FORBIDDEN, "metadata"),
    ("fd00:ec2::254", FORBIDDEN, "metadata"),
    ("168.63.129.16", FORBIDDEN, "metadata"),  # Azure, where GitHub's runners are
]

# IPv4 inside IPv6: the inner address is judged too
WRAPPED = [
    ("::ffff:10.0.0.1", FORBIDDEN, "ipv4-mapped, wrapping 10.0.0.1"),
    ("::ffff:127.0.0.1", FORBIDDEN, "loopback"),
    ("::ffff:169.254.169.254", FORBIDDEN, "metadata"),
    ("::ffff:168.63.129.16", FORBIDDEN, "metadata"),
    ("::ffff:8.8.8.8", ALLOWED, ""),  # only another spelling of 8.8.8.8
    ("::10.0.0.1", FORBIDDEN, "ipv4-compatible, wrapping 10.0.0.1"),
    ("::127.0.0.1", FORBIDDEN, "loopback"),
    ("2002:a00:1::", FORBIDDEN, "6to4, wrapping 10.0.0.1"),
    ("2002:7f00:1::1", FORBIDDEN, "wrapping 127.0.0.1"),
    ("2002:a9fe:a9fe::", FORBIDDEN, "metadata"),
    # Teredo: the client is the last 32 bits inverted; f5ff:fffe is 10.0.0.1
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", FORBIDDEN, "teredo, wrapping 10.0.0.1"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", FORBIDDEN, "wrapping 127.0.0.1"),
    ("64:ff9b::a00:1", FORBIDDEN, "nat64, wrapping 10.0.0.1"),
    ("64:ff9b::7f00:1", FORBIDDEN, "loopback"),
    ("64:ff9b::a9fe:a9fe", FORBIDDEN, "metadata"),
    ("64:ff9b::c0a8:1", FORBIDDEN, "private-use"),
    ("64:ff9b:1::a00:1", FORBIDDEN, "nat64, wrapping 10.0.0.1"),
    ("64:ff9b:1::7f00:1", FORBIDDEN, "loopback"),
]

PUBLIC = [
    ("8.8.8.8", ALLOWED, ""),
    ("1.1.1.1", ALLOWED, ""),
    ("93.184.216.34", ALLOWED, ""),
    ("140.82.112.3", ALLOWED, ""),  # github.com
    ("168.63.129.17", ALLOWED, ""),  # Azure's own public space, beside its platform host
    ("100.63.255.255", ALLOWED, ""),  # just below 100.64.0.0/10
    ("100.128.0.0", ALLOWED, ""),  # just above it
    ("2606:4700::1111", ALLOWED, ""),
    ("2606:2800:220:1::", ALLOWED, ""),
    ("2a00:1450:4001:80b::200e", ALLOWED, ""),
]


@pytest.mark.parametrize(("address", "allowed", "why"), SPECIAL_BLOCKS + WRAPPED + PUBLIC)
def test_the_policy(address: str, allowed: bool, why: str) -> None:
    reason = forbidden(address)
    if allowed:
        assert reason == "", reason
    else:
        assert reason and why in reason.lower(), reason


@pytest.mark.parametrize(
    "row", SPECIAL_IPV4 + SPECIAL_IPV6 + NOT_UNICAST, ids=lambda row: f"{row[0]} {row[1]}"
)
def test_every_row_of_the_registries_is_in_the_table_above(row: tuple[str, ...]) -> None:
    network = ipaddress.ip_network(row[0])
    tested = [ipaddress.ip_address(case[0].split("%")[0]) for case in SPECIAL_BLOCKS + WRAPPED]
    # the most specific row holding the address must be this one, for some tested address
    more_specific = [
        ipaddress.ip_network(other[0])
        for other in SPECIAL_IPV4 + SPECIAL_IPV6 + NOT_UNICAST
        if other[0] != row[0]
    ]
    assert any(
        address.version == network.version
        and address in network
        and not any(
            address.version == other.version
            and address in other
            and other.prefixlen > network.prefixlen
            for other in more_specific
        )
        for address in tested
    ), f"no test address falls in {row[0]} alone"


def test_the_registry_rows_say_true_false_or_nothing() -> None:
    for row in SPECIAL_IPV4 + SPECIAL_IPV6 + NOT_UNICAST:
        assert row[3] in ("True", "False", "N/A", ""), row
        ipaddress.ip_network(row[0])  # a block, with no host bits set


def test_python_alone_would_not_do() -> None:
    """Why the table: ``is_global`` calls some of these public (on 3.10, and on 3.11 too)."""
    holes = ["168.63.129.16", "192.0.0.8", "fec0::1", "2002:a00:1::", "3fff::1"]
    assert any(ipaddress.ip_address(address).is_global for address in holes)
    assert all(forbidden(address) for address in holes)


def test_not_an_address_is_an_error() -> None:
    with pytest.raises(ValueError):
        forbidden("example.org")
