"""The core (domain, services, storage, devices, sync) must import with Qt absent."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pos_app
import sync

CORE_PACKAGES = ("pos_app.domain", "pos_app.services", "pos_app.storage", "pos_app.devices")


def core_modules() -> list[str]:
    names = ["pos_app.app", "pos_app.cli", "pos_app.config", "pos_app.errors"]
    for package in (pos_app, sync):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.startswith("pos_app.ui") or ".migrations" in info.name:
                continue
            if info.name.endswith(".__main__"):  # runs the program when imported
                continue
            names.append(info.name)
    return sorted(set(names))


def test_core_imports_without_pyside6() -> None:
    modules = core_modules()
    assert any(m.startswith("pos_app.domain.") for m in modules)
    # A meta-path blocker makes any PySide6 import fail, as if Qt were not installed.
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6' or name.startswith('PySide6.'):\n"
        "            raise ImportError('Qt is not available in the core')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert set(CORE_PACKAGES) <= {m.rsplit(".", 1)[0] for m in modules} | set(modules)
