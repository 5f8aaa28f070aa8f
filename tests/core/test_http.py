"""The outbound fetch guard: only public http(s) addresses, checked on the resolved address
at every redirect, with caps on redirects, bytes and time."""

from __future__ import annotations

import gzip

import pytest
from django.utils import translation

from smartby.core import http
from tests.httpserver import Reply, local_server


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked in English (the default language is bokmål)."""
    with translation.override("en"):
        yield


@pytest.fixture
def server():
    with local_server() as s:
        yield s


@pytest.fixture
def loopback_allowed(settings):
    settings.HTTP_ALLOW_LOOPBACK = True


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://224.0.0.1/",
    ],
)
def test_private_and_local_addresses_are_refused(settings, url):
    settings.HTTP_ALLOW_LOOPBACK = False
    with pytest.raises(http.AddressRefused) as error:
        http.fetch(url, timeout=3)
    assert "private or local address" in error.value.message


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "data:,x"]
)
def test_other_schemes_are_refused(url):
    with pytest.raises(http.AddressRefused) as error:
        http.fetch(url)
    assert "Only http and https" in error.value.message or "not a valid address" in (
        error.value.message
    )


def test_loopback_is_refused_unless_the_setting_allows_it(settings, server):
    server.routes["/ok"] = Reply(200, b"hello", {"Content-Type": "text/plain"})
    settings.HTTP_ALLOW_LOOPBACK = False
    with pytest.raises(http.AddressRefused):
        http.fetch(server.url("/ok"))
    assert server.requests == []  # refused before connecting
    settings.HTTP_ALLOW_LOOPBACK = True
    result = http.fetch(server.url("/ok"))
    assert (result.status, result.content, result.content_type) == (200, b"hello", "text/plain")


@pytest.mark.parametrize(
    "target", ["http://10.0.0.1/admin", "http://169.254.169.254/", "file:///etc/passwd"]
)
def test_a_redirect_to_a_private_address_is_refused(loopback_allowed, server, target):
    server.routes["/jump"] = Reply(302, b"", {"Location": target})
    with pytest.raises(http.AddressRefused):
        http.fetch(server.url("/jump"), timeout=3)


def test_redirects_are_followed_up_to_the_cap(loopback_allowed, server):
    for i in range(8):
        server.routes[f"/r{i}"] = Reply(302, b"", {"Location": f"/r{i + 1}"})
    server.routes["/r8"] = Reply(200, b"end")
    assert http.fetch(server.url("/r5"), max_redirects=5).content == b"end"
    with pytest.raises(http.FetchError) as error:
        http.fetch(server.url("/r0"), max_redirects=5)
    assert "Too many redirects" in error.value.message


def test_a_body_over_the_cap_is_refused(loopback_allowed, server):
    server.routes["/big"] = Reply(200, b"x" * 5000)
    with pytest.raises(http.TooLarge):
        http.fetch(server.url("/big"), max_bytes=1000)
    assert len(http.fetch(server.url("/big"), max_bytes=5000).content) == 5000


def test_a_compressed_bomb_is_stopped_at_the_cap(loopback_allowed, server):
    bomb = gzip.compress(b"\0" * 50_000_000)  # about 50 kB on the wire
    server.routes["/bomb"] = Reply(200, bomb, {"Content-Encoding": "gzip"})
    with pytest.raises(http.TooLarge):
        http.fetch(server.url("/bomb"), max_bytes=1_000_000)
    server.routes["/small"] = Reply(200, gzip.compress(b"hello"), {"Content-Encoding": "gzip"})
    assert http.fetch(server.url("/small")).content == b"hello"


def test_a_slow_server_hits_the_deadline(loopback_allowed, server):
    server.routes["/slow"] = Reply(200, b"y" * 10_000, delay_seconds=0.3)
    with pytest.raises(http.FetchError) as error:
        http.fetch(server.url("/slow"), timeout=1)
    assert "too long" in error.value.message


def test_an_unknown_host_is_a_clear_error():
    with pytest.raises(http.FetchError) as error:
        http.fetch("http://no-such-host.invalid/", timeout=3)
    assert "could not be found" in error.value.message


def test_address_allowed_checks_the_address_itself(settings):
    settings.HTTP_ALLOW_LOOPBACK = False
    assert http.address_allowed("93.184.216.34")
    for ip in ("127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "fc00::1", "100.64.0.1"):
        assert not http.address_allowed(ip), ip
