"""The real app on a bare X server, as dedicated tills and kiosks run it: Xvfb and no window
manager (issue 14, item 18). Keys come from xdotool, like a keyboard-wedge scanner's.

With no window manager nobody activates a window: not the cashier window at start, not the
window under a dialog once it closes. The keyboard then goes to whatever window is under the
pointer (here the customer display, configured on the one screen) or nowhere: shortcuts stop
and scans vanish until someone taps the screen. The app activates its window itself, and
after every dialog the screen's scan target has the keyboard again.

Needs the Debian packages xvfb and xdotool (.ci/run installs them); CI must run this test.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

from pos_app.app import build_services
from tests.fakes import SEED
from tests.ui.conftest import make_till

MILK = SEED[0].barcode or ""
SCREEN = (1280, 800)


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh Xvfb with no window manager; its display name (``:N``, the first free one)."""
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{', '.join(missing)} missing: .ci/run installs xvfb and xdotool")
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install xvfb xdotool)")
    read_end, write_end = os.pipe()
    size = "{}x{}x24".format(*SCREEN)
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()  # written once the server accepts clients
        assert number.isdigit(), "Xvfb did not start"
        name = f":{number}"
        # It says its number once it listens; a client is served a moment later.
        wait_for("the X server", lambda: xdotool(name, "getmouselocation").returncode == 0)
        yield name
    finally:
        server.terminate()
        server.wait(10)


def xdotool(display: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )


def wait_for(what: str, check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def window_shown(display: str, title: str) -> bool:
    return xdotool(display, "search", "--onlyvisible", "--name", title).returncode == 0


def active_window(display: str) -> str:
    """The title of the window the X server gives the keyboard to ("" for none)."""
    done = xdotool(display, "getwindowfocus", "getwindowname")
    return done.stdout.strip() if done.returncode == 0 else ""


def draft_quantities(database: Path) -> list[str]:
    """The quantities of the sale in progress, as the app saved its draft."""
    with closing(sqlite3.connect(database)) as conn:
        row = conn.execute("SELECT cart_json FROM draft_sale").fetchone()
    return [line["quantity"] for line in json.loads(row[0])["lines"]] if row else []


def test_scans_and_shortcuts_work_after_dialogs_with_no_window_manager(
    display: str, tmp_path: Path
) -> None:
    till = make_till(tmp_path / "data", "en")
    services = build_services(till.settings, till.engine)
    services.shifts.open(till.cashier.user_id, 50000)
    services.close()
    database = till.settings.database_path
    till.engine.dispose()

    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_")}
    # The customer display is asked for on the one screen: the pointer rests on it, as on a
    # till whose second screen the pointer was last on.
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", POS_CUSTOMER_DISPLAY="true")
    data_dir = str(till.settings.data_dir)
    log = tmp_path / "app-output.txt"
    with log.open("w") as output:
        app = subprocess.Popen(
            [sys.executable, "-m", "pos_app.cli", "app", "--lang", "en", "--data-dir", data_dir],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for("the cashier window", lambda: window_shown(display, "Cash register"), 30)
        wait_for("the customer display", lambda: window_shown(display, "Customer display"))
        xdotool(display, "mousemove", str(SCREEN[0] - 100), str(SCREEN[1] - 100))
        # No window manager activates it: the app takes the keyboard itself at start.
        wait_for("the keyboard", lambda: active_window(display).startswith("Cash register"))

        def keys(*names: str) -> None:
            xdotool(display, "key", "--delay", "80", *names)

        def scan(code: str) -> None:
            # A keyboard-wedge scanner: 5 ms between keys, then Enter, in one burst (one
            # xdotool run: a second process for the Enter could start later than a scanner's
            # gap on a busy machine, and the run would read as typing).
            xdotool(display, "key", "--delay", "5", *code, "Return")  # digits are keysyms

        # Sign in by keyboard: the first staff tile has the focus; Space, the PIN, Enter.
        keys("space", "4", "8", "2", "6", "Return")
        scan(MILK)
        wait_for("the first scan", lambda: draft_quantities(database) == ["1"])

        # F1 help, Esc: the dialog closes, and the next scan still reaches the sale.
        keys("F1")
        wait_for("the help", lambda: window_shown(display, "Keyboard shortcuts"))
        keys("Escape")
        wait_for("the help to close", lambda: not window_shown(display, "Keyboard shortcuts"))
        scan(MILK)
        wait_for("the scan after a dialog", lambda: draft_quantities(database) == ["2"])

        # A shortcut after a dialog (it needs an active window): F3, the quantity, Enter.
        keys("F3")
        wait_for("the quantity dialog", lambda: window_shown(display, "Quantity"))
        keys("5", "Return")
        wait_for("the new quantity", lambda: draft_quantities(database) == ["5"])
        scan(MILK)
        wait_for("the scan after a second dialog", lambda: draft_quantities(database) == ["6"])

        # Quit (item 11) with a sale open: Ctrl+Q asks for a manager's PIN (the draft is
        # kept); once given, every window closes and the app ends.
        keys("ctrl+q")
        wait_for("the manager's approval", lambda: window_shown(display, "Approval"))
        keys("7", "3", "9", "1", "6", "4", "Return")
        assert app.wait(20) == 0
        assert draft_quantities(database) == ["6"]
        assert not window_shown(display, "Customer display")
    except AssertionError as failure:
        app.kill()
        app.wait(20)
        said = log.read_text(errors="replace")
        raise AssertionError(f"{failure}\n--- what the app said:\n{said}") from None
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(20)
