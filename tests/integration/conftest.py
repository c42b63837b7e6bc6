"""Fixtures for the integration tests."""

from tests.emulator import emulator  # noqa: F401  (a fixture: emupos on free ports)
