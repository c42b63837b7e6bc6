"""What a request is refused for before its body is read (a pure ASGI middleware).

A body is only read, and decoded, once its sender is known: a sync call (all of
``/sync/v1/`` but enrolment) needs a terminal's bearer token, the admin API (and in
production the API docs) the admin token. The guard checks the token from the headers,
against the terminal table (in a worker thread) or the admin token, and answers 401/403
without touching the body; the terminal it found is left in the scope for
``deps.require_terminal``, so the token is looked up once. Then every body is capped: a
``Content-Length`` above the route's cap is 413 at once, and a chunked body is counted as it
arrives and cut with 413 when it passes the cap, so memory stays bounded whatever is sent.
E-receipt pages (``/r/``) are rate limited per client address first (429, ``Retry-After``).

Refusals are JSON in the API's ``ErrorBody`` shape: ``{"error": code, "detail": text}``.
A pure ASGI middleware, not ``BaseHTTPMiddleware``: that one buffers and re-wraps streams.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Sequence

from fastapi import HTTPException
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol import SYNC_PREFIX
from sync.protocol.fields import CATALOG_IMAGES_PATH
from sync.server.context import ServerContext
from sync.server.deps import TERMINAL_SCOPE_KEY, authenticate_terminal
from sync.server.ratelimit import RateLimiter, client_key, retry_after

ADMIN_PREFIX = "/api/v1"
ENROL_PATH = f"{SYNC_PREFIX}/terminals/enroll"
RECEIPT_PREFIX = "/r/"
DOC_PATHS = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})
PUSH_PATH = f"{SYNC_PREFIX}/push"
IMPORT_PATHS = frozenset({f"{ADMIN_PREFIX}/catalog/csv", f"{ADMIN_PREFIX}/products"})
MAX_TOKEN_CHARS = 512  # tokens are 43 characters; no need to hash a megabyte of header

_STATUS_CODES = {401: "unauthorized", 403: "revoked"}


class BodyTooLarge(StarletteHTTPException):
    """Raised from ``receive`` when a body passes its cap (FastAPI passes it through)."""

    def __init__(self, cap: int) -> None:
        super().__init__(413, f"request body larger than {cap} bytes")


async def send_error(
    send: Send,
    status: int,
    code: str,
    detail: str,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    """Answer ``{"error": code, "detail": detail}`` with ``status``."""
    body = json.dumps({"error": code, "detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _route_path(scope: Scope) -> str:
    path = str(scope.get("path", ""))
    root = str(scope.get("root_path", ""))
    return path[len(root) :] if root and path.startswith(root) else path


class RequestGuard:
    """Token check from the headers, body caps and the e-receipt rate limit (see above)."""

    def __init__(self, app: ASGIApp, ctx: ServerContext, ereceipts: RateLimiter) -> None:
        self.app = app
        self.ctx = ctx
        self.ereceipts = ereceipts
        self.docs_need_admin = ctx.settings.production

    def _needs(self, method: str, path: str) -> str | None:
        """ "terminal", "admin", "terminal or admin" or None: whose token a request must
        carry."""
        if path.startswith(f"{SYNC_PREFIX}/") or path == SYNC_PREFIX:
            # Enrolment needs no token, whatever the method (only POST is routed: 405).
            return None if path == ENROL_PATH else "terminal"
        if path.startswith(f"{CATALOG_IMAGES_PATH}/"):
            # Catalog pictures: the tills fetch them with their own token.
            return "terminal or admin"
        if path.startswith(f"{ADMIN_PREFIX}/") or path == ADMIN_PREFIX:
            return "admin"
        if self.docs_need_admin and path in DOC_PATHS:
            return "admin"
        return None

    def body_cap(self, method: str, path: str) -> int:
        settings = self.ctx.settings
        if method == "POST" and path == PUSH_PATH:
            return settings.max_push_body_bytes
        if method == "POST" and path in IMPORT_PATHS:
            return settings.max_import_body_bytes
        return settings.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = _route_path(scope), str(scope["method"])
        if path.startswith(RECEIPT_PREFIX):
            wait = self.ereceipts.spend(client_key(scope))
            if wait:
                detail = "too many e-receipt requests from this address; try again later"
                header = (b"retry-after", retry_after(wait).encode())
                await send_error(send, 429, "rate_limited", detail, [header])
                return
        headers = Headers(scope=scope)
        needs = self._needs(method, path)
        if needs is not None and not await self._authenticated(needs, scope, headers, send):
            return
        cap = self.body_cap(method, path)
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await send_error(send, 400, "malformed", "Content-Length is not a number")
                return
            if int(declared) > cap:
                await self._too_large(send, cap)
                return
        await self._capped(scope, receive, send, cap)

    async def _authenticated(self, needs: str, scope: Scope, headers: Headers, send: Send) -> bool:
        """Whether the request carries the token ``needs``; answers the refusal if not."""
        scheme, _, token = headers.get("authorization", "").partition(" ")
        status, detail = 401, f"{needs} token required"
        if scheme.lower() == "bearer" and token:
            if len(token) > MAX_TOKEN_CHARS:
                detail = f"invalid {needs} token"
            elif needs != "terminal" and hmac.compare_digest(
                token.encode(), self.ctx.settings.admin_token.encode()
            ):
                return True
            elif needs == "admin":
                detail = "invalid admin token"
            else:
                try:
                    auth = await run_in_threadpool(authenticate_terminal, self.ctx.engine, token)
                except HTTPException as exc:
                    status, detail = exc.status_code, str(exc.detail)
                else:
                    scope[TERMINAL_SCOPE_KEY] = auth
                    return True
        challenge = [(b"www-authenticate", b"Bearer")] if status == 401 else []
        await send_error(send, status, _STATUS_CODES.get(status, "refused"), detail, challenge)
        return False

    async def _too_large(self, send: Send, cap: int) -> None:
        await send_error(send, 413, "too_large", f"request body larger than {cap} bytes")

    async def _capped(self, scope: Scope, receive: Receive, send: Send, cap: int) -> None:
        """Run the app with the body counted; past ``cap`` the app's answer becomes 413."""
        received = 0
        started = False
        replace = False  # the body passed the cap before the app answered: 413 instead

        async def counted() -> Message:
            nonlocal received, replace
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    replace = not started
                    raise BodyTooLarge(cap)
            return message

        async def answer(message: Message) -> None:
            nonlocal started
            if replace:
                return  # the app's answer to a body it never got whole
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, answer)
        except Exception:
            if not replace:
                raise
        if replace:
            await self._too_large(send, cap)
