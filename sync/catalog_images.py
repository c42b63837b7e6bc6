"""Catalog pictures on disk: the kiosk's produce-grid images, named by the catalog's
``image`` column (``sync.catalog_csv``) and kept flat in one images folder.

Shared by the backend (serving them, ``pos server import-catalog --images``), the till (the
sync worker fetching missing ones, the produce grid finding them) and the demo. A name is only
ever looked up inside its folder: it must be a picture's file name
(``sync.protocol.fields.IMAGE_NAME_PATTERN``), and the resolved file must lie inside the
folder (a link pointing out is refused).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sync.private_files import make_private_dir, write_private
from sync.protocol.fields import IMAGE_TYPES, is_image_name

MAX_IMAGE_BYTES = 2 * 1024 * 1024  # a till fetches at most this much per picture
_MAGIC = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def media_type(name: str) -> str:
    """The content type of a picture's file name (``image/png``...)."""
    return IMAGE_TYPES[name.rsplit(".", 1)[-1]]


def looks_like(name: str, data: bytes) -> bool:
    """Whether ``data`` starts as the format its name's extension says (not an HTML error
    page saved as ``elma.png``)."""
    extension = name.rsplit(".", 1)[-1]
    if extension == "webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return any(data.startswith(magic) for magic in _MAGIC.get(extension, ()))


def image_file(folder: Path, name: str | None) -> Path | None:
    """The picture ``name`` in ``folder`` when it is a file there, else None (no name, not a
    picture's name, missing, or resolving outside ``folder``)."""
    if not name or not is_image_name(name):
        return None
    try:
        root = folder.resolve()
        path = (root / name).resolve()
    except (OSError, RuntimeError):  # a link loop
        return None
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def save_image(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as picture ``name`` in ``folder`` (created 0700), atomically.

    ``ValueError`` naming the problem for a bad name, an oversized or a garbled picture.
    """
    if not is_image_name(name):
        raise ValueError(f"{name!r} is not a picture's file name")
    if len(data) > MAX_IMAGE_BYTES:
        raise ValueError(f"{name}: {len(data)} bytes, more than {MAX_IMAGE_BYTES}")
    if not looks_like(name, data):
        raise ValueError(f"{name}: the content is not a {name.rsplit('.', 1)[-1]} picture")
    make_private_dir(folder)
    path = folder / name
    write_private(path, data)
    return path


@dataclass
class CopyReport:
    """What ``copy_images`` did, by file name."""

    copied: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # named, but not in the source folder
    refused: list[str] = field(default_factory=list)  # "name: why"


def copy_images(source: Path, target: Path, names: Iterable[str]) -> CopyReport:
    """Copy the pictures ``names`` from ``source`` into ``target`` (skipping those already
    there with the same size); each is checked as ``save_image`` checks a fetched one."""
    report = CopyReport()
    for name in sorted(set(names)):
        found = image_file(source, name)
        if found is None:
            report.missing.append(name)
            continue
        existing = image_file(target, name)
        if existing is not None and existing.stat().st_size == found.stat().st_size:
            continue
        size = found.stat().st_size
        if size > MAX_IMAGE_BYTES:
            report.refused.append(f"{name}: {size} bytes, more than {MAX_IMAGE_BYTES}")
            continue
        try:
            save_image(target, name, found.read_bytes())
        except (OSError, ValueError) as exc:
            report.refused.append(str(exc) if isinstance(exc, ValueError) else f"{name}: {exc}")
            continue
        report.copied.append(name)
    return report
