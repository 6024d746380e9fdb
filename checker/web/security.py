"""What every response carries and every request must show: security headers and the access token.

An ASGI middleware around the whole app: it adds a strict Content-Security-Policy (nothing loaded from
anywhere but this server, no inline script, no framing), nosniff and no-referrer to every response;
when the server has a token it refuses requests that show neither the token (header) nor the session
cookie the login page sets; and it keeps exceptions out of the log except for their type, since an
exception's message may quote a file name or report text.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from http.cookies import SimpleCookie

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("fzcheck.web")

# Scripts only from this server, none inline. Styles may be inline: the scorecard's templates carry its
# stylesheet in <style> (the same page is mailed as one file) and bar widths in style attributes.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
_RAW_HEADERS = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in SECURITY_HEADERS.items()]
_NO_STORE = (b"cache-control", b"no-store")
SESSION_COOKIE = "fzcheck_session"
TOKEN_HEADER = "x-fzcheck-token"
# Reachable without the token: the login page and the assets it needs.
OPEN_PATHS = ("/login", "/static/")


def session_value(token: str) -> str:
    """The cookie value that proves a browser logged in: derived from the token, never the token itself."""
    return hmac.new(token.encode("utf-8"), b"fzcheck-session", hashlib.sha256).hexdigest()


def shows_token(headers: Headers, token: str) -> bool:
    """Whether a request carries the token (Authorization: Bearer, X-Fzcheck-Token) or the session cookie."""
    offered = headers.get(TOKEN_HEADER, "")
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        offered = offered or credentials.strip()
    if offered and hmac.compare_digest(offered.encode("utf-8"), token.encode("utf-8")):
        return True
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header is no session
        return False
    session = cookie.get(SESSION_COOKIE)
    return session is not None and hmac.compare_digest(session.value, session_value(token))


class Guard:
    """Security headers on every response; the token on every request but the login page's."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        static = path.startswith("/static/")

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                # No route sets these itself, so they are appended, not merged (this runs on every answer).
                extra = _RAW_HEADERS if static else [*_RAW_HEADERS, _NO_STORE]
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await send(message)

        if self.token and not path.startswith(OPEN_PATHS) and not shows_token(Headers(scope=scope), self.token):
            await _refuse(path, send_secured)
            return
        try:
            await self.app(scope, receive, send_secured)
        except Exception as exc:
            # The app has already answered 500; the log gets the type only (see the module docstring).
            log.error("内部错误：%s（%s %s）", type(exc).__name__, scope.get("method"), path)


async def _refuse(path: str, send: Send) -> None:
    """No token: the API answers 401 in JSON, a page sends the browser to the login page."""
    if path.startswith("/api/"):
        body = json.dumps(
            {"error": "需要令牌：请在请求头 Authorization: Bearer <令牌> 或 X-Fzcheck-Token 中提供", "status": 401},
            ensure_ascii=False,
        ).encode("utf-8")
        headers = [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"www-authenticate", b"Bearer"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 401, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return
    headers = [(b"location", b"/login"), (b"content-length", b"0")]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
