"""FastAPI dependencies: the server context, terminal and admin authentication."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, select, update

from sync.protocol import PROTOCOL_HEADER, SUPPORTED_PROTOCOLS
from sync.server.context import ServerContext
from sync.server.ids import token_hash
from sync.server.schema import store, terminal

_bearer = HTTPBearer(auto_error=False)


def get_context(request: Request) -> ServerContext:
    ctx: ServerContext = request.app.state.ctx
    return ctx


Ctx = Annotated[ServerContext, Depends(get_context)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def require_admin(ctx: Ctx, credentials: Credentials) -> None:
    """The admin API's bearer token (``POS_SERVER_ADMIN_TOKEN``)."""
    if credentials is None:
        raise _unauthorized("admin token required")
    if not hmac.compare_digest(credentials.credentials.encode(), ctx.settings.admin_token.encode()):
        raise _unauthorized("invalid admin token")


@dataclass(frozen=True, slots=True)
class TerminalAuth:
    terminal_id: str
    terminal_code: str
    store_id: str
    store_code: str


def require_protocol(
    x_pos_protocol: Annotated[str | None, Header(alias=PROTOCOL_HEADER)] = None,
) -> int:
    """Every sync call names its protocol version; 426 for one this server does not speak."""
    try:
        version = int(x_pos_protocol or "")
    except ValueError:
        version = 0
    if version not in SUPPORTED_PROTOCOLS:
        raise HTTPException(
            426,
            detail=f"protocol version {x_pos_protocol!r} not supported; "
            f"this server speaks {list(SUPPORTED_PROTOCOLS)}",
        )
    return version


# Where sync.server.guard leaves the terminal it authenticated before the body was read.
TERMINAL_SCOPE_KEY = "pos.terminal"


def authenticate_terminal(engine: Engine, token: str) -> TerminalAuth:
    """The terminal holding ``token``: 401 for an unknown token, 403 for a revoked one."""
    with engine.connect() as conn:
        row = conn.execute(
            select(terminal.c.id, terminal.c.code, terminal.c.revoked_at, store.c.id, store.c.code)
            .join(store, store.c.id == terminal.c.store_id)
            .where(terminal.c.token_hash == token_hash(token))
        ).first()
    if row is None:
        raise _unauthorized("unknown terminal token")
    if row[2] is not None:
        raise HTTPException(403, detail="this terminal's enrolment was revoked")
    return TerminalAuth(str(row[0]), str(row[1]), str(row[3]), str(row[4]))


def require_terminal(request: Request, ctx: Ctx, credentials: Credentials) -> TerminalAuth:
    """A terminal's bearer token, as issued at enrolment and not revoked."""
    checked = request.scope.get(TERMINAL_SCOPE_KEY)
    if isinstance(checked, TerminalAuth):
        return checked
    if credentials is None:
        raise _unauthorized("terminal token required")
    return authenticate_terminal(ctx.engine, credentials.credentials)


def require_catalog_reader(request: Request, ctx: Ctx, credentials: Credentials) -> None:
    """A terminal's bearer token or the admin's: who may fetch catalog pictures."""
    if isinstance(request.scope.get(TERMINAL_SCOPE_KEY), TerminalAuth):
        return
    if credentials is None:
        raise _unauthorized("terminal or admin token required")
    given = credentials.credentials.encode()
    if hmac.compare_digest(given, ctx.settings.admin_token.encode()):
        return
    authenticate_terminal(ctx.engine, credentials.credentials)


def touch_terminal(ctx: ServerContext, auth: TerminalAuth, clock_offset_ms: int | None) -> None:
    """Record when a terminal was last seen (and its clock offset, from hello)."""
    values: dict[str, object] = {"last_seen_at": ctx.clock()}
    if clock_offset_ms is not None:
        values["clock_offset_ms"] = clock_offset_ms
    with ctx.engine.begin() as conn:
        conn.execute(update(terminal).where(terminal.c.id == auth.terminal_id).values(**values))


Admin = Depends(require_admin)
Terminal = Annotated[TerminalAuth, Depends(require_terminal)]
Protocol = Depends(require_protocol)
CatalogReader = Depends(require_catalog_reader)
