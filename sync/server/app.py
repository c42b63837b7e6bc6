"""``create_app(settings)``: the backend as a FastAPI application (no import-time engine)."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import timedelta

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.utils import is_body_allowed_for_status_code
from sqlalchemy import Engine, text
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from sync.protocol import SYNC_PREFIX
from sync.server import api, epoch_guard, erasure, openapi, returns, value_cards
from sync.server.context import ServerContext
from sync.server.db import make_engine, migrate, write_tx
from sync.server.deps import Admin
from sync.server.errors import Rejected, ServerError
from sync.server.guard import RequestGuard
from sync.server.pull import prune_changes
from sync.server.ratelimit import FailureLimit, RateLimiter
from sync.server.redact import install_log_redaction
from sync.server.settings import ServerSettings, SettingsError, load_settings

log = logging.getLogger(__name__)

# The ``error`` code of a refusal FastAPI or Starlette raise themselves.
HTTP_ERROR_CODES = {
    400: "malformed",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    426: "protocol_unsupported",
}


class ConfigurationError(RuntimeError):
    """The settings must not be served (e.g. production mode with a default secret)."""


def create_app(
    settings: ServerSettings,
    *,
    engine: Engine | None = None,
    run_migrations: bool = True,
    base_url: str = "",
) -> FastAPI:
    """Build the backend: migrate the database, then mount sync, admin and e-receipt routes."""
    problems = settings.problems()
    if problems:
        raise ConfigurationError("refusing to serve in production mode: " + "; ".join(problems))
    install_log_redaction()
    engine = engine or make_engine(settings.effective_database_url, pool_size=settings.pool_size)
    if run_migrations:
        migrate(engine)
    epoch_guard.check(engine, settings.data_dir)
    with write_tx(engine) as conn:  # the appliers read the return window from the database
        returns.store_policy(conn, settings)
        value_cards.store_settings(conn, settings.gift_card_offline_limit_minor)
    ctx = ServerContext(settings=settings, engine=engine, base_url=base_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        tasks = [
            asyncio.create_task(_prune_forever(ctx)),
            asyncio.create_task(_record_state_forever(ctx)),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
            try:
                epoch_guard.refresh(ctx.engine, ctx.settings.data_dir)
            except Exception:  # a stopping server still stops
                log.exception("Recording the database state at shutdown failed")

    public_docs = not settings.production  # in production: the admin token's holder only
    app = FastAPI(
        lifespan=lifespan,
        title="pos-omni backend",
        version="1",
        description="Reference online backend: terminal sync, admin API and e-receipts.",
        openapi_url="/openapi.json" if public_docs else None,
        docs_url="/docs" if public_docs else None,
        redoc_url="/redoc" if public_docs else None,
    )
    app.state.ctx = ctx
    app.state.enrolment_failures = FailureLimit(
        settings.enrolment_max_failures, settings.enrolment_failure_window_s
    )
    ereceipts = RateLimiter(settings.ereceipt_max_requests, settings.ereceipt_window_s)
    app.add_middleware(RequestGuard, ctx=ctx, ereceipts=ereceipts)
    if not public_docs:
        _admin_only_docs(app)

    @app.exception_handler(RequestValidationError)
    async def _malformed(request: Request, exc: RequestValidationError) -> JSONResponse:
        # 400 for a malformed envelope (docs/sync-protocol.md), with what was wrong.
        return JSONResponse(
            status_code=400 if request.url.path.startswith(SYNC_PREFIX) else 422,
            content={"error": "malformed", "detail": jsonable_errors(exc)},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # FastAPI's and Starlette's own refusals (401 from the token checks, 404 and 405 from
        # routing, 426, a body that cannot be read) in the API's ErrorBody shape too.
        if not is_body_allowed_for_status_code(exc.status_code):
            return Response(status_code=exc.status_code, headers=exc.headers)
        code = HTTP_ERROR_CODES.get(exc.status_code, "refused")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return JSONResponse(
            status_code=exc.status_code,
            content={"error": code, "detail": str(exc.detail)},
            headers=headers,
        )

    @app.exception_handler(ServerError)
    async def _refused(request: Request, exc: ServerError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status,
            content={"error": exc.code, "detail": exc.detail},
            headers=exc.headers,
        )

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        """Liveness and database reachability, for load balancers and ``pos demo``."""
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok"}

    @app.exception_handler(Rejected)
    async def _invalid(request: Request, exc: Rejected) -> JSONResponse:
        # A business rule shared with push (e.g. a customer's name) refusing admin input.
        return JSONResponse(status_code=422, content={"error": exc.code, "detail": exc.reason})

    app.include_router(api.router)
    app.openapi = openapi.describe(  # type: ignore[method-assign]
        app, sync_prefix=SYNC_PREFIX, admin_prefix=api.ADMIN_PREFIX
    )
    return app


def _admin_only_docs(app: FastAPI) -> None:
    """/openapi.json, /docs and /redoc behind the admin token (the guard checks it before
    the handlers run; ``Admin`` again here). The pages carry the description inline: they
    cannot fetch it without the token."""

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Admin])
    def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=[Admin])
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{app.title} - Swagger UI",
            swagger_ui_parameters={"spec": app.openapi()},
        )

    @app.get("/redoc", include_in_schema=False, dependencies=[Admin])
    def redoc() -> HTMLResponse:
        # JSON inside <script>: no "<", ">" or "&" may end the element early.
        spec = json.dumps(app.openapi())
        for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
            spec = spec.replace(char, escaped)
        return HTMLResponse(
            '<!DOCTYPE html><html><head><meta charset="utf-8">'
            f'<title>{app.title} - ReDoc</title></head><body><div id="redoc"></div>'
            '<script src="https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js">'
            f"</script><script>Redoc.init({spec}, {{}}, document.getElementById('redoc'))"
            "</script></body></html>"
        )


PRUNE_INTERVAL_S = 3600.0
PRUNE_FIRST_AFTER_S = 60.0  # not at start: a starting server has better things to do


def prune_expired_changes(ctx: ServerContext) -> int:
    """Drop change-log rows older than the retention; a till further behind re-snapshots."""
    cutoff = ctx.clock() - timedelta(days=ctx.settings.change_retention_days)
    with write_tx(ctx.engine) as conn:
        removed = prune_changes(conn, cutoff)
    if removed:
        log.info("Pruned %d change-log rows recorded before %s", removed, cutoff.isoformat())
    return removed


async def _prune_forever(ctx: ServerContext) -> None:
    await asyncio.sleep(PRUNE_FIRST_AFTER_S)
    while True:
        try:
            await run_in_threadpool(prune_expired_changes, ctx)
        except Exception:  # a failed prune is retried next hour; serving goes on
            log.exception("Pruning the change log failed")
        try:
            await run_in_threadpool(returns.expire, ctx)
        except Exception:  # retried next hour: terminals keep the orders a little longer
            log.exception("Taking expired web orders back from the terminals failed")
        try:  # the customer retention setting (sync.server.erasure; 0 days: off)
            await run_in_threadpool(erasure.erase_inactive, ctx)
        except Exception:  # retried next hour
            log.exception("Erasing inactive customers failed")
        await asyncio.sleep(PRUNE_INTERVAL_S)


async def _record_state_forever(ctx: ServerContext) -> None:
    """Keep the restore detector's record current (``epoch_guard``)."""
    while True:
        await asyncio.sleep(epoch_guard.REFRESH_INTERVAL_S)
        try:
            await run_in_threadpool(epoch_guard.refresh, ctx.engine, ctx.settings.data_dir)
        except Exception:  # tried again in a few seconds
            log.exception("Recording the database state failed")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path: Starlette's 405 names only the first
    route's, though GET and POST of one path are two routes."""
    allowed = []
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, object]]:
    return [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in exc.errors()
    ]


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory sync.server.app:app_from_env`` (settings from env).

    A setting that does not parse, or one production refuses, ends the process with one line
    on stderr and exit status 2 (no traceback).
    """
    import os

    try:
        settings = load_settings()
        return create_app(settings, base_url=os.environ.get("POS_SERVER_BASE_URL", ""))
    except (SettingsError, ConfigurationError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.stderr.flush()
        raise SystemExit(2) from None
