"""Languages at run time: `.ts` sources compiled to `.qm`, translators swapped, and money,
quantities and dates formatted through ``QLocale``.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import PySide6
from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLibraryInfo,
    QLocale,
    QObject,
    QTime,
    QTimeZone,
    QTranslator,
    Signal,
)

from pos_app.config import Settings
from pos_app.resources import translations_dir
from sync.private_files import make_private_dir, tighten

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = translations_dir()
LANGUAGES = ("tr", "en")  # English is the source language of every string
CATALOG = "pos"
CURRENCY_SYMBOLS = {"TRY": "₺", "EUR": "€", "USD": "$"}


def lrelease_path() -> str:
    """The Qt translation compiler shipped inside the PySide6 wheel."""
    bundled = Path(PySide6.__file__).parent / "lrelease"
    if bundled.exists():
        return str(bundled)
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if found is None:
        raise RuntimeError("lrelease not found: install PySide6-Essentials")
    return found


def compile_translations(target_dir: Path, source_dir: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Build a `.qm` for every `.ts` that is newer than its compiled file (start-up step)."""
    make_private_dir(target_dir)
    built = []
    for source in sorted(source_dir.glob("*.ts")):
        target = target_dir / f"{source.stem}.qm"
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            partial = target.with_suffix(".qm.part")
            subprocess.run(
                [lrelease_path(), "-silent", str(source), "-qm", str(partial)],
                check=True,
                capture_output=True,
            )
            tighten(partial)  # lrelease creates it with the umask's mode
            partial.replace(target)
            log.info("Compiled %s", target)
        built.append(target)
    return built


def locale_for(language: str) -> QLocale:
    if language == "tr":
        return QLocale(QLocale.Language.Turkish, QLocale.Country.Turkey)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def format_money(minor: int, language: str, currency: str = "TRY") -> str:
    """``1.234,56 ₺`` in Turkish, ``₺1,234.56`` in English; never through a float."""
    locale = locale_for(language)
    sign = "-" if minor < 0 else ""
    units, cents = divmod(abs(minor), 100)
    number = f"{locale.toString(units)}{locale.decimalPoint()}{cents:02d}"
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if language == "tr":
        return f"{sign}{number} {symbol}"
    return f"{sign}{symbol}{number}"


def format_quantity(quantity: Decimal, by_weight: bool, language: str) -> str:
    """Pieces as whole numbers, weights with three decimals and ``kg``."""
    locale = locale_for(language)
    if by_weight:
        whole, fraction = f"{quantity:.3f}".split(".")
        return f"{locale.toString(int(whole))}{locale.decimalPoint()}{fraction} kg"
    return locale.toString(int(quantity))


def format_milli(qty_milli: int, language: str) -> str:
    """A quantity in thousandths: whole pieces as a number, anything else as a weight."""
    return format_quantity(Decimal(qty_milli) / 1000, qty_milli % 1000 != 0, language)


def widest_amounts(language: str, currency: str = "TRY") -> tuple[str, str]:
    """The widest money and weight texts a till shows, for sizing columns."""
    return (
        format_money(-9_999_999, language, currency),
        format_quantity(Decimal("999.999"), True, language),
    )


def parse_decimal(text: str, language: str) -> Decimal | None:
    """A number typed in the locale's way (``1,250`` kg in Turkish); None when unreadable."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        return None
    cleaned = cleaned.replace(",", ".") if language == "tr" else cleaned.replace(",", "")
    if cleaned.count(".") > 1:
        return None
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        return None
    return value if value.is_finite() else None


def format_datetime(value: QDateTime, language: str) -> str:
    """A ``QDateTime`` already in the zone to show; a moment goes through
    ``format_store_datetime``."""
    return locale_for(language).toString(value, QLocale.FormatType.ShortFormat)


def format_time(value: QDateTime, language: str) -> str:
    """A ``QDateTime`` already in the zone to show; a moment goes through
    ``format_store_time``."""
    return locale_for(language).toString(value.time(), QLocale.FormatType.ShortFormat)


# ``Settings.timezone``'s default, for texts built without the settings at hand (screens pass
# the configured zone).
DEFAULT_ZONE: str = Settings.model_fields["timezone"].default


def store_datetime(moment: datetime, zone: str) -> QDateTime:
    """``moment`` as the wall clock of ``zone``, the store's time zone (``Settings.timezone``,
    the zone of the receipts and X/Z reports), whatever zone the machine is set to. A naive
    ``moment`` is UTC, as stored."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    wall = aware.astimezone(ZoneInfo(zone))
    # The wall-clock fields in a UTC QDateTime: Qt shows them as they are and never moves
    # them through the machine's zone (nor into its daylight-saving gaps).
    return QDateTime(
        QDate(wall.year, wall.month, wall.day),
        QTime(wall.hour, wall.minute, wall.second),
        QTimeZone.utc(),
    )


def format_store_datetime(moment: datetime, language: str, zone: str) -> str:
    """Date and time of ``moment`` in the store's zone: ``23.11.2026 14:05``."""
    return format_datetime(store_datetime(moment, zone), language)


def format_store_time(moment: datetime, language: str, zone: str) -> str:
    """Time of day of ``moment`` in the store's zone: ``14:05``."""
    return format_time(store_datetime(moment, zone), language)


def format_store_when(moment: datetime, now: datetime, language: str, zone: str) -> str:
    """``14:05`` for a moment of the store's today, with its date for another day."""
    if store_datetime(moment, zone).date() == store_datetime(now, zone).date():
        return format_store_time(moment, language, zone)
    return format_store_datetime(moment, language, zone)


class LanguageSwitcher(QObject):
    """Installs the translators for one language; Qt then sends every widget LanguageChange."""

    changed = Signal(str)

    def __init__(self, app: QCoreApplication, qm_dir: Path) -> None:
        super().__init__(app)
        self._app = app
        self._qm_dir = qm_dir
        self._installed: list[QTranslator] = []
        self.language = ""

    def uninstall(self) -> None:
        """Remove this switcher's translators (at shutdown)."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        self.uninstall()
        if language != "en":
            ours = QTranslator(self)
            if not ours.load(str(self._qm_dir / f"{CATALOG}_{language}.qm")):
                raise RuntimeError(f"missing translation {CATALOG}_{language}.qm")
            qt_own = QTranslator(self)
            # Qt's own strings (line-edit context menus); absent files are not fatal.
            if qt_own.load(
                f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            ):
                self._installed.append(qt_own)
            self._installed.append(ours)
        for translator in self._installed:
            self._app.installTranslator(translator)
        QLocale.setDefault(locale_for(language))
        self.language = language
        self.changed.emit(language)
