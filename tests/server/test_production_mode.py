"""Production mode and bad settings: refused with one clear line, never a traceback; the API
description only for the admin token's holder in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from pos_app.demo.backend import DEMO_ADMIN_TOKEN
from pos_app.services.local_backend import free_port
from sync.server.app import create_app
from sync.server.cli import server_cli
from sync.server.db import make_engine, migrate
from sync.server.settings import (
    DEFAULT_ADMIN_TOKEN,
    ServerSettings,
    SettingsError,
    load_settings,
)

GOOD_TOKEN = "q7Rk2vXw9LmZp4Tn8YbC3sHd6Jf0Ga1E"
GOOD_URL = "https://pos.example.com"
README = Path(__file__).resolve().parents[2] / "README.md"


def production(**values: Any) -> ServerSettings:
    return ServerSettings(
        **({"production": True, "admin_token": GOOD_TOKEN, "public_url": GOOD_URL} | values)
    )


def test_the_readme_demo_token_is_the_demo_backends() -> None:
    assert DEMO_ADMIN_TOKEN in README.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("token", "why"),
    [
        (DEFAULT_ADMIN_TOKEN, "public example token"),
        (DEMO_ADMIN_TOKEN, "public example token"),
        (f" {DEMO_ADMIN_TOKEN} ", "public example token"),
        (" " * 24, "spaces"),
        ("\t" * 30, "spaces"),
        ("correct horse battery staple!", "spaces"),
        ("short-token", "shorter than 24"),
        ("a" * 40, "too predictable"),
        ("abab" * 10, "too predictable"),
    ],
)
def test_production_refuses_public_blank_short_and_repetitive_tokens(token: str, why: str) -> None:
    problems = production(admin_token=token).problems()
    assert len(problems) == 1 and why in problems[0], problems
    assert problems[0].startswith("POS_SERVER_ADMIN_TOKEN")
    assert production().problems() == []
    # outside production the development defaults work
    assert ServerSettings(admin_token=token).problems() == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://pos.example.com",
        "https://",
        "pos.example.com",
        "https://user:secret@pos.example.com",
        "https://pos.example.com/?next=evil",
        "https://pos.example.com/ r",
    ],
)
def test_a_public_url_must_be_a_plain_http_address(url: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(public_url=url)
    message = str(refused.value)
    assert message.startswith("POS_SERVER_PUBLIC_URL=") and "\n" not in message
    assert load_settings(public_url="http://10.0.0.5:8765/pos").public_url


def test_a_value_that_does_not_parse_names_its_variable_and_what_it_accepts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POS_SERVER_PRODUCTION", "ture")
    monkeypatch.setenv("POS_SERVER_RETURN_WINDOW_DAYS", "forever")
    monkeypatch.setenv("POS_SERVER_ADMIN_TOKEN", "x")  # valid, but never echoed
    monkeypatch.setenv("POS_SERVER_DATABASE_URL", "postgresql://pos:hunter2@db/pos")
    monkeypatch.setenv("POS_SERVER_POOL_SIZE", "0")
    with pytest.raises(SettingsError) as refused:
        load_settings()
    message = str(refused.value)
    assert "\n" not in message
    assert "POS_SERVER_PRODUCTION='ture' is not valid: use true or false" in message
    days = "POS_SERVER_RETURN_WINDOW_DAYS='forever' is not valid: use a whole number from 0 to"
    assert f"{days} 3650" in message
    assert "POS_SERVER_POOL_SIZE='0' is not valid: use a whole number of at least 1" in message
    assert "hunter2" not in message


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POS_SERVER_DATA_DIR", str(tmp_path / "server"))
    for name in ("POS_SERVER_DATABASE_URL", "POS_SERVER_ADMIN_TOKEN", "POS_SERVER_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    csv = tmp_path / "catalog.csv"
    csv.write_text("sku;name\n", encoding="utf-8")
    return csv


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["--port", "9999"],
        ["create-store", "S01", "--name", "X"],
        ["enroll", "--store", "S01"],
        ["import-catalog", "CSV"],
        ["terminals"],
    ],
)
def test_every_server_command_refuses_a_bad_setting_in_one_line(
    command: list[str], cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: served.append(a))
    monkeypatch.setenv("POS_SERVER_PRODUCTION", "ture")
    args = [str(cli_env) if a == "CSV" else a for a in command]
    result = CliRunner().invoke(server_cli, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "error: POS_SERVER_PRODUCTION='ture' is not valid: use true or false" in result.stderr
    assert "Traceback" not in result.output
    assert served == []
    assert not (cli_env.parent / "server").exists()  # nothing was created either


def test_serve_refuses_production_problems_in_one_line(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("served"))
    monkeypatch.setenv("POS_SERVER_PRODUCTION", "true")
    monkeypatch.setenv("POS_SERVER_ADMIN_TOKEN", DEMO_ADMIN_TOKEN)
    result = CliRunner().invoke(server_cli, ["--port", "9999"])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line
    assert line.startswith("error: refusing to serve in production mode: POS_SERVER_ADMIN_TOKEN")
    assert "POS_SERVER_PUBLIC_URL is not set" in line


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"POS_SERVER_PRODUCTION": "ture"}, "POS_SERVER_PRODUCTION='ture' is not valid"),
        (
            {"POS_SERVER_PRODUCTION": "1", "POS_SERVER_ADMIN_TOKEN": " " * 24},
            "refusing to serve in production mode: POS_SERVER_ADMIN_TOKEN must not contain",
        ),
        (
            {"POS_SERVER_PUBLIC_URL": "javascript:alert(1)"},
            "POS_SERVER_PUBLIC_URL='javascript:alert(1)' is not valid",
        ),
    ],
)
def test_the_uvicorn_factory_refuses_in_one_line(
    env: dict[str, str], expected: str, tmp_path: Path
) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("POS_SERVER_")}
    environment = base | {"POS_SERVER_DATA_DIR": str(tmp_path)} | env
    command = [sys.executable, "-m", "uvicorn", "--factory", "sync.server.app:app_from_env"]
    result = subprocess.run(
        [*command, "--port", str(free_port())],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and expected in errors[0], result.stderr


def test_api_docs_in_production_are_for_the_admin_token_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'backend.db'}"
    engine = make_engine(url)
    migrate(engine)
    try:
        for settings, public in ((production(), False), (ServerSettings(), True)):
            app = create_app(settings, engine=engine, run_migrations=False)
            with TestClient(app) as client:
                admin = {"Authorization": f"Bearer {settings.admin_token}"}
                for path in ("/openapi.json", "/docs", "/redoc"):
                    anonymous = client.get(path)
                    assert (anonymous.status_code == 200) is public, (path, anonymous.text)
                    if not public:
                        assert anonymous.status_code == 401
                        assert anonymous.json()["error"] == "unauthorized"
                        wrong = client.get(path, headers={"Authorization": "Bearer nope"})
                        assert wrong.status_code == 401
                    allowed = client.get(path, headers=admin)
                    assert allowed.status_code == 200, (path, allowed.text)
                spec = client.get("/openapi.json", headers=admin).json()
                assert "/api/v1/stores" in spec["paths"]
                if not public:  # the pages carry the description: they cannot fetch it
                    for page in ("/docs", "/redoc"):
                        html = client.get(page, headers=admin).text
                        assert "/api/v1/stores" in html and "</script>" in html
    finally:
        engine.dispose()
