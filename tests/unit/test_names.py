"""An item's name in a language (``pos_app.domain.names``): the catalog's translation, else its
default name; garbled translations never hide the item."""

from __future__ import annotations

import pytest

from pos_app.domain.names import name_in, parse_names


@pytest.mark.parametrize(
    ("stored", "names"),
    [
        ('{"en": "Whole Milk 1 L"}', {"en": "Whole Milk 1 L"}),
        ({"en": "Whole Milk 1 L", "de": ""}, {"en": "Whole Milk 1 L"}),  # an empty one is none
        ("", {}),
        (None, {}),
        ("{not json", {}),
        ('["en"]', {}),
    ],
)
def test_parse_names(stored: object, names: dict[str, str]) -> None:
    assert parse_names(stored) == names


def test_name_in_falls_back_to_the_default_name() -> None:
    names = {"en": "Whole Milk 1 L"}
    assert name_in(names, "en", "Tam Yağlı Süt 1 L") == "Whole Milk 1 L"
    assert name_in(names, "tr", "Tam Yağlı Süt 1 L") == "Tam Yağlı Süt 1 L"
    assert name_in({}, "en", "Ekmek") == "Ekmek"
