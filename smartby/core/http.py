"""Outbound HTTP for user-given addresses (harvest sources, dataset links).

Every fetch goes through `fetch()`: http and https only; the host is resolved and every
address it resolves to is checked before connecting, and the connection is made to the
checked address (so a DNS answer cannot change between check and use); redirects are
followed by hand, at most `max_redirects`, each hop checked the same way; connect and read
timeouts and an overall deadline; the body is read up to `max_bytes` and no further;
no proxies from the environment. Loopback, private, link-local, multicast, reserved and
unspecified addresses are refused; `settings.HTTP_ALLOW_LOOPBACK` lets tests reach a server
on 127.0.0.1/::1 (never on in production).
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx
from django.conf import settings
from django.utils.translation import gettext as _

USER_AGENT = "Smartby (+https://github.com/smartby/smartby)"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 15.0
REDIRECT_CODES = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """A fetch that was refused or failed; `message` says why in words for a person."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        self.message = message
        self.url = url
        self.status = status
        super().__init__(message)


class AddressRefused(FetchError):
    """The address is not one Smartby may fetch (scheme, or where the host points)."""


class TooLarge(FetchError):
    pass


@dataclass
class FetchResult:
    url: str  # the final address, after redirects
    status: int
    headers: httpx.Headers
    content: bytes
    elapsed_ms: int

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def address_allowed(ip: str) -> bool:
    """Whether Smartby may connect to this IP address."""
    try:
        address = ipaddress.ip_address(ip.split("%")[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return bool(getattr(settings, "HTTP_ALLOW_LOOPBACK", False))
    return address.is_global and not (
        address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(_("The host %(host)s could not be found.") % {"host": host}) from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself, refuses it if any address is not allowed, and connects to
    the checked address."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port)
        refused = [ip for ip in addresses if not address_allowed(ip)]
        if refused or not addresses:
            raise AddressRefused(
                _("Smartby does not fetch from %(host)s: it points to a private or local address.")
                % {"host": host}
            )
        return super().connect_tcp(
            addresses[0],
            port,
            timeout=timeout,
            local_address=local_address,
            socket_options=socket_options,
        )


def _client(timeout: float) -> httpx.Client:
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx builds its httpcore pool without a way to pass a network backend; replace the
    # pool with one that has the guarded backend (same settings as httpx's defaults).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=10,
        max_keepalive_connections=5,
        keepalive_expiry=5.0,
        network_backend=_GuardedBackend(),
    )
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate, identity"},
    )


def _check_scheme(url: httpx.URL) -> None:
    if url.scheme not in ("http", "https") or not url.host:
        raise AddressRefused(
            _("Only http and https addresses can be fetched, not %(url)s.") % {"url": str(url)},
            url=str(url),
        )


def fetch(
    url: str,
    *,
    method: str = "GET",
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    max_redirects: int = 5,
    headers: dict[str, str] | None = None,
) -> FetchResult:
    """Fetch `url` under the rules in the module docstring. Raises FetchError (or one of its
    subclasses) with a readable message; HTTP error statuses are returned, not raised."""
    try:
        current = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise AddressRefused(_("This is not a valid address: %(url)s") % {"url": url}) from exc
    deadline = time.monotonic() + timeout
    started = time.monotonic()
    with _client(timeout) as client:
        for _hop in range(max_redirects + 1):
            _check_scheme(current)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError(_("The server took too long to answer."), url=str(current))
            try:
                with client.stream(
                    method,
                    current,
                    headers=headers,
                    timeout=httpx.Timeout(remaining, connect=min(remaining, 10.0)),
                ) as response:
                    if response.status_code in REDIRECT_CODES and "location" in response.headers:
                        current = current.join(response.headers["location"])
                        if response.status_code == 303:
                            method = "GET"
                        continue
                    body = _read_capped(response, max_bytes=max_bytes, deadline=deadline)
                    return FetchResult(
                        url=str(current),
                        status=response.status_code,
                        headers=response.headers,
                        content=body,
                        elapsed_ms=int((time.monotonic() - started) * 1000),
                    )
            except FetchError as exc:
                exc.url = exc.url or str(current)
                raise
            except httpx.TimeoutException as exc:
                raise FetchError(
                    _("The server took too long to answer."), url=str(current)
                ) from exc
            except httpx.HTTPError as exc:
                cause = exc.__cause__ or exc.__context__
                if isinstance(cause, FetchError):
                    cause.url = cause.url or str(current)
                    raise cause from None
                raise FetchError(
                    _("Could not fetch %(url)s: %(error)s") % {"url": str(current), "error": exc},
                    url=str(current),
                ) from exc
    raise FetchError(
        _("Too many redirects (more than %(max)s).") % {"max": max_redirects}, url=str(current)
    )


def _read_capped(response: httpx.Response, *, max_bytes: int, deadline: float) -> bytes:
    """The body, decompressed, refusing to go past `max_bytes` of decompressed data (so a
    small compressed answer cannot expand without bound)."""
    too_large = TooLarge(
        _("The answer is larger than %(max)s bytes.") % {"max": max_bytes},
        status=response.status_code,
    )
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    decoder: Any = None
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = zlib.decompressobj()
    elif encoding not in ("identity", ""):
        raise FetchError(
            _("The server answered with an encoding Smartby does not read: %(encoding)s.")
            % {"encoding": encoding},
            status=response.status_code,
        )
    else:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise too_large
    chunks: list[bytes] = []
    size = 0
    try:
        for raw in response.iter_raw():
            pieces = [raw]
            if decoder is not None:
                pieces = []
                data = raw
                while data:
                    piece = decoder.decompress(data, max_bytes - size + 1)
                    pieces.append(piece)
                    size_now = size + sum(len(p) for p in pieces)
                    if size_now > max_bytes:
                        raise too_large
                    data = decoder.unconsumed_tail
            for piece in pieces:
                size += len(piece)
                if size > max_bytes:
                    raise too_large
                chunks.append(piece)
            if time.monotonic() > deadline:
                raise FetchError(_("The server took too long to answer."))
    except zlib.error as exc:
        raise FetchError(_("The answer could not be decompressed.")) from exc
    return b"".join(chunks)
