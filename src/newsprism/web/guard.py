"""Who may talk to the web app: Host names, an optional access token, and same-origin writes.

``Guard`` is an ASGI middleware in front of everything else:

1. Host: only the names the app was started for are served (127.0.0.1, localhost, ::1, the bound
   host and ``options.allowed_hosts``); anything else is 400.  A web page on another name that
   resolves to this machine (DNS rebinding) gets nothing.
2. Access token (``options.access_token``, ``serve --token``): when set, every request carries it,
   as ``Authorization: Bearer TOKEN`` or in the cookie set after opening ``/?token=TOKEN`` once;
   otherwise 401.
3. Writes (POST, PUT, PATCH, DELETE) must come from this app's own pages or a client that asks for
   a token: the ``Origin`` header (or ``Referer`` when there is no Origin) must name this app's
   origin, and the request carries the session's CSRF token, in the ``X-CSRF-Token`` header or,
   for HTML forms, the ``csrf_token`` field (checked by the form handler: ``check_form_token``).
   Anything else is 403 JSON.  A plain cross-site form post fails on both counts, and a no-cors
   ``text/plain`` fetch cannot set the header.

The session is a random id in an HttpOnly, SameSite=Strict cookie (named per port, since browsers
share cookies between ports); its CSRF token is an HMAC of that id with a secret made when the app
starts, so a cookie planted by another page on the same host (another port) has no valid token.
Scripts: ``GET /api/session`` gives the cookie and ``{"csrf_token": ...}``; send both, with an
``Origin`` header naming the app.

Hand-written: Starlette has TrustedHostMiddleware (400 as plain text, no Origin or token checks)
and no CSRF middleware; these checks are small and each is tested on its own.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs, urlencode, urlsplit

from ..options import Options

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
FORM_TYPES = {"multipart/form-data", "application/x-www-form-urlencoded"}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
TOKEN_HEADER = b"x-csrf-token"
FORM_FIELD = "csrf_token"


class CsrfError(Exception):
    """A write without a valid CSRF token (the web layer answers 403)."""


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(value: str) -> str | None:
    """The name part of a Host header ('127.0.0.1:8000' -> '127.0.0.1', '[::1]:80' -> '::1')."""
    value = value.strip().lower()
    if not value or any(c.isspace() or c in "/?#@\\" for c in value):
        return None
    if value.startswith("["):
        end = value.find("]")
        if end < 0 or (value[end + 1:] and not value[end + 1:].startswith(":")):
            return None
        return value[1:end]
    name, _, port = value.partition(":")
    if port and not port.isdigit():
        return None
    return name.rstrip(".")


def allowed_hosts(options: Options) -> set[str]:
    names = {*LOOPBACK_NAMES, options.host.lower().strip("[]"), *(h.lower().strip("[]") for h in options.allowed_hosts)}
    names.discard("0.0.0.0")
    names.discard("::")
    return names


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Guard:
    def __init__(self, app, options: Options, secret: bytes | None = None):
        self.app = app
        self.options = options
        self.secret = secret or secrets.token_bytes(32)
        self.hosts = allowed_hosts(options)
        self.token = options.access_token
        self.token_mac = self._mac(b"access|" + self.token.encode()) if self.token else None

    # -- tokens --------------------------------------------------------------------------------
    def _mac(self, data: bytes) -> str:
        return _b64(hmac.new(self.secret, data, hashlib.sha256).digest())

    def csrf_token(self, session: str) -> str:
        return self._mac(b"csrf|" + session.encode())

    def valid_token(self, session: str | None, token: str | None) -> bool:
        return bool(session and token) and hmac.compare_digest(self.csrf_token(session), token)

    @staticmethod
    def cookie_names(scope) -> tuple[str, str]:
        port = (scope.get("server") or ("", 0))[1] or 0
        return f"newsprism_session_{port}", f"newsprism_access_{port}"

    # -- the middleware ------------------------------------------------------------------------
    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, bytes] = {}
        for k, v in scope.get("headers", []):
            headers.setdefault(k, v)
        path = scope.get("path", "")
        json_answer = path.startswith("/api") or path == "/openapi.json"

        name = host_name(headers.get(b"host", b"").decode("latin-1"))
        if name is None or name not in self.hosts:
            await self._refuse(send, 400, "bad-host",
                               f"this server answers only to {', '.join(sorted(self.hosts))}; start it with "
                               "`newsprism serve --allowed-host NAME` to serve another name", receive=receive)
            return

        cookies = self._cookies(headers.get(b"cookie", b""))
        session_name, access_name = self.cookie_names(scope)
        set_cookies: list[str] = []
        if self.token:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = (query.get("token") or [None])[0]
            auth = headers.get(b"authorization", b"").decode("latin-1")
            bearer = auth[7:].strip() if auth[:7].lower() == "bearer " else None
            if given is not None and scope["method"] in ("GET", "HEAD") and hmac.compare_digest(given, self.token):
                # opened with ?token=: remember it in a cookie and drop it from the address bar
                rest = urlencode([(k, v) for k, vs in query.items() if k != "token" for v in vs], doseq=True)
                target = path if path.startswith("/") and not path.startswith("//") else "/"
                await self._send(send, 303, b"", "text/plain", extra=[
                    (b"location", (target + ("?" + rest if rest else "")).encode("latin-1", "replace")),
                    (b"set-cookie", self._cookie(access_name, self.token_mac).encode())])
                return
            ok = (bearer is not None and hmac.compare_digest(bearer, self.token)) or (
                cookies.get(access_name) is not None and hmac.compare_digest(cookies[access_name], self.token_mac))
            if not ok:
                await self._refuse(send, 401, "token-required",
                                   "this server needs its access token: open /?token=TOKEN once in the browser, "
                                   "or send `Authorization: Bearer TOKEN`", receive=receive, json_answer=json_answer)
                return

        session = cookies.get(session_name)
        if not session or len(session) > 64:
            session = _b64(secrets.token_bytes(18))
            set_cookies.append(self._cookie(session_name, session))
        state = scope.setdefault("state", {})
        state["session"] = session
        state["csrf_token"] = self.csrf_token(session)
        state["csrf_checked"] = False
        state["cookie_session"] = cookies.get(session_name)

        if scope["method"] not in SAFE_METHODS:
            problem = self._origin_problem(scope, headers)
            if problem:
                await self._refuse(send, 403, "cross-origin", problem, receive=receive)
                return
            given = headers.get(TOKEN_HEADER)
            ctype = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
            if given is not None:
                if not self.valid_token(cookies.get(session_name), given.decode("latin-1")):
                    await self._refuse(send, 403, "csrf", csrf_message(), receive=receive)
                    return
                state["csrf_checked"] = True
            elif ctype not in FORM_TYPES:
                await self._refuse(send, 403, "csrf", csrf_message(), receive=receive)
                return
            # a form: its handler checks the csrf_token field (check_form_token) before using it

        if not set_cookies:
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) +
                           [(b"set-cookie", c.encode()) for c in set_cookies]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _origin_problem(self, scope, headers: dict[bytes, bytes]) -> str | None:
        host = headers.get(b"host", b"").decode("latin-1").strip().lower()
        scheme = scope.get("scheme", "http")
        default = {"http": "80", "https": "443"}.get(scheme, "")
        own = {f"{scheme}://{host}"}
        if ":" not in host.rsplit("]", 1)[-1]:
            own.add(f"{scheme}://{host}:{default}")
        elif host.endswith(":" + default):
            own.add(f"{scheme}://{host[:-len(default) - 1]}")
        origin = headers.get(b"origin")
        if origin is not None:
            value = origin.decode("latin-1").strip().lower()
            if value in own:
                return None
            return (f"refused a write from another origin ({value or 'none'}); this app accepts changes only "
                    "from its own pages")
        referer = headers.get(b"referer")
        if referer is not None:
            try:
                parts = urlsplit(referer.decode("latin-1").strip().lower())
                if f"{parts.scheme}://{parts.netloc}" in own:
                    return None
            except ValueError:
                pass
            return "refused a write referred by another site; this app accepts changes only from its own pages"
        return ("refused a write without an Origin or Referer header; browsers send one, and scripts should send "
                "`Origin: " + next(iter(sorted(own))) + "` with the token from GET /api/session")

    @staticmethod
    def _cookies(raw: bytes) -> dict[str, str]:
        jar = SimpleCookie()
        try:
            jar.load(raw.decode("latin-1"))
        except CookieError:
            return {}
        return {k: m.value for k, m in jar.items()}

    @staticmethod
    def _cookie(name: str, value: str) -> str:
        return f"{name}={value}; Path=/; HttpOnly; SameSite=Strict"

    async def _refuse(self, send, status: int, code: str, message: str, *, receive=None,
                      json_answer: bool = True) -> None:
        if receive is not None:
            await drain_body(receive)
        if json_answer:
            body = json.dumps({"error": code, "message": message}).encode()
            await self._send(send, status, body, "application/json")
        else:
            from markupsafe import escape

            body = (f"<!DOCTYPE html><html lang=en><meta charset=utf-8><title>{status} · newsprism</title>"
                    f"<h1>Access token needed</h1><p id=message>{escape(message)}</p></html>").encode()
            await self._send(send, status, body, "text/html; charset=utf-8")

    @staticmethod
    async def _send(send, status: int, body: bytes, ctype: str, extra=()) -> None:
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", ctype.encode()), (b"content-length", str(len(body)).encode()),
            (b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store"), *extra]})
        await send({"type": "http.response.body", "body": body})


DRAIN_LIMIT = 64 * 1024 * 1024  # read (and drop) at most this much of a refused body


async def drain_body(receive) -> None:
    """Read (and drop) a refused request's body, bounded, so the client sees the answer."""
    seen = 0
    while seen < DRAIN_LIMIT:
        message = await receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def csrf_message() -> str:
    return ("refused a write without this session's token: reload the page and try again (scripts: "
            "GET /api/session, then send its cookie and `X-CSRF-Token`)")


def check_form_token(request, form) -> None:
    """Raise CsrfError unless the request's header token was checked or the form carries it."""
    state = request.scope.get("state", {})
    if state.get("csrf_checked"):
        return
    given = form.get(FORM_FIELD)
    guard: Guard = request.app.state.guard
    if not isinstance(given, str) or not guard.valid_token(state.get("cookie_session"), given):
        raise CsrfError(csrf_message())
