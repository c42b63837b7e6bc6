"""The backend's HTTP layer: every route, one router per resource under ``routes``.

``router`` holds them all, under their prefixes: the terminals' sync calls under
``/sync/v1`` (``SYNC_PREFIX``), the admin API under ``/api/v1`` (``ADMIN_PREFIX``, bearer
``POS_SERVER_ADMIN_TOKEN``) and the public e-receipt page under ``/r/``. The admin routers
are listed in the order of the API description (a path's routes keep their order too, so
``/stock/movements`` matches before ``/stock/{sku:path}``).

Handlers are thin: validation lives in the request models, rules in the service modules
(``catalog``, ``stock``, ``web_orders``, ``customers``, ``terminals``, ``push``, ``pull``).
Every write runs in one transaction and flushes its pulled changes last; a refused request
writes nothing.
"""

from __future__ import annotations

from fastapi import APIRouter

from sync.protocol import SYNC_PREFIX
from sync.server.api.routes import (
    alarms,
    catalog,
    customer_rights,
    customers,
    dead_letters,
    ereceipt,
    gift_cards,
    kiosks,
    loyalty,
    orders,
    pos_orders,
    products,
    reservations,
    staff_tasks,
    stock,
    stores,
    sync,
    terminals,
)
from sync.server.guard import ADMIN_PREFIX

__all__ = ["ADMIN_PREFIX", "SYNC_PREFIX", "admin_router", "router"]

admin_router = APIRouter()
for resource in (
    stores,
    products,
    catalog,
    stock,
    orders,
    customers,
    customer_rights,
    gift_cards,
    loyalty,
    terminals,
    kiosks,
    pos_orders,
    dead_letters,
    alarms,
    staff_tasks,
):
    admin_router.include_router(resource.router)
admin_router.include_router(catalog.images_router)

router = APIRouter()
router.include_router(sync.router, prefix=SYNC_PREFIX)
router.include_router(kiosks.sync_router, prefix=SYNC_PREFIX)
router.include_router(reservations.router, prefix=SYNC_PREFIX)
router.include_router(admin_router, prefix=ADMIN_PREFIX)
router.include_router(ereceipt.router)
