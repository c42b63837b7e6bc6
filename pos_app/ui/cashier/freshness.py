"""How fresh the synced data on screen is: "as of 14:05 (3 min ago)"."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

# The rule lives in the Qt-free core (the kiosk's endless aisle uses it too).
from pos_app.services.sync_status import is_stale as is_stale
from pos_app.ui.i18n import format_store_datetime, format_store_time


def age_text(synced_at: datetime | None, now: datetime, language: str, zone: str) -> str:
    """The time synced data was last confirmed (in the store's time zone ``zone``) and how
    long ago, or that it never was."""
    if synced_at is None:
        return QCoreApplication.translate("Freshness", "never synced with the backend")
    minutes = max(0, int((now - synced_at).total_seconds() // 60))
    if minutes >= 24 * 60:
        stamp = format_store_datetime(synced_at, language, zone)
        days = minutes // (24 * 60)
        ago = QCoreApplication.translate("Freshness", "{days} d ago").format(days=days)
    else:
        stamp = format_store_time(synced_at, language, zone)
        if minutes < 1:
            ago = QCoreApplication.translate("Freshness", "just now")
        elif minutes < 60:
            ago = QCoreApplication.translate("Freshness", "{minutes} min ago").format(
                minutes=minutes
            )
        else:
            ago = QCoreApplication.translate("Freshness", "{hours} h {minutes} min ago").format(
                hours=minutes // 60, minutes=minutes % 60
            )
    return QCoreApplication.translate("Freshness", "as of {time} ({ago})").format(
        time=stamp, ago=ago
    )
