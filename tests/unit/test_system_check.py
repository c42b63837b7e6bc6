"""The start-up check of Qt's system libraries (issue 14, item 23): what ``ldd`` cannot find
becomes one ``apt-get install`` line, ``pos app`` and ``pos demo`` say it before Qt aborts,
and the README lists every package the Qt libraries and the X11 plugin link against."""

from __future__ import annotations

import csv
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pos_app.resources import demo_catalog
from pos_app.system_check import (
    DEBIAN_PACKAGES,
    README_PACKAGES,
    MissingLibraries,
    install_hint,
    installed_qt_dir,
    loads,
    missing_libraries,
    no_display_problem,
    packages_line,
    parse_ldd,
    qt_platform,
)

REPO = Path(__file__).resolve().parents[2]
# Part of every Debian/Ubuntu system (libc6, libgcc-s1, libstdc++6, and zlib1g and libzstd1,
# which dpkg and apt need): never missing where Python runs.
BASE_LIBRARIES = {
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
    "libresolv.so.2",
    "libz.so.1",
    "libzstd.so.1",
    "libc.so.6",
    "libm.so.6",
    "libgcc_s.so.1",
    "libstdc++.so.6",
    "libdl.so.2",
    "libpthread.so.0",
    "librt.so.1",
}

LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibfoo-unknown.so.3 => not found
"""


def fake_qt(root: Path) -> Path:
    """A PySide6 ``Qt`` directory with empty files where the libraries and plugins are."""
    qt = root / "Qt"
    (qt / "lib").mkdir(parents=True)
    (qt / "plugins" / "platforms").mkdir(parents=True)
    for name in ("Core", "Gui", "Widgets"):
        (qt / "lib" / f"libQt6{name}.so.6").touch()
    for plugin in ("xcb", "offscreen", "wayland"):
        (qt / "plugins" / "platforms" / f"libq{plugin}.so").touch()
    return qt


def fake_ldd(directory: Path, output: str) -> Path:
    """An ``ldd`` that prints ``output`` and records the files it was asked about."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / "ldd"
    (directory / "output.txt").write_text(output, encoding="utf-8")
    script.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > "{directory}/asked.txt"\ncat "{directory}/output.txt"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_parse_ldd_lists_each_missing_library_once_in_order() -> None:
    assert parse_ldd(LDD_OUTPUT) == [
        "libxcb-icccm.so.4",
        "libxcb-keysyms.so.1",
        "libfoo-unknown.so.3",
    ]


def test_install_hint_is_one_apt_get_line_with_the_right_packages() -> None:
    missing = MissingLibraries("xcb", ("libxcb-icccm.so.4", "libxcb-keysyms.so.1"))
    hint = install_hint(missing)
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in hint
    apt_lines = [line for line in hint.splitlines() if "apt-get install" in line]
    assert apt_lines == ["  sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1"]
    # Qt's own message blames libxcb-cursor0 whatever is missing; ours names the real ones.
    assert "cursor" not in hint


def test_unknown_libraries_are_named_with_a_way_to_find_them() -> None:
    hint = install_hint(MissingLibraries("xcb", ("libglib-2.0.so.0", "libfoo-unknown.so.3")))
    assert "sudo apt-get install -y libglib2.0-0" in hint
    assert "libfoo-unknown.so.3" in hint.splitlines()[-1]
    assert "apt-file search" in hint


@pytest.mark.parametrize(
    ("environ", "platform"),
    [
        ({}, "xcb"),
        ({"QT_QPA_PLATFORM": "offscreen"}, "offscreen"),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "wayland"),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "vnc"),
        ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "wayland"),
        ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "x11"}, "xcb"),
    ],
)
def test_the_platform_qt_will_load(environ: dict[str, str], platform: str) -> None:
    assert qt_platform(environ) == platform


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd is Linux's")
def test_missing_libraries_asks_ldd_about_qt_and_the_platform_plugin(tmp_path: Path) -> None:
    qt = fake_qt(tmp_path)
    ldd = fake_ldd(tmp_path / "bin", LDD_OUTPUT)
    missing = missing_libraries({}, qt_dir=qt, ldd=str(ldd))
    assert missing == MissingLibraries(
        "xcb", ("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libfoo-unknown.so.3")
    )
    asked = (tmp_path / "bin" / "asked.txt").read_text(encoding="utf-8").split()
    assert [Path(name).name for name in asked] == [
        "libQt6Core.so.6",
        "libQt6Gui.so.6",
        "libQt6Widgets.so.6",
        "libqxcb.so",
    ]
    missing_libraries({"QT_QPA_PLATFORM": "offscreen"}, qt_dir=qt, ldd=str(ldd))
    asked = (tmp_path / "bin" / "asked.txt").read_text(encoding="utf-8").split()
    assert Path(asked[-1]).name == "libqoffscreen.so"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd is Linux's")
