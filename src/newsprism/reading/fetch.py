"""A polite, bounded fetch of one article page with httpx.

Polite: a user agent that names newsprism, a per-read timeout, a bounded number of redirects
(followed here, each hop checked to stay on http/https), and a body size limit enforced while
streaming (we stop reading, we do not download and then refuse).
Bounded: a total deadline (``Options.fetch_deadline``) over all hops and the whole body, and a
network guard (netguard.py) that refuses loopback, private, link-local, multicast and reserved
addresses, checked after DNS resolution on every hop and connected to the checked address.
A URL the user typed (``typed=True``) may be on a private address, since the user chose it;
redirects from it, and every URL that comes from content, are checked.  Options.
allow_private_addresses turns the check off.  Proxies from the environment are not used (the
guard must see the real destination).  Every failure is a FetchError that says what to do.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..errors import FetchError
from ..options import Options


@dataclass
class FetchedPage:
    url: str  # final URL after redirects
    status: int
    content_type: str
    body: bytes


def _check_scheme(url: str, original: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(original, f"refusing to follow a link to a {scheme or 'relative'}:// URL "
                                   f"({url}); only http and https pages are fetched",
                         code="fetch-failed")


def _origin(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    return (parts.hostname or "").lower(), port


def _transport(backend):
    """An httpx transport whose connections go through ``backend`` (netguard.GuardedBackend)."""
    import httpcore
    import httpx

    class GuardedTransport(httpx.HTTPTransport):
        def __init__(self) -> None:
            super().__init__(trust_env=False)
            # httpx has no public hook for the network backend; its pool is an httpcore
            # ConnectionPool, which has one, so we put our own pool in its place.
            self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                                 network_backend=backend)

    return GuardedTransport()


def fetch(url: str, options: Options | None = None, *, typed: bool = False) -> FetchedPage:
    """GET ``url`` and return the page; raises FetchError.

    ``typed``: the user gave this URL (command line); its own address is not checked, only
    where it redirects to.  Leave it False for every URL that comes from content.
    """
    import httpx  # imported here: reading local files should not pay for the HTTP stack

    from .netguard import BlockedAddress, GuardedBackend

    options = options or Options()
    _check_scheme(url, url)
    deadline = time.monotonic() + options.fetch_deadline
    backend = GuardedBackend(deadline, allow_private=options.allow_private_addresses,
                             trusted=[_origin(url)] if typed else ())
    headers = {
        "User-Agent": options.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,text/plain;q=0.8,*/*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    timeout = httpx.Timeout(options.fetch_timeout)
    current = url
    try:
        with httpx.Client(headers=headers, timeout=timeout, follow_redirects=False,
                          transport=_transport(backend), trust_env=False) as client:
            for hop in range(options.fetch_max_redirects + 1):
                with client.stream("GET", current) as resp:
                    if resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(url, f"{current} answered {resp.status_code} "
                                                  "without a Location header", code="fetch-failed")
                        current = urljoin(current, location)
                        _check_scheme(current, url)
                        continue
                    if resp.status_code >= 400:
                        hint = ("check the URL" if resp.status_code in (404, 410) else
                                "the site refuses automated reading; save the page from a browser "
                                "and pass the file" if resp.status_code in (401, 403, 429) else
                                "try again later or save the page from a browser")
                        raise FetchError(url, f"the server answered HTTP {resp.status_code} "
                                              f"{resp.reason_phrase} for {current}; {hint}",
                                         code="fetch-failed")
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > options.fetch_max_bytes:
                        raise _too_large(url, options)
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body += chunk
                        if len(body) > options.fetch_max_bytes:
                            raise _too_large(url, options)
                        if time.monotonic() > deadline:
                            raise _late(url, options)
                    return FetchedPage(url=str(resp.url), status=resp.status_code,
                                       content_type=resp.headers.get("content-type", ""),
                                       body=bytes(body))
    except httpx.TimeoutException:
        if time.monotonic() >= deadline:
            raise _late(url, options) from None
        raise FetchError(url, f"no answer within {options.fetch_timeout:g} s; try again later or "
                              "raise Options.fetch_timeout", code="fetch-timeout") from None
    except httpx.InvalidURL as exc:
        raise FetchError(url, f"not a valid URL ({exc})", code="fetch-failed") from None
    except httpx.HTTPError as exc:
        if isinstance(exc.__cause__, BlockedAddress):
            raise FetchError(url, f"refusing to fetch {current}: {exc.__cause__}; links from "
                                  "feeds, redirects and uploads may not reach this machine or its "
                                  "private network (set Options.allow_private_addresses, CLI "
                                  "--allow-private-addresses, if you mean it)",
                             code="blocked-address") from None
        raise FetchError(url, f"the page could not be fetched ({type(exc).__name__}: {exc}); "
                              "check the URL and your network", code="fetch-failed") from None
    raise FetchError(url, f"more than {options.fetch_max_redirects} redirects (last: {current}); "
                          "the site may be looping, try the final URL directly",
                     code="too-many-redirects")


def _late(url: str, options: Options) -> FetchError:
    return FetchError(url, f"the page did not arrive within {options.fetch_deadline:g} s "
                           "(the server is too slow or trickles its answer); try again later or "
                           "raise Options.fetch_deadline", code="fetch-timeout")


def _too_large(url: str, options: Options) -> FetchError:
    return FetchError(url, f"the page is larger than {options.fetch_max_bytes:,} bytes; "
                           "save the article text from a browser or raise Options.fetch_max_bytes",
                      code="too-large")
