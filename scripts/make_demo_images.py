"""Draw the demo catalog's produce pictures (``pos_app/resources/demo/images/*.png``).

Simple, clear 256x256 PNGs for the kiosk's produce grid: a coloured fruit or vegetable shape
on a light background. ``scripts/make_demo_catalog.py`` names them in the catalog's
``image`` column (``PICTURES`` there, by English name); garlic and ginger have none on
purpose, so the demo shows the grid's placeholder tile. Deterministic: the same files every
run. Regenerate with::

    python scripts/make_demo_images.py
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from make_demo_catalog import PICTURES
from PIL import Image, ImageDraw

OUTPUT_DIR = Path(__file__).resolve().parents[1] / "pos_app" / "resources" / "demo" / "images"
SIZE = 256
BACKGROUND = (246, 243, 234)
SHADOW = (226, 221, 208)
STEM = (110, 78, 44)
LEAF = (76, 150, 62)

Draw = ImageDraw.ImageDraw
Shape = Callable[[Draw, tuple[int, int, int]], None]


def _shadow(d: Draw, width: int = 150) -> None:
    d.ellipse((128 - width // 2, 206, 128 + width // 2, 226), fill=SHADOW)


def _highlight(d: Draw, box: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    d.ellipse((x0 + w * 0.2, y0 + h * 0.18, x0 + w * 0.38, y0 + h * 0.34), fill=(255, 255, 255))


def round_fruit(d: Draw, colour: tuple[int, int, int], leaf: bool = True) -> None:
    _shadow(d)
    box = (58, 58, 198, 208)
    d.ellipse(box, fill=colour)
    _highlight(d, box)
    d.line((128, 66, 136, 36), fill=STEM, width=7)
    if leaf:
        d.ellipse((138, 30, 182, 52), fill=LEAF)


def citrus(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d)
    box = (56, 62, 200, 206)
    d.ellipse(box, fill=colour)
    for angle in range(0, 360, 30):  # the peel's pores
        x = 128 + 45 * math.cos(math.radians(angle))
        y = 134 + 45 * math.sin(math.radians(angle))
        d.ellipse((x - 3, y - 3, x + 3, y + 3), fill=tuple(max(c - 30, 0) for c in colour))
    _highlight(d, box)
    d.ellipse((118, 56, 138, 70), fill=LEAF)


def lemon(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 170)
    d.ellipse((48, 78, 208, 190), fill=colour)
    d.polygon([(40, 134), (60, 116), (60, 152)], fill=colour)
    d.polygon([(216, 134), (196, 116), (196, 152)], fill=colour)
    _highlight(d, (48, 78, 208, 190))


def pear(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d)
    d.ellipse((92, 52, 164, 130), fill=colour)
    d.ellipse((62, 100, 194, 212), fill=colour)
    _highlight(d, (62, 100, 194, 212))
    d.line((128, 56, 132, 28), fill=STEM, width=7)
    d.ellipse((134, 24, 170, 42), fill=LEAF)


def banana(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 180)
    for offset in (0, 22):
        d.arc((36, 10 + offset, 220, 194 + offset), start=20, end=160, fill=colour, width=34)
    d.rectangle((206, 96, 220, 112), fill=STEM)


def grapes(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 120)
    rows = [(4, 70), (4, 100), (3, 130), (3, 158), (2, 184)]
    for count, y in rows:
        for i in range(count):
            x = 128 + (i - (count - 1) / 2) * 30
            d.ellipse((x - 17, y - 17, x + 17, y + 17), fill=colour, outline=(255, 255, 255))
    d.line((128, 52, 134, 28), fill=STEM, width=6)
    d.ellipse((136, 24, 176, 46), fill=LEAF)


def strawberry(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 130)
    d.polygon([(60, 88), (196, 88), (128, 214)], fill=colour)
    d.ellipse((58, 62, 198, 140), fill=colour)
    for x, y in ((96, 104), (128, 100), (160, 104), (110, 140), (146, 140), (128, 176)):
        d.ellipse((x - 4, y - 6, x + 4, y + 6), fill=(250, 226, 120))
    d.polygon([(88, 66), (128, 46), (168, 66), (128, 80)], fill=LEAF)


def melon(d: Draw, colour: tuple[int, int, int], stripes: tuple[int, int, int] | None) -> None:
    _shadow(d, 190)
    box = (36, 60, 220, 212)
    d.ellipse(box, fill=colour)
    if stripes is not None:
        for x in (70, 104, 138, 172):
            d.arc((x - 40, 60, x + 40, 212), start=270, end=90, fill=stripes, width=8)
    _highlight(d, box)


def long_veg(d: Draw, colour: tuple[int, int, int], thickness: int = 52) -> None:
    _shadow(d, 190)
    top = 134 - thickness // 2
    d.rounded_rectangle((30, top, 214, top + thickness), radius=thickness // 2, fill=colour)
    d.ellipse((50, top + 8, 130, top + 18), fill=tuple(min(c + 50, 255) for c in colour))
    d.rectangle((210, 126, 232, 142), fill=LEAF)


def pepper(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 190)
    d.polygon([(30, 118), (200, 104), (206, 162), (30, 146)], fill=colour)
    d.ellipse((16, 116, 44, 148), fill=colour)
    d.rectangle((204, 118, 230, 144), fill=LEAF)


def carrot(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 190)
    d.polygon([(60, 106), (60, 162), (222, 136)], fill=colour)
    d.ellipse((44, 106, 78, 162), fill=colour)
    for dy in (-16, 0, 16):
        d.line((48, 134, 16, 134 + dy * 2), fill=LEAF, width=8)


def eggplant(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 190)
    d.ellipse((70, 86, 226, 186), fill=colour)
    d.ellipse((30, 106, 120, 160), fill=colour)
    d.polygon([(18, 120), (52, 110), (52, 156), (18, 146)], fill=LEAF)
    _highlight(d, (70, 86, 226, 186))


def leek(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 200)
    d.rounded_rectangle((24, 116, 140, 152), radius=16, fill=colour)
    d.polygon([(136, 116), (232, 80), (232, 112), (136, 152)], fill=LEAF)
    d.polygon([(136, 126), (226, 170), (206, 180), (136, 150)], fill=(58, 120, 50))


def beans(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 190)
    for i, y in enumerate((96, 124, 152, 180)):
        d.rounded_rectangle((34 + i * 6, y - 9, 214 - i * 6, y + 9), radius=9, fill=colour)


def florets(d: Draw, colour: tuple[int, int, int], stalk: tuple[int, int, int]) -> None:
    _shadow(d, 160)
    d.rounded_rectangle((108, 130, 148, 214), radius=10, fill=stalk)
    for x, y in ((84, 110), (128, 92), (172, 110), (100, 140), (156, 140), (128, 126)):
        d.ellipse((x - 34, y - 34, x + 34, y + 34), fill=colour, outline=SHADOW)


def cabbage(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 180)
    box = (44, 50, 212, 212)
    d.ellipse(box, fill=colour)
    for inset in (24, 48):
        d.arc(
            (44 + inset, 50 + inset // 2, 212 - inset, 212), 200, 340, fill=(150, 190, 120), width=5
        )


def spinach(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 170)
    for angle in (-50, -20, 10, 40):
        cx = 128 + 70 * math.sin(math.radians(angle))
        cy = 120 - 50 * math.cos(math.radians(angle))
        d.ellipse((cx - 38, cy - 52, cx + 38, cy + 52), fill=colour, outline=(40, 100, 40))
    d.rectangle((122, 150, 134, 212), fill=(120, 170, 90))


def potato(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 180)
    box = (40, 78, 216, 198)
    d.ellipse(box, fill=colour)
    for x, y in ((90, 120), (150, 110), (120, 160), (176, 156)):
        d.ellipse((x - 4, y - 3, x + 4, y + 3), fill=(140, 104, 60))


def onion(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d)
    box = (56, 76, 200, 210)
    d.ellipse(box, fill=colour)
    d.polygon([(110, 84), (146, 84), (128, 36)], fill=colour)
    for x in (96, 128, 160):
        d.arc((x - 40, 80, x + 40, 208), 250, 290, fill=(255, 255, 255), width=3)


def vine_tomatoes(d: Draw, colour: tuple[int, int, int]) -> None:
    _shadow(d, 190)
    d.line((40, 70, 216, 70), fill=LEAF, width=8)
    for x, y in ((70, 118), (128, 112), (186, 118), (98, 170), (158, 170)):
        d.line((x, 72, x, y - 28), fill=LEAF, width=5)
        d.ellipse((x - 32, y - 32, x + 32, y + 32), fill=colour)
        d.ellipse((x - 18, y - 20, x - 8, y - 10), fill=(255, 255, 255))


RED = (206, 38, 44)
GREEN_APPLE = (140, 196, 70)
GOLD = (232, 196, 70)
ORANGE = (243, 140, 30)

# File name (``make_demo_catalog.PICTURES``) -> drawing.
DRAWINGS: dict[str, Callable[[Draw], None]] = {
    "apple-red.png": lambda d: round_fruit(d, RED),
    "apple-green.png": lambda d: round_fruit(d, GREEN_APPLE),
    "apple-golden.png": lambda d: round_fruit(d, GOLD),
    "pear.png": lambda d: pear(d, (196, 200, 84)),
    "banana.png": lambda d: banana(d, (246, 208, 50)),
    "banana-domestic.png": lambda d: banana(d, (226, 200, 70)),
    "orange.png": lambda d: citrus(d, ORANGE),
    "mandarin.png": lambda d: citrus(d, (250, 120, 20)),
    "lemon.png": lambda d: lemon(d, (250, 222, 60)),
    "grapefruit.png": lambda d: citrus(d, (240, 120, 90)),
    "pomegranate.png": lambda d: round_fruit(d, (170, 24, 50), leaf=False),
    "kiwi.png": lambda d: potato(d, (140, 110, 60)),
    "grapes.png": lambda d: grapes(d, (150, 190, 80)),
    "peach.png": lambda d: round_fruit(d, (248, 160, 110)),
    "apricot.png": lambda d: round_fruit(d, (250, 170, 60)),
    "strawberry.png": lambda d: strawberry(d, (220, 30, 50)),
    "watermelon.png": lambda d: melon(d, (60, 140, 60), (30, 90, 40)),
    "melon.png": lambda d: melon(d, (228, 214, 120), None),
    "tomato.png": lambda d: round_fruit(d, (230, 50, 40)),
    "tomato-vine.png": lambda d: vine_tomatoes(d, (226, 46, 40)),
    "cucumber.png": lambda d: long_veg(d, (60, 130, 50)),
    "pepper-green.png": lambda d: pepper(d, (90, 170, 60)),
    "pepper-charleston.png": lambda d: pepper(d, (190, 214, 110)),
    "pepper-kapia.png": lambda d: pepper(d, (200, 30, 36)),
    "eggplant.png": lambda d: eggplant(d, (84, 40, 110)),
    "zucchini.png": lambda d: long_veg(d, (110, 160, 70), 46),
    "potato.png": lambda d: potato(d, (206, 166, 106)),
    "onion.png": lambda d: onion(d, (214, 160, 90)),
    "onion-red.png": lambda d: onion(d, (150, 50, 100)),
    "carrot.png": lambda d: carrot(d, (240, 120, 30)),
    "spinach.png": lambda d: spinach(d, (56, 130, 50)),
    "leek.png": lambda d: leek(d, (236, 240, 214)),
    "cabbage.png": lambda d: cabbage(d, (200, 224, 170)),
    "cauliflower.png": lambda d: florets(d, (246, 238, 210), (170, 200, 130)),
    "broccoli.png": lambda d: florets(d, (60, 130, 60), (120, 170, 90)),
    "green-beans.png": lambda d: beans(d, (90, 160, 60)),
}


def draw(picture: Callable[[Draw], None]) -> Image.Image:
    image = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
    picture(ImageDraw.Draw(image))
    return image


def main() -> None:
    assert set(DRAWINGS) == set(PICTURES.values()), "a picture without a drawing, or the reverse"
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, picture in DRAWINGS.items():
        # No metadata chunks: the same bytes every run.
        draw(picture).quantize(colors=64).save(OUTPUT_DIR / name, optimize=True)
    print(f"Wrote {len(DRAWINGS)} pictures to {OUTPUT_DIR}")


if __name__ == "__main__":
    main()