def test_nothing_missing_is_none(tmp_path: Path) -> None:
    ldd = fake_ldd(tmp_path / "bin", "\tlibxcb.so.1 => /lib/libxcb.so.1 (0x1)\n")
    assert missing_libraries({}, qt_dir=fake_qt(tmp_path), ldd=str(ldd)) is None


def test_no_display_on_x11_is_said_plainly() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("X11 is checked on Linux")
    problem = no_display_problem({})
    assert problem is not None and "DISPLAY is not set" in problem
    assert no_display_problem({"DISPLAY": ":0"}) is None
    assert no_display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd is Linux's")
@pytest.mark.parametrize("command", [["app"], ["demo"]])
def test_pos_app_and_demo_print_the_install_line_before_qt_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """A machine without two xcb libraries: one clear message, exit 1, nothing set up."""
    from typer.testing import CliRunner

    import pos_app.system_check
    from pos_app.cli import app

    bin_dir = tmp_path / "bin"
    fake_ldd(bin_dir, LDD_OUTPUT)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    # The Qt libraries do not load here (test_loads_fails_on_a_missing_library shows that
    # check for real): the linker is asked what is missing.
    monkeypatch.setattr(pos_app.system_check, "loads", lambda files: False)
    data = tmp_path / "data"
    result = CliRunner().invoke(app, [*command, "--data-dir", str(data)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "  sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1" in result.stderr.splitlines()
    assert not (data / "backend").exists()  # the demo set nothing up


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("gcc") is None,
    reason="builds a shared library with gcc",
)
def test_loads_fails_on_a_missing_library(tmp_path: Path) -> None:
    """The quick check at each start: a library whose dependency is gone does not load."""
    source = tmp_path / "plugin.c"
    source.write_text("int plugin(void) { return 1; }\n", encoding="utf-8")

    def gcc(*args: str) -> None:
        subprocess.run(["gcc", "-shared", "-fPIC", *args, str(source)], check=True, timeout=60)

    gcc("-Wl,-soname,libpos-test-gone.so.4", "-o", str(tmp_path / "libpos-test-gone.so.4"))
    plugin = tmp_path / "libqfake.so"
    # --no-as-needed: keep the dependency although the plugin uses nothing of it.
    gcc("-o", str(plugin), "-Wl,--no-as-needed", f"-L{tmp_path}", "-l:libpos-test-gone.so.4")
    (tmp_path / "libpos-test-gone.so.4").unlink()  # as if its package were not installed
    alone = tmp_path / "libalone.so"
    gcc("-o", str(alone))
    assert loads([alone])
    assert not loads([alone, plugin])
    ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False)
    assert parse_ldd(ldd.stdout) == ["libpos-test-gone.so.4"]


def test_readme_lists_the_packages_of_the_start_up_check() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    one_line = re.sub(r"\s*\\\n\s*", " ", readme)  # the command is wrapped with backslashes
    assert packages_line() in one_line
    assert set(README_PACKAGES) - {"fonts-dejavu-core"} <= set(DEBIAN_PACKAGES.values())


def _needed(path: Path) -> set[str]:
    readelf = shutil.which("readelf")
    assert readelf is not None
    output = subprocess.run(
        [readelf, "-d", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", output))


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("readelf") is None,
    reason="reads the Linux Qt libraries' ELF headers with readelf (binutils)",
)
def test_readme_packages_cover_what_qt_and_its_x11_plugin_link_against() -> None:
    """Every system library that the Qt libraries the window loads, and the X11 plugin, need
    directly comes from a package of the README's line; what those need, apt pulls in."""
    qt = installed_qt_dir()
    assert qt is not None
    loaded = [
        *(qt / "lib" / f"libQt6{name}.so.6" for name in ("Core", "Gui", "Widgets", "XcbQpa")),
        *(qt / "lib" / f"libQt6{name}.so.6" for name in ("DBus", "Svg")),
        qt / "plugins" / "platforms" / "libqxcb.so",
        *(qt / "plugins" / "xcbglintegrations").glob("*.so"),
    ]
    needed: set[str] = set()
    for path in loaded:
        if path.exists():
            needed |= _needed(path)
    system = {
        name
        for name in needed - BASE_LIBRARIES
        if not name.startswith(("libQt6", "libicu"))  # Qt's own, shipped in the wheel
    }
    apt = set(README_PACKAGES)
    uncovered = sorted(name for name in system if DEBIAN_PACKAGES.get(name) not in apt)
    assert uncovered == [], f"add their packages to README_PACKAGES and the README: {uncovered}"


def test_readme_counts_the_demo_catalog() -> None:
    """The README says how many demo products there are; the catalog decides."""
    with demo_catalog().open(encoding="utf-8-sig") as file:
        products = sum(1 for row in csv.DictReader(file) if row.get("sku"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    said = re.search(r"demo store S01 \((\d+) products", readme)
    assert said is not None, "the README no longer says how many demo products there are"
    assert int(said.group(1)) == products
