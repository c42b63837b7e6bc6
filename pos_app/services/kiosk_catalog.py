"""The kiosk's produce grid from the catalog: active products with a PLU and their pictures.

Read on its own connection (not the scan path): the grid is built when it is shown.
"""

from __future__ import annotations

from sqlalchemy import Engine

from pos_app.domain.cart import ProductInfo
from pos_app.storage.queries import catalog as queries


def plu_products(engine: Engine) -> list[tuple[ProductInfo, str | None]]:
    """(product, picture file name or None) of every active product with a PLU, by name."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        return queries.kiosk_plu_products(raw)  # type: ignore[arg-type]
