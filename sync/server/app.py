"""``create_app(settings)``: the backend as a FastAPI application (no import-time engine)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text

from sync.protocol import SYNC_PREFIX
from sync.server import admin_api, ereceipt, sync_api
from sync.server.context import ServerContext
from sync.server.db import make_engine, migrate
from sync.server.errors import ServerError
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
    engine = engine or make_engine(settings.effective_database_url, pool_size=settings.pool_size)
    if run_migrations:
        migrate(engine)
    app = FastAPI(
        title="pos-omni backend",
        version="1",
        description="Reference online backend: terminal sync, admin API and e-receipts.",
    )
    app.state.ctx = ServerContext(settings=settings, engine=engine, base_url=base_url)

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

    app.include_router(sync_api.router, prefix=SYNC_PREFIX)
    app.include_router(admin_api.router, prefix="/api/v1")
    app.include_router(ereceipt.router)
    return app


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, object]]:
    return [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in exc.errors()
    ]


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory sync.server.app:app_from_env`` (settings from env)."""
    import os

    return create_app(ServerSettings(), base_url=os.environ.get("POS_SERVER_BASE_URL", ""))
