"""The receipt logo: pre-sized, dithered, encoded once and cached in memory and on disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from pos_app.devices import logo as logo_module
from pos_app.devices.logo import LogoCache, prepare_logo
from pos_app.errors import UserError
from pos_app.resources import demo_logo
from tests.unit.test_raster import RASTER, ink, ink_count, split_job

DEMO = demo_logo()


def save(image: Image.Image, folder: Path, name: str = "logo.png") -> Path:
    path = folder / name
    image.save(path)
    return path


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the renders (each cache miss prepares the image once)."""
    calls: list[int] = []
    real = logo_module.prepare_logo

    def counting(image: Image.Image, *, width_px: int, max_height_px: int) -> Image.Image:
        calls.append(width_px)
        return real(image, width_px=width_px, max_height_px=max_height_px)

    monkeypatch.setattr(logo_module, "prepare_logo", counting)
    return calls


def test_large_image_is_scaled_down_onto_a_paper_wide_canvas() -> None:
    image = Image.new("L", (1000, 300), 0)  # all black
    prepared = prepare_logo(image, width_px=384, max_height_px=200)
    assert prepared.mode == "1"
    assert prepared.size == (384, 115)  # 1000x300 scaled by 0.384
    tall = prepare_logo(Image.new("L", (300, 1000), 0), width_px=576, max_height_px=200)
    assert tall.size == (576, 200)
    box = ink(tall)
    assert box is not None and box[2] - box[0] == 60  # 300 * 0.2, centred
    assert abs((box[0] + box[2]) / 2 - 288) <= 1


def test_small_image_is_never_scaled_up_and_is_centred() -> None:
    image = Image.new("RGB", (100, 50), (0, 0, 0))
    prepared = prepare_logo(image, width_px=576, max_height_px=200)
    assert prepared.size == (576, 50)
    assert ink(prepared) == (238, 0, 338, 50)
    assert ink_count(prepared) == 100 * 50


def test_transparency_is_white() -> None:
    clear = Image.new("RGBA", (80, 40), (0, 0, 0, 0))  # transparent *black*
    ImageDraw.Draw(clear).rectangle((10, 10, 19, 19), fill=(0, 0, 0, 255))
    prepared = prepare_logo(clear, width_px=384, max_height_px=200)
    left = (384 - 80) // 2
    assert ink(prepared) == (left + 10, 10, left + 20, 20)
    assert ink_count(prepared) == 100


def test_grey_is_dithered_not_thresholded() -> None:
    for grey in (64, 128, 192):
        prepared = prepare_logo(Image.new("L", (200, 100), grey), width_px=200, max_height_px=100)
        share = ink_count(prepared) / (200 * 100)
        assert abs(share - (1 - grey / 255)) < 0.05, (grey, share)


@pytest.mark.parametrize(("width_px", "profile"), [(384, "NT-5890K"), (576, "TM-T20II")])
def test_demo_logo_bytes(tmp_path: Path, width_px: int, profile: str) -> None:
    assert DEMO.stat().st_size < 20_000
    data = LogoCache(tmp_path).logo_bytes(DEMO, width_px=width_px, profile=profile)
    assert data.startswith(RASTER)  # part of a job: no INIT, no cut
    rest, images = split_job(data)
    assert rest == RASTER
    assert len(images) == 1
    image = images[0]
    assert image.width == width_px and image.height <= 200
    box = ink(image)
    assert box is not None and box[2] - box[0] <= width_px
    assert 0.05 < ink_count(image) / (image.width * image.height) < 0.6


def test_cached_in_memory_and_on_disk(tmp_path: Path, renders: list[int]) -> None:
    source = save(Image.open(DEMO), tmp_path)
    cache_dir = tmp_path / "cache"
    cache = LogoCache(cache_dir)
    first = cache.logo_bytes(source, width_px=384, profile="NT-5890K")
    assert renders == [384]
    assert cache.logo_bytes(source, width_px=384, profile="NT-5890K") == first
    assert renders == [384]
    (file,) = cache_dir.iterdir()
    assert re.fullmatch(r"[0-9a-f]{64}\.escpos", file.name)
    assert file.read_bytes() == first
    # Memory first: with the file gone the same cache neither renders nor reads the disk.
    file.unlink()
    assert cache.logo_bytes(source, width_px=384, profile="NT-5890K") == first
    assert renders == [384] and not file.exists()
    file.write_bytes(first)
    # A new cache over the same folder (the next start of the app) reads the file.
    assert LogoCache(cache_dir).logo_bytes(source, width_px=384, profile="NT-5890K") == first
    assert renders == [384]
    # Another width, profile or height, or a changed image, renders again.
    cache.logo_bytes(source, width_px=576, profile="TM-T20II")
    cache.logo_bytes(source, width_px=384, profile="POS-5890")
    cache.logo_bytes(source, width_px=384, profile="NT-5890K", max_height_px=60)
    assert renders == [384, 576, 384, 384]
    save(Image.new("L", (40, 40), 0), tmp_path)
    changed = cache.logo_bytes(source, width_px=384, profile="NT-5890K")
    assert changed != first and renders == [384, 576, 384, 384, 384]
    assert len(list(cache_dir.iterdir())) == 5


def test_disk_cache_is_what_is_returned(tmp_path: Path, renders: list[int]) -> None:
    cache_dir = tmp_path / "cache"
    LogoCache(cache_dir).logo_bytes(DEMO, width_px=384, profile="NT-5890K")
    (file,) = cache_dir.iterdir()
    file.write_bytes(RASTER + b"from disk")
    assert LogoCache(cache_dir).logo_bytes(DEMO, width_px=384, profile="NT-5890K") == (
        RASTER + b"from disk"
    )
    # A damaged cache file is not sent to the printer: it is rendered again and replaced.
    file.write_bytes(b"garbage")
    again = LogoCache(cache_dir).logo_bytes(DEMO, width_px=384, profile="NT-5890K")
    assert again.startswith(RASTER) and file.read_bytes() == again
    assert len(renders) == 2


def test_unwritable_cache_still_gives_the_logo(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    data = LogoCache(blocked).logo_bytes(DEMO, width_px=384, profile="NT-5890K")
    assert data.startswith(RASTER)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "No such file"),
        (b"not an image at all", "cannot identify image file"),
        (DEMO.read_bytes()[:600], "truncated"),
    ],
)
def test_unreadable_logo_is_a_user_error(
    tmp_path: Path, content: bytes | None, reason: str
) -> None:
    path = tmp_path / "logo.png"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UserError) as raised:
        LogoCache(tmp_path / "cache").logo_bytes(path, width_px=384, profile="NT-5890K")
    assert raised.value.code == "printer.logo_unreadable"
    assert str(path) in raised.value.message and reason in raised.value.message
    assert raised.value.params == {"path": str(path)}
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_logo_wider_than_the_profiles_paper_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="384 px paper"):
        LogoCache(tmp_path).logo_bytes(DEMO, width_px=576, profile="NT-5890K")
    with pytest.raises(UserError) as unknown:
        LogoCache(tmp_path).logo_bytes(DEMO, width_px=576, profile="no-such-printer")
    assert unknown.value.code == "printer.unknown_profile"
