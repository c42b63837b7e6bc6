"""``/api/v1/catalog``: the catalog as a whole: a CSV import and a summary; and the catalog's
pictures (``images_router``: a terminal's token or the admin's)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from sync.catalog_csv import CatalogCsvError, gtin_check_digit
from sync.catalog_images import image_file, media_type
from sync.protocol.fields import IMAGE_NAME_PATTERN, IMAGE_TYPES
from sync.server.api.routes.products import UpsertCounts
from sync.server.catalog import import_catalog_csv
from sync.server.deps import Admin, CatalogReader, Ctx
from sync.server.errors import ServerError
from sync.server.openapi import refusals
from sync.server.schema import product

router = APIRouter(dependencies=[Admin], tags=["admin"])
# Tills fetch pictures with their own token (sync.server.guard lets the admin's through too).
images_router = APIRouter(dependencies=[CatalogReader], tags=["catalog"])

ImageName = Annotated[
    str,
    Path(
        max_length=200,
        pattern=IMAGE_NAME_PATTERN,
        description="a picture's file name, as in the catalog's image column",
    ),
]


class CatalogSummary(BaseModel):
    products: int
    max_version: int
    last_change_at: datetime | None


class CsvProblem(BaseModel):
    line: int = Field(description="physical line of the file (1: header, 0: the whole file)")
    column: str
    message: str


class CsvRejected(BaseModel):
    error: Literal["invalid_csv"]
    detail: str
    errors: list[CsvProblem]


def ean13_example() -> str:
    """A valid EAN-13 for the API description's example CSV."""
    body = "869000000042"
    return body + gtin_check_digit(body)


@router.post(
    "/catalog/csv",
    response_model=UpsertCounts,
    responses={422: {"model": CsvRejected, "description": "every problem of the file, by line"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {
                    "schema": {"type": "string"},
                    "example": "sku,name,price,vat_rate,barcodes\nCSV-1,Örnek çay,12.50,20,"
                    + ean13_example()
                    + "\n",
                }
            },
            "description": "the CSV of `pos import-catalog` (see sync.catalog_csv)",
        }
    },
)
async def post_catalog_csv(request: Request, ctx: Ctx) -> UpsertCounts | JSONResponse:
    """Import a catalog CSV: validated whole, nothing written on any error; every bad line is
    listed with its column and value. A file over ``POS_SERVER_MAX_IMPORT_BODY_BYTES`` is 413
    (``sync.server.guard``, before it is read)."""
    data = await request.body()
    try:
        counts = await run_in_threadpool(import_catalog_csv, ctx.engine, data, ctx.clock())
    except CatalogCsvError as exc:
        shown = exc.errors[:200]
        body = "\n".join(str(e) for e in shown)
        more = len(exc.errors) - len(shown)
        return JSONResponse(
            status_code=422,
            content={
                "error": "invalid_csv",
                "detail": f"{len(exc.errors)} problem(s) found, nothing was imported:\n{body}"
                + (f"\n... and {more} more" if more else ""),
                "errors": [e.as_dict() for e in shown],
            },
        )
    return UpsertCounts(**counts)


@router.get("/catalog", response_model=CatalogSummary)
def catalog_summary(ctx: Ctx) -> CatalogSummary:
    """How many products, the highest version and when the catalog last changed."""
    with ctx.engine.connect() as conn:
        count = int(conn.execute(select(func.count()).select_from(product)).scalar_one())
        version = int(
            conn.execute(select(func.coalesce(func.max(product.c.version), 0))).scalar_one()
        )
        # The newest row rather than max(): aggregates lose the column's UTC type on SQLite.
        changed: datetime | None = conn.execute(
            select(product.c.updated_at).order_by(product.c.updated_at.desc()).limit(1)
        ).scalar()
    return CatalogSummary(products=count, max_version=version, last_change_at=changed)


@images_router.get(
    "/catalog/images/{name}",
    response_class=FileResponse,
    responses={
        200: {
            "description": "the picture",
            "content": {
                kind: {"schema": {"type": "string", "format": "binary"}}
                for kind in sorted(set(IMAGE_TYPES.values()))
            },
        },
        **refusals({404: "no such picture in the backend's images folder (unknown_image)"}),
    },
)
def catalog_image(name: ImageName, ctx: Ctx) -> FileResponse:
    """A catalog picture from ``POS_SERVER_IMAGES_DIR`` (``pos server import-catalog
    --images`` puts them there). Only a file directly in that folder is served: the name is
    a plain file name, and a link pointing outside the folder is not followed."""
    path = image_file(ctx.settings.effective_images_dir, name)
    if path is None:
        raise ServerError(404, "unknown_image", f"no catalog picture {name!r}")
    return FileResponse(path, media_type=media_type(name))
