"""The device id a till says at enrolment and hello (issue 15: a copied till is refused)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.services.device import device_id_for


def test_the_same_database_is_the_same_device_and_a_copy_elsewhere_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POS_DEVICE_ID", raising=False)
    here = device_id_for(tmp_path / "till" / "pos.db")
    assert here == device_id_for(tmp_path / "till" / ".." / "till" / "pos.db")
    assert len(here) == 32 and int(here, 16) >= 0
    assert device_id_for(tmp_path / "copy" / "pos.db") != here


def test_pos_device_id_overrides_it_and_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POS_DEVICE_ID", "kasa-3_arka")
    assert device_id_for(tmp_path / "pos.db") == "kasa-3_arka"
    monkeypatch.setenv("POS_DEVICE_ID", "kasa 3; DROP")
    with pytest.raises(ValueError, match="POS_DEVICE_ID must be"):
        device_id_for(tmp_path / "pos.db")
