"""The files the app ships inside its package: the theme, the translation sources, the demo
catalog, its produce pictures and the demo logo.

They are found through ``importlib.resources``, so an installed wheel finds them as a checkout
does; nothing here depends on where the repository is. Each function returns a path on disk,
because those who read them need one: Qt loads the combo arrow by URL, ``lrelease`` compiles
the ``.ts`` files, ``config.toml`` keeps the logo's path. On an ordinary install that path is
the file inside the package; from a zip it would be a copy that lives until the process exits.
"""

from __future__ import annotations

import atexit
import functools
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

_extracted = ExitStack()
atexit.register(_extracted.close)


@functools.cache
def _on_disk(*parts: str) -> Path:
    """A bundled file or folder, by its path below this package, as a path on disk."""
    resource = files(__name__).joinpath(*parts)
    return Path(_extracted.enter_context(as_file(resource))).resolve()


def style_file() -> Path:
    """The app's theme (a Qt style sheet)."""
    return _on_disk("styles", "pos.qss")


def combo_arrow_file() -> Path:
    """The drop-down arrow of the manager screens' combo boxes (SVG)."""
    return _on_disk("styles", "combo_arrow.svg")


def translations_dir() -> Path:
    """The folder of the ``.ts`` translation sources (compiled to ``.qm`` at start-up)."""
    return _on_disk("translations")


def demo_catalog() -> Path:
    """The demo store's product catalog (CSV, the import format)."""
    return _on_disk("demo", "catalog.csv")


def demo_images_dir() -> Path:
    """The folder of the demo catalog's produce pictures (PNG, named by its image column)."""
    return _on_disk("demo", "images")


def demo_logo() -> Path:
    """The demo store's receipt logo (PNG)."""
    return _on_disk("logo", "demo-logo.png")
