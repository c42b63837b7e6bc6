"""The public e-receipt page: ``GET /r/{token}`` and ``/r/{token}/print`` (no token needed:
the signed token in the path is the key; ``sync.server.ereceipt`` renders the page)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from sync.server.deps import Ctx
from sync.server.ereceipt import Page, render

router = APIRouter(tags=["e-receipt"])


def _respond(page: Page, status: int = 200) -> HTMLResponse:
    return HTMLResponse(page.html, status_code=status, headers=page.headers)


_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "the receipt, or 'appears shortly'"},
    404: {"content": {"text/html": {}}, "description": "no such receipt (one page for all)"},
}


@router.get("/r/{token}", response_class=HTMLResponse, responses=_RESPONSES)
def ereceipt(
    token: str,
    ctx: Ctx,
    request: Request,
    view: Annotated[str, Query(description="'print' for the print / PDF view")] = "",
) -> HTMLResponse:
    """The e-receipt for a customer's phone; ``?view=print`` gives the print / PDF view."""
    page, status = render(
        ctx.engine,
        token,
        print_view=view == "print",
        root_path=_root(request),
        claim_url=ctx.settings.web_shop_claim_url,
        today=ctx.clock().date(),
    )
    return _respond(page, status)


@router.get("/r/{token}/print", response_class=HTMLResponse, responses=_RESPONSES)
def ereceipt_print(token: str, ctx: Ctx, request: Request) -> HTMLResponse:
    """The e-receipt laid out as an 80 mm receipt, with a print / save-as-PDF button."""
    page, status = render(
        ctx.engine, token, print_view=True, root_path=_root(request), today=ctx.clock().date()
    )
    return _respond(page, status)


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


@router.get("/r/{anything:path}", include_in_schema=False)
def ereceipt_other(anything: str, ctx: Ctx, request: Request) -> HTMLResponse:
    """Anything else under /r/ (slashes, extra segments): the same neutral 404, same lookups."""
    page, status = render(ctx.engine, anything, print_view=False, root_path=_root(request))
    return _respond(page, status)
