"""Whom the webhook server names as a request's sender in its logs."""

from __future__ import annotations

import ipaddress

import pytest

from bot.serving.refusals import client_address
from bot.settings import Settings

PROXIES = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("::1/128")]


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "sender"),
    [
        ("203.0.113.5", "198.51.100.7", "203.0.113.5"),  # not a proxy: the header is the client's
        ("10.0.0.2", "198.51.100.7", "198.51.100.7"),  # a trusted proxy: believed
        ("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.3", "198.51.100.7"),  # rightmost untrusted
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "not-an-address", "not-an-address"),
        ("::1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_forwarded_for_is_believed_only_from_a_trusted_proxy(
    peer: str, forwarded_for: str, sender: str
) -> None:
    assert client_address(peer, forwarded_for, PROXIES) == sender


def test_trusted_proxies_are_comma_separated_addresses_or_networks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WEBHOOK_TRUSTED_PROXIES", "10.0.0.2, 172.16.0.0/12")
    assert Settings().webhook_trusted_proxies == ("10.0.0.2/32", "172.16.0.0/12")
