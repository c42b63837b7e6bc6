"""The e-receipt in a real browser: a uvicorn server in a thread, headless Chromium taking
phone-sized screenshots of a Turkish and an English receipt.

Skips when Chromium is not installed, unless CI is set (then a missing browser fails).
``POS_SAVE_SCREENSHOTS=1`` copies the screenshots to docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from PIL import Image

from tests.server.conftest import make_backend
from tests.server.test_ereceipt import STORE_NAME, Samples, seed

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
WIDTH, HEIGHT = 412, 1400


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        reason = "headless Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{reason}, and CI is set: the browser test must run in CI")
        pytest.skip(reason)
    return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Samples]]:
    """A real uvicorn server on a free port, over a SQLite backend with sample receipts."""
    backend = make_backend(f"sqlite:///{tmp_path / 'backend.db'}", tmp_path)
    samples = seed(backend)
    config = uvicorn.Config(
        backend.client.app,
        host="127.0.0.1",
        port=0,
        lifespan="off",
        ws="none",
        log_level="warning",
        access_log=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-ereceipt", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            pytest.fail("uvicorn did not start within 20 s")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", samples
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        backend.engine.dispose()


def _screenshot(chromium: str, url: str, target: Path, profile: Path) -> None:
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
        f"--screenshot={target}",
        url,
    ]
    env = os.environ | {"HOME": str(profile)}
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert target.exists(), result.stderr[-2000:]


def _assert_not_blank(path: Path) -> None:
    with Image.open(path) as image:
        assert image.size == (WIDTH, HEIGHT)
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20)
        assert colours is None or len(colours) > 1, "the screenshot is one flat colour"
        grey = rgb.convert("L")
        dark = sum(grey.histogram()[:90])
        assert dark > 2000, f"only {dark} dark pixels: is there any text?"


@pytest.mark.parametrize(
    ("language", "attr", "expected"),
    [
        ("tr", "tr_sale", "1.554,28 ₺"),
        ("en", "en_sale", "₺1,345.00"),
        ("tr-refund", "tr_refund", "Orijinal fiş"),
        ("en-refund", "en_refund", "Original receipt"),
    ],
)
def test_receipt_screenshot(
    served: tuple[str, Samples], tmp_path: Path, language: str, attr: str, expected: str
) -> None:
    chromium = _chromium()
    base, samples = served
    url = f"{base}/r/{getattr(samples, attr)}"
    # the real server answers over the network first
    response = httpx.get(url, timeout=10)
    assert response.status_code == 200
    assert STORE_NAME in response.text and expected in response.text
    target = tmp_path / f"ereceipt-{language}.png"
    _screenshot(chromium, url, target, tmp_path / "profile")
    _assert_not_blank(target)
    if os.environ.get("POS_SAVE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, SCREENSHOTS / f"ereceipt-{language}.png")


def test_pending_and_print_views_render(served: tuple[str, Samples], tmp_path: Path) -> None:
    """The other two layouts also draw something in a real browser."""
    from sync.receipt_token import make_token

    chromium = _chromium()
    base, samples = served
    for name, path in (
        ("pending", f"/r/{make_token(samples.key, 'tr')}"),
        ("print", f"/r/{samples.en_sale}/print"),
    ):
        target = tmp_path / f"{name}.png"
        _screenshot(chromium, base + path, target, tmp_path / "profile")
        if name == "print":
            _assert_not_blank(target)
        else:
            _assert_some_ink(target)


def _assert_some_ink(path: Path) -> None:
    with Image.open(path) as image:
        grey = image.convert("L")
        assert sum(grey.histogram()[:90]) > 300
