"""Before the window opens: are the system libraries Qt needs on this machine?

The PySide6 wheel brings Qt but not the X11/xcb, OpenGL and font libraries it links against.
On a fresh Debian or Ubuntu some are missing, and Qt then stops with a message that blames
``libxcb-cursor0`` whatever is really missing. ``missing_libraries`` loads the Qt libraries and
the platform plugin that will be used before Qt does; when one does not load, it asks the
dynamic linker (``ldd``) what they cannot find, and ``install_hint`` turns that into the one
``apt-get install`` line that fixes it.
"""

from __future__ import annotations

import ctypes
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# The shared libraries Qt's libraries and platform plugins link against, with the Debian and
# Ubuntu package that provides each (the same names on Debian 12/13 and Ubuntu 22.04/24.04;
# where 24.04 renamed one for 64-bit time, the old name still installs it).
DEBIAN_PACKAGES: Mapping[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libz.so.1": "zlib1g",
}

# Every package a cashier app needs on a Debian/Ubuntu machine without a desktop, as the README
# lists them: the libraries above for the X11 (xcb) platform, and the theme's font (DejaVu
# Sans has every Turkish letter and ₺).
README_PACKAGES = (
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0",
    "libdbus-1-3",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxcb-glx0",
    "fonts-dejavu-core",
)


@dataclass(frozen=True, slots=True)
class MissingLibraries:
    """What the dynamic linker could not find, and for which platform."""

    platform: str
    libraries: tuple[str, ...]

    @property
    def packages(self) -> list[str]:
        """The Debian/Ubuntu packages that provide them, each once, in order."""
        seen: dict[str, None] = {}
        for library in self.libraries:
            package = DEBIAN_PACKAGES.get(library)
            if package is not None:
                seen.setdefault(package, None)
        return list(seen)

    @property
    def unknown(self) -> list[str]:
        return [library for library in self.libraries if library not in DEBIAN_PACKAGES]


def qt_platform(environ: Mapping[str, str]) -> str:
    """The platform plugin Qt will load: ``QT_QPA_PLATFORM`` (its first choice), else Wayland
    in a Wayland session, else X11 (xcb)."""
    chosen = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def installed_qt_dir() -> Path | None:
    """The `Qt` directory of the installed PySide6 wheel (its libraries and plugins)."""
    # find_spec reads no Qt library: PySide6's __init__ is not run.
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def qt_files(platform: str, qt_dir: Path) -> list[Path]:
    """The Qt libraries the app loads, and the platform plugin for ``platform``."""
    files = [qt_dir / "lib" / f"libQt6{name}.so.6" for name in ("Core", "Gui", "Widgets")]
    plugin = qt_dir / "plugins" / "platforms" / f"libq{platform}.so"
    if plugin.exists():
        files.append(plugin)
    return [path for path in files if path.exists()]


def parse_ldd(output: str) -> list[str]:
    """The libraries ``ldd`` reports as ``name => not found``, each once, in order."""
    missing: dict[str, None] = {}
    for line in output.splitlines():
        name, _, where = line.strip().partition("=>")
        if where.strip() == "not found":
            missing.setdefault(name.strip(), None)
    return list(missing)


def loads(files: list[Path]) -> bool:
    """Whether the dynamic linker loads every file with what it needs: the quick answer at
    each start (Qt loads these libraries next anyway); ``ldd`` then names what is missing."""
    for path in files:
        try:
            ctypes.CDLL(str(path), mode=os.RTLD_LAZY)
        except OSError:
            return False
    return True


def missing_libraries(
    environ: Mapping[str, str] | None = None,
    *,
    qt_dir: Path | None = None,
    ldd: str | None = None,
) -> MissingLibraries | None:
    """The libraries Qt needs here that cannot be found, or None when nothing is missing (or
    this is not a Linux with ``ldd``, where nothing can be checked this way)."""
    environ = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    ldd = ldd or shutil.which("ldd")
    qt_dir = qt_dir or installed_qt_dir()
    if ldd is None or qt_dir is None:
        return None
    platform = qt_platform(environ)
    files = qt_files(platform, qt_dir)
    if not files or loads(files):
        return None
    try:
        done = subprocess.run(
            [ldd, *map(str, files)], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("Could not check Qt's system libraries with ldd: %s", error)
        return None
    missing = parse_ldd(done.stdout)
    return MissingLibraries(platform, tuple(missing)) if missing else None


def no_display_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why no window can open on X11 here (no ``DISPLAY``), or None."""
    environ = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or qt_platform(environ) != "xcb":
        return None
    if environ.get("DISPLAY"):
        return None
    return (
        "error: no screen to open the window on: DISPLAY is not set. Start it from the till's "
        "graphical session (or its kiosk service), or try it without a screen with "
        "QT_QPA_PLATFORM=offscreen."
    )


def install_hint(missing: MissingLibraries) -> str:
    """What to tell the person starting the app: what is missing and the line that fixes it."""
    lines = [
        f"error: Qt cannot open a window ({missing.platform}): this machine lacks "
        + ", ".join(missing.libraries)
        + "."
    ]
    if missing.packages:
        lines.append("On Debian or Ubuntu, install them with:")
        lines.append("  sudo apt-get install -y " + " ".join(missing.packages))
    if missing.unknown:
        lines.append(
            "Find the package of " + ", ".join(missing.unknown) + " with `apt-file search NAME` "
            "(or your system's package search)."
        )
    return "\n".join(lines)


def packages_line(packages: Iterable[str] = README_PACKAGES) -> str:
    return "sudo apt-get install -y " + " ".join(packages)
