"""``create_app(settings)``: the backend as a FastAPI application (no import-time engine)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import timedelta

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text
from starlette.concurrency import run_in_threadpool

from sync.protocol import SYNC_PREFIX
from sync.server import admin_api, ereceipt, returns, sync_api
from sync.server.context import ServerContext
from sync.server.db import make_engine, migrate, write_tx
from sync.server.errors import Rejected, ServerError
from sync.server.pull import prune_changes
from sync.server.redact import install_log_redaction
from sync.server.settings import ServerSettings

log = logging.getLogger(__name__)


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
        raise ConfigurationError("; ".join(problems))
    install_log_redaction()
    engine = engine or make_engine(settings.effective_database_url, pool_size=settings.pool_size)
    if run_migrations:
        migrate(engine)
    with write_tx(engine) as conn:  # the appliers read the return window from the database
        returns.store_policy(conn, settings)
    ctx = ServerContext(settings=settings, engine=engine, base_url=base_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(_prune_forever(ctx))
        try:
            yield
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    app = FastAPI(
        lifespan=lifespan,
        title="pos-omni backend",
        version="1",
        description="Reference online backend: terminal sync, admin API and e-receipts.",
    )
    app.state.ctx = ctx

    @app.exception_handler(RequestValidationError)
    async def _malformed(request: Request, exc: RequestValidationError) -> JSONResponse:
        # 400 for a malformed envelope (SYNC.md), with what was wrong.
        return JSONResponse(
            status_code=400 if request.url.path.startswith(SYNC_PREFIX) else 422,
            content={"error": "malformed", "detail": jsonable_errors(exc)},
        )

    @app.exception_handler(ServerError)
    async def _refused(request: Request, exc: ServerError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status, content={"error": exc.code, "detail": exc.detail}
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

    app.include_router(sync_api.router, prefix=SYNC_PREFIX)
    app.include_router(admin_api.router, prefix="/api/v1")
    app.include_router(ereceipt.router)
    return app


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
        await asyncio.sleep(PRUNE_INTERVAL_S)


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, object]]:
    return [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in exc.errors()
    ]


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory sync.server.app:app_from_env`` (settings from env)."""
    import os

    return create_app(ServerSettings(), base_url=os.environ.get("POS_SERVER_BASE_URL", ""))
