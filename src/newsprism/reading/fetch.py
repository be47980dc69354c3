"""A polite fetch of one article page with httpx.

Polite: a user agent that names newsprism, a timeout, a bounded number of redirects (each hop
checked to stay on http/https), and a body size limit enforced while streaming (we stop reading,
we do not download and then refuse).  Every failure is a FetchError whose message says what to do.
"""
from __future__ import annotations

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


def fetch(url: str, options: Options | None = None) -> FetchedPage:
    """GET ``url`` and return the page; raises FetchError."""
    import httpx  # imported here: reading local files should not pay for the HTTP stack

    options = options or Options()
    _check_scheme(url, url)
    headers = {
        "User-Agent": options.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,text/plain;q=0.8,*/*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    timeout = httpx.Timeout(options.fetch_timeout)
    current = url
    try:
        with httpx.Client(headers=headers, timeout=timeout, follow_redirects=False) as client:
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
                    return FetchedPage(url=str(resp.url), status=resp.status_code,
                                       content_type=resp.headers.get("content-type", ""),
                                       body=bytes(body))
    except httpx.TimeoutException:
        raise FetchError(url, f"no answer within {options.fetch_timeout:g} s; try again later or "
                              "raise Options.fetch_timeout", code="fetch-timeout") from None
    except httpx.InvalidURL as exc:
        raise FetchError(url, f"not a valid URL ({exc})", code="fetch-failed") from None
    except httpx.HTTPError as exc:
        raise FetchError(url, f"the page could not be fetched ({type(exc).__name__}: {exc}); "
                              "check the URL and your network", code="fetch-failed") from None
    raise FetchError(url, f"more than {options.fetch_max_redirects} redirects (last: {current}); "
                          "the site may be looping, try the final URL directly",
                     code="too-many-redirects")


def _too_large(url: str, options: Options) -> FetchError:
    return FetchError(url, f"the page is larger than {options.fetch_max_bytes:,} bytes; "
                           "save the article text from a browser or raise Options.fetch_max_bytes",
                      code="too-large")
