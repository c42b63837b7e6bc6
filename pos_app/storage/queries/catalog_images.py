"""The catalog pictures the till's products name (``services.catalog_images``)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from pos_app.storage.tables import table


def referenced_images(conn: Connection) -> list[str]:
    """The picture file names of active products, sorted."""
    p = table("product")
    query = select(p.c.image).where(p.c.image.is_not(None), p.c.active).distinct()
    names: list[str | None] = list(conn.execute(query).scalars())
    return sorted(str(name) for name in names if name)
