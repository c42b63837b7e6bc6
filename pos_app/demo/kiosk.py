"""The demo's self-service kiosk (``pos demo --kiosk``): a second terminal, S01-K01, in its
own data directory next to the demo till, enrolled with the same demo backend, with the demo
staff (their PINs and badges), the produce pictures, a scale stand-in and its day open."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pos_app.app import build_services, open_engine
from pos_app.config import Settings, load_settings
from pos_app.demo.data import DEMO_LOGO, DEMO_STORE, DEMO_USERS, copy_demo_images
from pos_app.services.enrolment import enroll
from pos_app.services.sync_worker import SyncWorker
from pos_app.services.terminal import load_terminal
from sync.private_files import make_private_dir, write_private

KIOSK_DIR_NAME = "kiosk"
DEMO_SCALE = "fake:1250"  # a scale stand-in that always weighs 1.250 kg
BADGES_FILE = "demo-badges.json"
DEMO_PRODUCE_CATEGORY = "Meyve & Sebze"  # the produce grid: fruit and vegetables only


@dataclass(frozen=True, slots=True)
class DemoKiosk:
    settings: Settings
    created: bool
    badges: dict[str, str]  # staff name -> badge code (demo only: type it as a scan)


def kiosk_dir(till_dir: Path) -> Path:
    return till_dir / KIOSK_DIR_NAME


def write_kiosk_config(data_dir: Path) -> None:
    """The kiosk's settings: the demo store's header, the scale stand-in, portrait."""
    path = data_dir / "config.toml"
    if path.exists():
        return
    make_private_dir(data_dir)
    values: dict[str, object] = {
        **DEMO_STORE,
        "receipt_logo": str(DEMO_LOGO),
        "scale_uri": DEMO_SCALE,
        "receipt_default": "ereceipt",
        "kiosk_grid_categories": [DEMO_PRODUCE_CATEGORY],
    }
    lines = ["# Written by `pos demo --kiosk`; every setting is listed in the README."]
    lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    write_private(path, ("\n".join(lines) + "\n").encode())


def setup_demo_kiosk(till_dir: Path, backend_url: str, enrolment_code: str | None) -> DemoKiosk:
    """The demo kiosk in ``till_dir/kiosk``: made and enrolled once (``enrolment_code``
    from ``pos_app.demo.backend.kiosk_enrolment_code``; None when it exists already)."""
    data_dir = kiosk_dir(till_dir)
    write_kiosk_config(data_dir)
    settings = load_settings(data_dir=data_dir)
    engine = open_engine(settings)
    try:
        created = load_terminal(engine) is None
        if created:
            if enrolment_code is None:
                raise ValueError("a new demo kiosk needs an enrolment code")
            enroll(engine, backend_url, enrolment_code, device_name="demo kiosk")
            worker = SyncWorker(engine)
            try:
                worker.run_once()  # the catalog, by snapshot
            finally:
                worker.stop()
            copy_demo_images(settings.images_dir)
            services = build_services(settings, engine)
            try:
                badges: dict[str, str] = {}
                for name, role, pin in DEMO_USERS:
                    user = services.users.add(name, role, pin)
                    badges[name] = services.users.issue_badge(user.user_id)
                write_private(
                    data_dir / BADGES_FILE,
                    json.dumps(badges, ensure_ascii=False, indent=1).encode(),
                )
                manager = services.users.find(DEMO_USERS[-1][0])
                kiosk_user = services.users.kiosk_user(services.terminal.terminal_code)
                services.shifts.open(kiosk_user.user_id, 0, opened_by=manager.user_id)
            finally:
                services.close()
        badges_path = data_dir / BADGES_FILE
        badges = json.loads(badges_path.read_text()) if badges_path.exists() else {}
    finally:
        engine.dispose()
    return DemoKiosk(settings, created, badges)


def needs_enrolment(till_dir: Path) -> bool:
    """Whether the demo kiosk is still to be made (its data directory has no terminal)."""
    path = kiosk_dir(till_dir) / "pos.db"
    if not path.exists():
        return True
    engine = open_engine(load_settings(data_dir=kiosk_dir(till_dir)))
    try:
        return load_terminal(engine) is None
    finally:
        engine.dispose()
