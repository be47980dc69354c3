"""Where a fetch may connect, and for how long: the network side of "content never decides
which internal address is read".

A URL that comes from content (a feed entry, a redirect, a link inside an upload) must not
reach this machine or its private network: a loopback, private, link-local, multicast or
reserved address.  The check happens where the connection is made, after DNS resolution and
on every address the name resolves to, and the socket is then connected to the address that
was checked: a name that resolves once to a public and then to a private address (DNS
rebinding) cannot slip between check and connect.  The URL keeps its host name, so the Host
header and TLS certificate checks are those of the name.

Hand-written because httpx has no hook for "check the resolved address": this is an httpcore
network backend (a public httpcore interface) that the fetch installs in its transport.

The same backend enforces the fetch's total deadline: every connect and every read gets at most
the time left, so a server that trickles a byte at a time cannot hold a fetch past it.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from typing import Any, Iterable

import httpcore


class BlockedAddress(httpcore.ConnectError):
    """A connection refused by policy (raised inside httpcore; fetch turns it into FetchError)."""


def blocked_reason(ip: str) -> str | None:
    """Why ``ip`` may not be fetched from content ("loopback", "private", ...), else None."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    mapped = getattr(addr, "ipv4_mapped", None) or getattr(addr, "sixtofour", None)
    if mapped is not None:
        addr = mapped
    for name, flag in (("loopback", addr.is_loopback), ("unspecified", addr.is_unspecified),
                       ("link-local", addr.is_link_local), ("multicast", addr.is_multicast),
                       ("reserved", addr.is_reserved), ("private", addr.is_private)):
        if flag:
            return name
    if not addr.is_global:  # e.g. 100.64.0.0/10 (carrier-grade NAT)
        return "not globally routable"
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        if sockaddr[0] not in seen:
            seen.append(sockaddr[0])
    return seen


class _DeadlineStream(httpcore.NetworkStream):
    """A stream whose reads and writes never wait past the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def _left(self, timeout: float | None, exc: type[Exception]) -> float:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise exc("the fetch deadline passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname,
                                      self._left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """Connects only to allowed addresses, to the very address it checked, within a deadline.

    ``trusted``: (host, port) origins the user typed; they may be private (the user chose them).
    ``allow_private``: the user opted in to every address (tests, intranets).
    """

    def __init__(self, deadline: float, *, allow_private: bool = False,
                 trusted: Iterable[tuple[str, int]] = ()) -> None:
        self._inner = httpcore.SyncBackend()
        self.deadline = deadline
        self.allow_private = allow_private
        self.trusted = {(h.lower(), p) for h, p in trusted}

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ConnectTimeout("the fetch deadline passed")
        timeout = left if timeout is None else min(timeout, left)
        host = host.strip("[]")
        try:
            addresses = resolve(host, port)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from None
        if not self.allow_private and (host.lower(), port) not in self.trusted:
            for ip in addresses:
                why = blocked_reason(ip)
                if why:
                    raise BlockedAddress(f"{host} resolves to {ip}, a {why} address")
        last: Exception | None = None
        for ip in addresses:  # connect to the address checked above, never resolve again
            try:
                stream = self._inner.connect_tcp(ip, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
                continue
            return _DeadlineStream(stream, self.deadline)
        raise last or httpcore.ConnectError(f"{host} resolves to no address")

    def connect_unix_socket(self, *args, **kwargs):  # never used: fetches are http(s) only
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
