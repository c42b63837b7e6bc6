"""Generate the demo product catalog for the POS (``pos_app/resources/demo/catalog.csv``).

The catalog is built from hand-written lists of typical Turkish supermarket
items (with a few natural size/pack variants each).  Barcodes are valid
EAN-13 codes with the Turkish GS1 prefixes 868/869, drawn from a fixed-seed
random generator, so the output is fully deterministic.  Weighed items
(unit ``kg``) have no barcode but a unique 5-digit PLU code; their price is
per kilogram.  All prices are VAT-inclusive shelf prices in TRY.  Most fruit and
vegetables name a picture for the kiosk's produce grid (``image``, drawn by
``make_demo_images.py``), and a few age-restricted goods (``min_age``, ``restriction``)
come last so that every earlier product keeps its SKU and barcodes.

Regenerate with::

    python scripts/make_demo_catalog.py
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sync.csv_cells import FORMULA_START, csv_writer

OUTPUT_PATH = Path(__file__).resolve().parents[1] / "pos_app" / "resources" / "demo" / "catalog.csv"
HEADER = [
    "sku",
    "name",
    "name_en",
    "category",
    "category_en",
    "barcodes",
    "price",
    "vat_rate",
    "unit",
    "plu",
    "model",
    "size",
    "colour",
    "image",
    "min_age",
    "restriction",
]
SEED = 20260101
GS1_PREFIXES = ("868", "869")
DOUBLE_BARCODE_SHARE = 0.10
MIN_PRODUCTS = 330
MIN_WEIGHED = 40
VAT_RATES = (1, 10, 20)

# A variant is (size, price) when the size label reads the same in both
# languages (decimal point becomes a comma in Turkish), or
# (size_tr, size_en, price) when it needs translating.
Variant = tuple[str, float] | tuple[str, str, float]
PieceSpec = tuple[str, str, int, list[Variant]]  # name_tr, name_en, vat, variants
WeighedSpec = tuple[str, str, int, float]  # name_tr, name_en, vat, price per kg


@dataclass(frozen=True)
class Category:
    name: str
    name_en: str
    pieces: list[PieceSpec]
    weighed: list[WeighedSpec]


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    name_en: str
    category: str
    category_en: str
    barcodes: tuple[str, ...]
    price: Decimal
    vat_rate: int
    unit: str
    plu: str
    model: str = ""
    size: str = ""
    colour: str = ""
    image: str = ""
    min_age: int = 0
    restriction: str = ""

    def as_row(self) -> list[str]:
        return [
            self.sku,
            self.name,
            self.name_en,
            self.category,
            self.category_en,
            "|".join(self.barcodes),
            f"{self.price:.2f}",
            str(self.vat_rate),
            self.unit,
            self.plu,
            self.model,
            self.size,
            self.colour,
            self.image,
            str(self.min_age) if self.min_age else "",
            self.restriction,
        ]


_SUFFIX_BY_VOWEL = {
    "a": "lı",
    "ı": "lı",
    "e": "li",
    "i": "li",
    "o": "lu",
    "u": "lu",
    "ö": "lü",
    "ü": "lü",
}
_UNIT_WORDS = ["", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz"]
_TEN_WORDS = ["", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan"]


def _count_suffix(n: int) -> str:
    """Turkish ``-li`` suffix (with vowel harmony) for a count, e.g. 30 -> 'lu'."""
    if n % 1000 == 0:
        word = "bin"
    elif n % 100 == 0:
        word = "yüz"
    elif n % 10 == 0:
        word = _TEN_WORDS[(n % 100) // 10]
    else:
        word = _UNIT_WORDS[n % 10]
    last_vowel = next(ch for ch in reversed(word) if ch in _SUFFIX_BY_VOWEL)
    return _SUFFIX_BY_VOWEL[last_vowel]


def pcs(n: int, price: float, en_unit: str = "pcs") -> Variant:
    """Pack-count variant: ``30'lu`` / ``30 pcs``."""
    return (f"{n}'{_count_suffix(n)}", f"{n} {en_unit}", price)


def ean13_check_digit(first12: str) -> str:
    """Return the EAN-13 check digit for a 12-digit string."""
    if len(first12) != 12 or not first12.isdigit():
        raise ValueError(f"expected 12 digits, got {first12!r}")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def is_valid_ean13(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and ean13_check_digit(code[:12]) == code[12]


CATALOG: list[Category] = [
    Category(
        "Meyve & Sebze",
        "Fruit & Vegetables",
        pieces=[
            ("Göbek Marul", "Iceberg Lettuce", 1, [("Adet", "Each", 30.00)]),
            ("Kıvırcık Marul", "Curly Lettuce", 1, [("Adet", "Each", 25.00)]),
            ("Maydanoz", "Parsley", 1, [("Demet", "Bunch", 15.00)]),
            ("Dereotu", "Dill", 1, [("Demet", "Bunch", 15.00)]),
            ("Taze Nane", "Fresh Mint", 1, [("Demet", "Bunch", 15.00)]),
            ("Taze Soğan", "Spring Onions", 1, [("Demet", "Bunch", 20.00)]),
            ("Roka", "Rocket", 1, [("Demet", "Bunch", 20.00)]),
            ("Ananas", "Pineapple", 1, [("Adet", "Each", 120.00)]),
            ("Avokado", "Avocado", 1, [("Adet", "Each", 40.00)]),
            ("Cherry Domates", "Cherry Tomatoes", 1, [("250 g", 35.00), ("500 g", 65.00)]),
            ("Kültür Mantarı", "Button Mushrooms", 1, [("400 g", 60.00)]),
            ("Paket Salata", "Mixed Salad Leaves", 1, [("150 g", 45.00)]),
        ],
        weighed=[
            ("Starking Elma", "Red Delicious Apple", 1, 55.00),
            ("Granny Smith Elma", "Granny Smith Apple", 1, 65.00),
            ("Golden Elma", "Golden Apple", 1, 55.00),
            ("Deveci Armut", "Deveci Pear", 1, 70.00),
            ("Muz", "Banana", 1, 90.00),
            ("Yerli Muz", "Domestic Banana", 1, 110.00),
            ("Portakal", "Orange", 1, 40.00),
            ("Mandalina", "Mandarin", 1, 45.00),
            ("Limon", "Lemon", 1, 50.00),
            ("Greyfurt", "Grapefruit", 1, 45.00),
            ("Nar", "Pomegranate", 1, 60.00),
            ("Kivi", "Kiwi", 1, 90.00),
            ("Çekirdeksiz Üzüm", "Seedless Grapes", 1, 80.00),
            ("Şeftali", "Peach", 1, 75.00),
            ("Kayısı", "Apricot", 1, 95.00),
            ("Çilek", "Strawberry", 1, 120.00),
            ("Karpuz", "Watermelon", 1, 20.00),
            ("Kavun", "Melon", 1, 30.00),
            ("Domates", "Tomato", 1, 45.00),
            ("Salkım Domates", "Vine Tomato", 1, 65.00),
            ("Salatalık", "Cucumber", 1, 40.00),
            ("Sivri Biber", "Green Pepper", 1, 80.00),
            ("Çarliston Biber", "Charleston Pepper", 1, 85.00),
            ("Kapya Biber", "Red Kapia Pepper", 1, 90.00),
            ("Patlıcan", "Eggplant", 1, 55.00),
            ("Kabak", "Zucchini", 1, 45.00),
            ("Patates", "Potato", 1, 28.00),
            ("Kuru Soğan", "Onion", 1, 25.00),
            ("Kırmızı Soğan", "Red Onion", 1, 35.00),
            ("Sarımsak", "Garlic", 1, 250.00),
            ("Havuç", "Carrot", 1, 30.00),
            ("Ispanak", "Spinach", 1, 50.00),
            ("Pırasa", "Leek", 1, 40.00),
            ("Beyaz Lahana", "White Cabbage", 1, 25.00),
            ("Karnabahar", "Cauliflower", 1, 45.00),
            ("Brokoli", "Broccoli", 1, 90.00),
            ("Taze Fasulye", "Green Beans", 1, 110.00),
            ("Zencefil", "Ginger", 1, 300.00),
        ],
    ),
    Category(
        "Süt Ürünleri",
        "Dairy",
        pieces=[
            (
                "Tam Yağlı Süt",
                "Whole Milk",
                1,
                [("1 L", 45.00), ("500 ml", 25.50), ("200 ml", 12.50)],
            ),
            ("Yarım Yağlı Süt", "Semi-Skimmed Milk", 1, [("1 L", 43.50)]),
            ("Laktozsuz Süt", "Lactose-Free Milk", 1, [("1 L", 58.00)]),
            ("Günlük Pastörize Süt", "Fresh Pasteurised Milk", 1, [("1 L", 48.00), ("2 L", 92.00)]),
            ("Kakaolu Süt", "Chocolate Milk", 10, [("200 ml", 15.00), pcs(6, 85.00)]),
            ("Çilekli Süt", "Strawberry Milk", 10, [("200 ml", 15.00)]),
            (
                "Tam Yağlı Yoğurt",
                "Whole Milk Yoghurt",
                1,
                [("500 g", 45.00), ("1 kg", 85.00), ("2.5 kg", 195.00)],
            ),
            ("Süzme Yoğurt", "Strained Yoghurt", 1, [("500 g", 90.00)]),
            ("Ayran", "Ayran Yoghurt Drink", 1, [("300 ml", 15.00), ("1 L", 40.00)]),
            ("Kefir", "Kefir", 10, [("1 L", 70.00)]),
            ("Beyaz Peynir", "White Cheese", 1, [("500 g", 180.00), ("1 kg", 340.00)]),
            ("Kaşar Peyniri", "Kashar Cheese", 1, [("400 g", 230.00), ("700 g", 390.00)]),
            ("Dilimli Kaşar", "Sliced Kashar Cheese", 1, [("200 g", 130.00)]),
            ("Labne Peyniri", "Labneh Cheese", 1, [("200 g", 70.00)]),
            ("Krem Peynir", "Cream Cheese", 1, [("180 g", 65.00)]),
            ("Lor Peyniri", "Curd Cheese", 1, [("500 g", 60.00)]),
            ("Tereyağı", "Butter", 1, [("250 g", 190.00), ("500 g", 370.00)]),
            ("Sıvı Krema", "Cooking Cream", 10, [("200 ml", 45.00)]),
            ("Manda Kaymağı", "Buffalo Clotted Cream", 10, [("200 g", 140.00)]),
            ("Sütlaç", "Rice Pudding", 10, [("150 g", 30.00)]),
        ],
        weighed=[
            ("Ezine Beyaz Peynir", "Ezine White Cheese", 1, 560.00),
            ("Tulum Peyniri", "Tulum Cheese", 1, 480.00),
            ("Eski Kaşar", "Aged Kashar Cheese", 1, 620.00),
            ("Taze Kaşar", "Fresh Kashar Cheese", 1, 420.00),
            ("Çeçil Peyniri", "String Cheese", 1, 450.00),
            ("Otlu Peynir", "Herb Cheese", 1, 470.00),
        ],
    ),
    Category(
        "Kahvaltılık",
        "Breakfast",
        pieces=[
            ("Yumurta", "Eggs", 1, [pcs(10, 65.00), pcs(15, 95.00), pcs(30, 185.00)]),
            ("Gezen Tavuk Yumurtası", "Free-Range Eggs", 1, [pcs(10, 110.00)]),
            ("Süzme Çiçek Balı", "Flower Honey", 10, [("460 g", 240.00), ("850 g", 420.00)]),
            ("Petek Bal", "Honeycomb", 10, [("400 g", 380.00)]),
            ("Çilek Reçeli", "Strawberry Jam", 10, [("380 g", 75.00)]),
            ("Vişne Reçeli", "Sour Cherry Jam", 10, [("380 g", 75.00)]),
            ("Kayısı Reçeli", "Apricot Jam", 10, [("380 g", 75.00)]),
            ("Tahin", "Tahini", 1, [("300 g", 110.00)]),
            ("Üzüm Pekmezi", "Grape Molasses", 1, [("700 g", 120.00)]),
            (
                "Kakaolu Fındık Kreması",
                "Cocoa Hazelnut Spread",
                10,
                [("350 g", 140.00), ("700 g", 260.00)],
            ),
            ("Sade Tahin Helvası", "Plain Tahini Halva", 10, [("500 g", 130.00)]),
            ("Kakaolu Tahin Helvası", "Cocoa Tahini Halva", 10, [("500 g", 140.00)]),
            ("Gemlik Siyah Zeytin", "Gemlik Black Olives", 1, [("400 g", 150.00)]),
            ("Yeşil Zeytin", "Green Olives", 1, [("400 g", 130.00)]),
            ("Mısır Gevreği", "Corn Flakes", 10, [("375 g", 90.00)]),
            ("Çikolatalı Gevrek", "Chocolate Cereal", 10, [("400 g", 110.00)]),
            ("Meyveli Müsli", "Fruit Muesli", 10, [("400 g", 140.00)]),
            ("Yulaf Ezmesi", "Rolled Oats", 1, [("500 g", 60.00)]),
            ("Margarin", "Margarine", 10, [("250 g", 55.00)]),
        ],
        weighed=[
            ("Gemlik Siyah Zeytin Açık", "Loose Gemlik Black Olives", 1, 320.00),
            ("Yeşil Çizik Zeytin", "Scored Green Olives", 1, 260.00),
            ("Kırma Yeşil Zeytin", "Cracked Green Olives", 1, 240.00),
            ("Ayvalık Yeşil Zeytin", "Ayvalık Green Olives", 1, 280.00),
            ("Sele Siyah Zeytin", "Dry-Cured Black Olives", 1, 300.00),
        ],
    ),
    Category(
        "Fırın",
        "Bakery",
        pieces=[
            ("Ekmek", "White Bread", 1, [("200 g", 15.00)]),
            ("Tam Buğday Ekmeği", "Whole Wheat Bread", 1, [("500 g", 40.00)]),
            ("Çavdar Ekmeği", "Rye Bread", 1, [("450 g", 45.00)]),
            ("Kepekli Ekmek", "Bran Bread", 1, [("400 g", 35.00)]),
            ("Tost Ekmeği", "Toast Bread", 1, [("700 g", 45.00)]),
            ("Bazlama", "Bazlama Flatbread", 1, [pcs(5, 60.00)]),
            ("Lavaş", "Lavash Wrap", 1, [pcs(10, 50.00)]),
            ("Pide", "Pide Bread", 1, [("400 g", 35.00)]),
            ("Simit", "Simit Sesame Ring", 1, [("110 g", 15.00)]),
            ("Sandviç Ekmeği", "Sandwich Rolls", 1, [pcs(6, 55.00)]),
            ("Hamburger Ekmeği", "Burger Buns", 1, [pcs(4, 45.00)]),
            ("Hazır Yufka", "Yufka Pastry Sheets", 1, [("500 g", 55.00)]),
            ("Peynirli Poğaça", "Cheese Pogaca", 10, [pcs(6, 75.00)]),
            ("Açma", "Acma Soft Bun", 10, [pcs(4, 70.00)]),
            ("Tereyağlı Kruvasan", "Butter Croissant", 10, [pcs(6, 90.00)]),
            ("Galeta", "Breadsticks", 10, [("200 g", 30.00)]),
            ("Etimek", "Etimek Rusks", 10, [("200 g", 45.00)]),
            ("Mozaik Kek", "Marble Cake", 10, [("250 g", 60.00)]),
        ],
        weighed=[],
    ),
    Category(
        "Et & Tavuk",
        "Meat & Poultry",
        pieces=[
            ("Dana Kıyma", "Minced Beef", 1, [("500 g", 340.00), ("1 kg", 660.00)]),
            ("Dana Köfte", "Beef Meatballs", 1, [("500 g", 320.00)]),
            (
                "Tavuk Göğüs Fileto",
                "Chicken Breast Fillet",
                1,
                [("500 g", 120.00), ("1 kg", 230.00)],
            ),
            ("Tavuk Baget", "Chicken Drumsticks", 1, [("1 kg", 150.00)]),
            ("Tavuk Kanat", "Chicken Wings", 1, [("1 kg", 180.00)]),
            ("Tavuk Pirzola", "Boneless Chicken Thigh", 1, [("1 kg", 190.00)]),
            ("Hindi Göğüs Füme", "Smoked Turkey Breast", 10, [("150 g", 90.00)]),
            ("Kasap Sucuk", "Beef Sucuk Sausage", 10, [("250 g", 210.00), ("500 g", 400.00)]),
            ("Dana Salam", "Beef Salami", 10, [("200 g", 90.00)]),
            ("Piliç Sosis", "Chicken Frankfurters", 10, [("500 g", 120.00)]),
            ("Çemen Pastırma", "Pastirma Cured Beef", 10, [("100 g", 220.00)]),
            ("Dana Kavurma", "Beef Confit", 10, [("200 g", 250.00)]),
        ],
        weighed=[
            ("Dana Kuşbaşı", "Diced Beef", 1, 750.00),
            ("Dana Antrikot", "Beef Entrecote", 1, 950.00),
            ("Dana Bonfile", "Beef Tenderloin", 1, 1250.00),
            ("Kuzu Pirzola", "Lamb Chops", 1, 950.00),
            ("Kuzu But", "Leg of Lamb", 1, 820.00),
            ("Kuzu Kuşbaşı", "Diced Lamb", 1, 850.00),
            ("Bütün Piliç", "Whole Chicken", 1, 120.00),
            ("Levrek", "Sea Bass", 1, 380.00),
            ("Çipura", "Sea Bream", 1, 360.00),
            ("Hamsi", "Anchovy", 1, 180.00),
        ],
    ),
    Category(
        "Temel Gıda",
        "Pantry",
        pieces=[
            ("Buğday Unu", "Wheat Flour", 1, [("2 kg", 55.00), ("5 kg", 130.00)]),
            ("Baldo Pirinç", "Baldo Rice", 1, [("1 kg", 85.00), ("2.5 kg", 200.00)]),
            ("Osmancık Pirinç", "Osmancik Rice", 1, [("1 kg", 70.00), ("2.5 kg", 165.00)]),
            ("Pilavlık Bulgur", "Coarse Bulgur", 1, [("1 kg", 45.00)]),
            ("Köftelik Bulgur", "Fine Bulgur", 1, [("1 kg", 45.00)]),
            ("Kırmızı Mercimek", "Red Lentils", 1, [("1 kg", 70.00)]),
            ("Yeşil Mercimek", "Green Lentils", 1, [("1 kg", 80.00)]),
            ("Nohut", "Chickpeas", 1, [("1 kg", 75.00)]),
            ("Kuru Fasulye", "Dried White Beans", 1, [("1 kg", 95.00)]),
            ("Spagetti Makarna", "Spaghetti", 1, [("500 g", 22.00)]),
            ("Burgu Makarna", "Fusilli Pasta", 1, [("500 g", 22.00)]),
            ("Kelebek Makarna", "Farfalle Pasta", 1, [("500 g", 22.00)]),
            ("Arpa Şehriye", "Orzo", 1, [("500 g", 22.00)]),
            ("Tel Şehriye", "Vermicelli", 1, [("500 g", 22.00)]),
            ("Toz Şeker", "Granulated Sugar", 1, [("1 kg", 45.00), ("5 kg", 215.00)]),
            ("Küp Şeker", "Sugar Cubes", 1, [("750 g", 55.00)]),
            ("Ayçiçek Yağı", "Sunflower Oil", 1, [("1 L", 95.00), ("5 L", 430.00)]),
            ("Mısırözü Yağı", "Corn Oil", 1, [("1 L", 110.00)]),
            (
                "Sızma Zeytinyağı",
                "Extra Virgin Olive Oil",
                1,
                [("500 ml", 220.00), ("1 L", 420.00)],
            ),
            ("İyotlu Sofra Tuzu", "Iodised Table Salt", 10, [("750 g", 20.00)]),
            ("Domates Salçası", "Tomato Paste", 10, [("830 g", 85.00)]),
            ("Biber Salçası", "Pepper Paste", 10, [("650 g", 110.00)]),
            ("Ayçiçek Yağlı Ton Balığı", "Tuna in Sunflower Oil", 10, [("2x80 g", 110.00)]),
            ("Haşlanmış Nohut", "Cooked Chickpeas", 10, [("400 g", 35.00)]),
            ("Közlenmiş Biber", "Roasted Peppers", 10, [("660 g", 75.00)]),
            ("Karışık Turşu", "Mixed Pickles", 10, [("1 kg", 70.00)]),
            ("Pul Biber", "Red Pepper Flakes", 10, [("100 g", 45.00)]),
            ("Karabiber", "Black Pepper", 10, [("50 g", 40.00)]),
            ("Kimyon", "Cumin", 10, [("50 g", 35.00)]),
            ("Kuru Nane", "Dried Mint", 10, [("50 g", 30.00)]),
            ("Kekik", "Thyme", 10, [("50 g", 30.00)]),
            ("Kabartma Tozu", "Baking Powder", 10, [pcs(5, 20.00, "sachets")]),
            ("Vanilin", "Vanillin", 10, [pcs(5, 15.00, "sachets")]),
            ("Mercimek Çorbası", "Instant Lentil Soup", 10, [("70 g", 25.00)]),
            ("Ezogelin Çorbası", "Instant Ezogelin Soup", 10, [("70 g", 25.00)]),
            ("Mayonez", "Mayonnaise", 10, [("400 g", 75.00)]),
            ("Ketçap", "Ketchup", 10, [("400 g", 60.00)]),
        ],
        weighed=[],
    ),
    Category(
        "Atıştırmalık",
        "Snacks",
        pieces=[
            ("Sütlü Çikolata", "Milk Chocolate", 10, [("80 g", 45.00)]),
            ("Bitter Çikolata %70", "Dark Chocolate 70%", 10, [("80 g", 55.00)]),
            ("Fındıklı Sütlü Çikolata", "Hazelnut Milk Chocolate", 10, [("80 g", 50.00)]),
            ("Çikolatalı Gofret", "Chocolate Wafer", 10, [("36 g", 12.00), pcs(12, 130.00)]),
            ("Petibör Bisküvi", "Petit Beurre Biscuits", 10, [("150 g", 20.00)]),
            ("Kakaolu Kremalı Bisküvi", "Cocoa Cream Biscuits", 10, [("3x61 g", 30.00)]),
            ("Yulaflı Bisküvi", "Oat Biscuits", 10, [("175 g", 35.00)]),
            ("Tuzlu Kraker", "Salted Crackers", 10, [("150 g", 25.00)]),
            ("Kakaolu Kek", "Cocoa Snack Cake", 10, [pcs(5, 45.00)]),
            (
                "Klasik Patates Cipsi",
                "Classic Potato Crisps",
                10,
                [("150 g", 50.00), ("250 g", 80.00)],
            ),
            ("Baharatlı Patates Cipsi", "Spicy Potato Crisps", 10, [("150 g", 50.00)]),
            ("Mısır Cipsi", "Tortilla Chips", 10, [("140 g", 50.00)]),
            ("Mikrodalga Patlamış Mısır", "Microwave Popcorn", 10, [("90 g", 25.00)]),
            ("Meyveli Jelibon", "Fruit Gummies", 10, [("80 g", 20.00)]),
            ("Çifte Kavrulmuş Lokum", "Turkish Delight", 10, [("500 g", 120.00)]),
            ("Naneli Sakız", "Mint Chewing Gum", 10, [("27 g", 15.00)]),
            ("Karışık Kuruyemiş", "Mixed Nuts", 10, [("150 g", 120.00)]),
            ("Tuzlu Fıstık", "Salted Peanuts", 10, [("150 g", 60.00)]),
            ("Pestil", "Fruit Leather", 10, [("250 g", 90.00)]),
        ],
        weighed=[
            ("Kavrulmuş Fındık", "Roasted Hazelnuts", 1, 950.00),
            ("Antep Fıstığı", "Pistachios", 1, 1300.00),
            ("Kaju", "Cashews", 1, 950.00),
            ("Çiğ Badem", "Raw Almonds", 1, 850.00),
            ("Ceviz İçi", "Walnut Kernels", 1, 620.00),
            ("Tuzlu Ay Çekirdeği", "Salted Sunflower Seeds", 1, 200.00),
            ("Kabak Çekirdeği", "Pumpkin Seeds", 1, 450.00),
            ("Sarı Leblebi", "Roasted Chickpeas", 1, 180.00),
            ("Kuru Kayısı", "Dried Apricots", 1, 400.00),
            ("Kuru Üzüm", "Raisins", 1, 250.00),
            ("Kuru İncir", "Dried Figs", 1, 450.00),
            ("Karışık Kuruyemiş Açık", "Loose Mixed Nuts", 1, 700.00),
        ],
    ),
    Category(
        "İçecekler",
        "Beverages",
        pieces=[
            (
                "Doğal Kaynak Suyu",
                "Spring Water",
                10,
                [("0.5 L", 8.00), ("1.5 L", 14.00), ("5 L", 35.00), ("6x1.5 L", 80.00)],
            ),
            (
                "Sade Maden Suyu",
                "Plain Mineral Water",
                10,
                [("200 ml", 10.00), ("6x200 ml", 55.00)],
            ),
            ("Limonlu Maden Suyu", "Lemon Mineral Water", 10, [("200 ml", 12.00)]),
            ("Kola", "Cola", 20, [("330 ml", 30.00), ("1 L", 45.00), ("2.5 L", 80.00)]),
            ("Şekersiz Kola", "Zero Sugar Cola", 20, [("330 ml", 30.00), ("1 L", 45.00)]),
            ("Gazoz", "Lemon-Lime Soda", 20, [("1 L", 35.00)]),
            ("Portakallı Gazoz", "Orange Soda", 20, [("1 L", 35.00)]),
            ("Limonata", "Lemonade", 20, [("1 L", 40.00)]),
            (
                "Şeftali Aromalı Buzlu Çay",
                "Peach Iced Tea",
                20,
                [("330 ml", 30.00), ("1.5 L", 55.00)],
            ),
            ("Enerji İçeceği", "Energy Drink", 20, [("250 ml", 45.00)]),
            ("Şeftali Nektarı", "Peach Nectar", 10, [("1 L", 55.00), ("200 ml", 15.00)]),
            ("Vişne Nektarı", "Sour Cherry Nectar", 10, [("1 L", 55.00)]),
            ("%100 Portakal Suyu", "100% Orange Juice", 10, [("1 L", 85.00)]),
            ("Acılı Şalgam Suyu", "Spicy Turnip Juice", 10, [("1 L", 35.00)]),
            ("Siyah Çay", "Black Tea", 1, [("500 g", 160.00), ("1 kg", 300.00)]),
            ("Demlik Poşet Çay", "Teapot Tea Bags", 1, [pcs(100, 130.00)]),
            ("Bardak Poşet Çay", "Cup Tea Bags", 1, [pcs(100, 90.00)]),
            ("Yeşil Çay", "Green Tea", 10, [pcs(20, 45.00, "bags")]),
            ("Ihlamur Çayı", "Linden Tea", 10, [pcs(20, 45.00, "bags")]),
            ("Türk Kahvesi", "Turkish Coffee", 10, [("100 g", 80.00), ("250 g", 190.00)]),
            ("Filtre Kahve", "Filter Coffee", 10, [("250 g", 220.00)]),
            ("Granül Kahve", "Instant Coffee", 10, [("100 g", 180.00)]),
            ("3'ü 1 Arada Kahve", "3-in-1 Coffee", 10, [pcs(10, 60.00, "sachets")]),
            ("Sıcak Çikolata", "Hot Chocolate", 10, [pcs(10, 70.00, "sachets")]),
        ],
        weighed=[],
    ),
    Category(
        "Dondurulmuş",
        "Frozen",
        pieces=[
            ("Dondurulmuş Bezelye", "Frozen Peas", 1, [("450 g", 50.00)]),
            ("Dondurulmuş Garnitür", "Frozen Mixed Vegetables", 1, [("450 g", 55.00)]),
            ("Dondurulmuş Ispanak", "Frozen Spinach", 1, [("450 g", 50.00)]),
            (
                "Dondurulmuş Patates",
                "Frozen French Fries",
                10,
                [("1 kg", 90.00), ("2.5 kg", 200.00)],
            ),
            ("Milföy Hamuru", "Puff Pastry", 10, [("1 kg", 90.00)]),
            ("Kayseri Mantısı", "Kayseri Manti Dumplings", 10, [("500 g", 110.00)]),
            ("Peynirli Sigara Böreği", "Cheese Cigar Borek", 10, [("500 g", 110.00)]),
            ("Margarita Pizza", "Margherita Pizza", 10, [("350 g", 110.00)]),
            ("Karışık Pizza", "Mixed Topping Pizza", 10, [("400 g", 125.00)]),
            ("Tavuk Nugget", "Chicken Nuggets", 10, [("400 g", 160.00)]),
            ("Dondurulmuş İçli Köfte", "Frozen Stuffed Meatballs", 10, [pcs(12, 190.00)]),
            ("Külah Dondurma", "Ice Cream Cone", 10, [("120 ml", 30.00)]),
            ("Çubuk Dondurma", "Ice Cream Stick", 10, [("80 ml", 25.00)]),
            ("Kaymaklı Dondurma", "Clotted Cream Ice Cream", 10, [("900 ml", 130.00)]),
            ("Çikolatalı Dondurma", "Chocolate Ice Cream", 10, [("900 ml", 130.00)]),
        ],
        weighed=[],
    ),
    Category(
        "Temizlik",
        "Cleaning",
        pieces=[
            ("Bulaşık Deterjanı", "Dishwashing Liquid", 20, [("750 ml", 70.00), ("1.5 L", 120.00)]),
            (
                "Bulaşık Makinesi Tableti",
                "Dishwasher Tablets",
                20,
                [pcs(40, 350.00, "tablets"), pcs(60, 480.00, "tablets")],
            ),
            ("Toz Çamaşır Deterjanı", "Laundry Powder", 20, [("4.5 kg", 450.00)]),
            (
                "Sıvı Çamaşır Deterjanı",
                "Liquid Laundry Detergent",
                20,
                [("1.5 L", 200.00), ("3 L", 360.00)],
            ),
            ("Çamaşır Yumuşatıcısı", "Fabric Softener", 20, [("1.5 L", 110.00), ("3 L", 200.00)]),
            ("Çamaşır Suyu", "Bleach", 20, [("2 L", 65.00), ("4 L", 115.00)]),
            ("Yüzey Temizleyici", "Surface Cleaner", 20, [("2.5 L", 100.00)]),
            ("Cam Temizleyici", "Glass Cleaner", 20, [("500 ml", 65.00)]),
            ("Kireç Çözücü", "Limescale Remover", 20, [("750 ml", 85.00)]),
            ("Lavabo Açıcı", "Drain Unblocker", 20, [("1 L", 80.00)]),
            ("Sıvı Arap Sabunu", "Liquid Soft Soap", 20, [("1.5 L", 85.00)]),
            (
                "Tuvalet Kağıdı",
                "Toilet Paper",
                20,
                [pcs(16, 230.00, "rolls"), pcs(32, 430.00, "rolls")],
            ),
            (
                "Kağıt Havlu",
                "Paper Towels",
                20,
                [pcs(6, 180.00, "rolls"), pcs(12, 330.00, "rolls")],
            ),
            ("Peçete", "Napkins", 20, [pcs(100, 30.00)]),
            ("Orta Boy Çöp Torbası", "Medium Bin Bags", 20, [pcs(20, 40.00)]),
            ("Büyük Boy Çöp Torbası", "Large Bin Bags", 20, [pcs(10, 45.00)]),
            ("Bulaşık Süngeri", "Dish Sponges", 20, [pcs(3, 30.00)]),
            ("Mikrofiber Temizlik Bezi", "Microfibre Cloths", 20, [pcs(3, 60.00)]),
            (
                "Bulaşık Eldiveni Orta Boy",
                "Rubber Gloves Medium",
                20,
                [("1 Çift", "1 Pair", 40.00)],
            ),
        ],
        weighed=[],
    ),
    Category(
        "Kişisel Bakım",
        "Personal Care",
        pieces=[
            ("Şampuan", "Shampoo", 20, [("400 ml", 120.00), ("600 ml", 170.00)]),
            ("Kepeğe Karşı Şampuan", "Anti-Dandruff Shampoo", 20, [("400 ml", 140.00)]),
            ("Saç Kremi", "Hair Conditioner", 20, [("350 ml", 110.00)]),
            ("Duş Jeli", "Shower Gel", 20, [("500 ml", 110.00)]),
            ("Katı Sabun", "Bar Soap", 20, [pcs(4, 60.00)]),
            ("Sıvı El Sabunu", "Liquid Hand Soap", 20, [("500 ml", 50.00), ("1.5 L", 100.00)]),
            ("Diş Macunu", "Toothpaste", 20, [("75 ml", 70.00), ("2x75 ml", 120.00)]),
            ("Orta Sertlikte Diş Fırçası", "Medium Toothbrush", 20, [("Adet", "Each", 45.00)]),
            ("Ağız Gargarası", "Mouthwash", 20, [("500 ml", 130.00)]),
            ("Sprey Deodorant", "Deodorant Spray", 20, [("150 ml", 130.00)]),
            ("Roll-On Deodorant", "Roll-On Deodorant", 20, [("50 ml", 110.00)]),
            ("Tıraş Köpüğü", "Shaving Foam", 20, [("200 ml", 110.00)]),
            ("Tıraş Bıçağı", "Disposable Razors", 20, [pcs(5, 95.00)]),
            ("Islak Mendil", "Wet Wipes", 20, [pcs(90, 40.00)]),
            ("Normal Hijyenik Ped", "Sanitary Pads Normal", 10, [pcs(10, 65.00), pcs(20, 115.00)]),
            ("Hidrofil Pamuk", "Cotton Wool", 20, [("100 g", 30.00)]),
            ("Kulak Temizleme Çubuğu", "Cotton Buds", 20, [pcs(200, 40.00)]),
            ("Güneş Kremi SPF 50", "Sunscreen SPF 50", 20, [("200 ml", 350.00)]),
            ("El Kremi", "Hand Cream", 20, [("75 ml", 60.00)]),
            ("Limon Kolonyası", "Lemon Cologne", 20, [("400 ml", 120.00)]),
        ],
        weighed=[],
    ),
    Category(
        "Bebek",
        "Baby",
        pieces=[
            ("Bebek Bezi Midi", "Baby Diapers Midi", 10, [pcs(60, 430.00)]),
            ("Bebek Bezi Maxi", "Baby Diapers Maxi", 10, [pcs(50, 430.00)]),
            ("Bebek Bezi Junior", "Baby Diapers Junior", 10, [pcs(44, 430.00)]),
            ("Külot Bez Maxi", "Pull-Up Pants Maxi", 10, [pcs(40, 460.00)]),
            ("Islak Bebek Mendili", "Baby Wipes", 20, [pcs(90, 45.00), ("3x90", 120.00)]),
            ("Bebek Şampuanı", "Baby Shampoo", 20, [("400 ml", 150.00)]),
            ("Bebek Yağı", "Baby Oil", 20, [("200 ml", 120.00)]),
            ("Pişik Kremi", "Nappy Rash Cream", 20, [("100 ml", 150.00)]),
            ("Devam Sütü 2 Numara", "Follow-On Formula Stage 2", 1, [("800 g", 650.00)]),
            ("Pirinçli Kaşık Maması", "Rice Baby Cereal", 1, [("250 g", 110.00)]),
            ("Elmalı Meyve Püresi", "Apple Fruit Puree", 10, [("120 g", 30.00)]),
            ("Bebek Bisküvisi", "Baby Biscuits", 10, [("172 g", 45.00)]),
            ("Biberon", "Baby Bottle", 20, [("250 ml", 220.00)]),
            ("Silikon Emzik", "Silicone Pacifier", 20, [pcs(2, 180.00)]),
        ],
        weighed=[],
    ),
    Category(
        "Kırtasiye",
        "Stationery",
        pieces=[
            (
                "Çizgili Defter A4 80 Yaprak",
                "Lined Notebook A4 80 Sheets",
                20,
                [("Adet", "Each", 70.00)],
            ),
            (
                "Kareli Defter A5 60 Yaprak",
                "Squared Notebook A5 60 Sheets",
                20,
                [("Adet", "Each", 45.00)],
            ),
            (
                "Spiralli Defter A4 120 Yaprak",
                "Spiral Notebook A4 120 Sheets",
                20,
                [("Adet", "Each", 110.00)],
            ),
            (
                "Mavi Tükenmez Kalem",
                "Blue Ballpoint Pen",
                20,
                [("Adet", "Each", 15.00), pcs(10, 120.00)],
            ),
            ("Kurşun Kalem", "Pencils", 20, [pcs(12, 60.00)]),
            (
                "Kuru Boya",
                "Coloured Pencils",
                20,
                [("12 Renk", "12 Colours", 90.00), ("24 Renk", "24 Colours", 170.00)],
            ),
            ("Keçeli Kalem", "Felt-Tip Pens", 20, [("12 Renk", "12 Colours", 80.00)]),
            ("Sulu Boya", "Watercolour Paints", 20, [("12 Renk", "12 Colours", 70.00)]),
            ("Oyun Hamuru", "Modelling Dough", 20, [("6 Renk", "6 Colours", 75.00)]),
            ("Fosforlu Kalem", "Highlighters", 20, [pcs(4, 80.00)]),
            ("Beyaz Silgi", "White Eraser", 20, [("Adet", "Each", 15.00)]),
            ("Kalemtıraş", "Pencil Sharpener", 20, [("Adet", "Each", 20.00)]),
            ("Stick Yapıştırıcı", "Glue Stick", 20, [("21 g", 35.00)]),
            ("Öğrenci Makası", "School Scissors", 20, [("Adet", "Each", 60.00)]),
            ("Fotokopi Kağıdı A4", "Copy Paper A4", 20, [("500 Yaprak", "500 Sheets", 230.00)]),
            ("Şeffaf Poşet Dosya", "Clear Punched Pockets", 20, [pcs(100, 110.00)]),
            ("Yapışkanlı Not Kağıdı", "Sticky Notes", 20, [("76x76 mm", 40.00)]),
            ("Plastik Cetvel", "Plastic Ruler", 20, [("30 cm", 15.00)]),
            ("2026 Ajanda", "2026 Planner", 20, [("A5", 180.00)]),
        ],
        weighed=[],
    ),
    Category(
        "Ev & Yaşam",
        "Home",
        pieces=[
            ("Alüminyum Folyo", "Aluminium Foil", 20, [("30 m", 90.00)]),
            ("Streç Film", "Cling Film", 20, [("30 m", 55.00)]),
            ("Pişirme Kağıdı", "Baking Paper", 20, [("8 m", 40.00)]),
            ("Orta Boy Buzdolabı Poşeti", "Medium Freezer Bags", 20, [pcs(40, 45.00)]),
            ("Kürdan", "Toothpicks", 20, [pcs(300, 20.00)]),
            ("Karton Bardak", "Paper Cups", 20, [pcs(25, 40.00)]),
            ("LED Ampul", "LED Bulb", 20, [("9 W", 60.00), ("12 W", 75.00)]),
            ("AA Kalem Pil", "AA Batteries", 20, [pcs(4, 90.00)]),
            ("AAA İnce Kalem Pil", "AAA Batteries", 20, [pcs(4, 90.00)]),
            ("Kibrit", "Matches", 20, [pcs(10, 20.00, "boxes")]),
            ("Çakmak", "Lighters", 20, [pcs(3, 45.00)]),
            ("Oda Kokusu Spreyi", "Air Freshener Spray", 20, [("300 ml", 90.00)]),
            ("Sinek ve Sivrisinek Spreyi", "Fly and Mosquito Spray", 20, [("300 ml", 110.00)]),
            ("Üçlü Grup Priz", "Triple Power Strip", 20, [("3 m", 250.00)]),
            ("Çay Bardağı", "Tea Glasses", 20, [pcs(6, 120.00)]),
            ("Su Bardağı", "Water Glasses", 20, [pcs(6, 140.00)]),
            ("Saklama Kabı Seti", "Food Storage Containers", 20, [pcs(3, 150.00)]),
            ("Tealight Mum", "Tealight Candles", 20, [pcs(10, 60.00)]),
        ],
        weighed=[],
    ),
    Category(
        "Kitap & Dergi",
        "Books & Magazines",
        pieces=[
            ("Günlük Gazete", "Daily Newspaper", 1, [("Adet", "Each", 20.00)]),
            ("Spor Gazetesi", "Sports Newspaper", 1, [("Adet", "Each", 20.00)]),
            ("Haftalık Haber Dergisi", "Weekly News Magazine", 1, [("Adet", "Each", 100.00)]),
            ("Aylık Yemek Dergisi", "Monthly Cooking Magazine", 1, [("Adet", "Each", 90.00)]),
            ("Çocuk Dergisi", "Children's Magazine", 1, [("Adet", "Each", 75.00)]),
            ("Bulmaca Dergisi", "Crossword Magazine", 1, [("Adet", "Each", 40.00)]),
            ("Sudoku Kitabı", "Sudoku Book", 1, [("Adet", "Each", 60.00)]),
            ("Çocuk Boyama Kitabı", "Children's Colouring Book", 1, [("Adet", "Each", 50.00)]),
            (
                "Pratik Yemek Tarifleri Kitabı",
                "Easy Recipes Cookbook",
                1,
                [("Adet", "Each", 180.00)],
            ),
            ("Cep Boy Klasik Roman", "Pocket Classic Novel", 1, [("Adet", "Each", 90.00)]),
            ("Resimli Masal Kitabı", "Illustrated Fairy Tale Book", 1, [("Adet", "Each", 80.00)]),
            ("Türkçe Sözlük", "Turkish Dictionary", 1, [("Adet", "Each", 250.00)]),
        ],
        weighed=[],
    ),
]


# The kiosk's produce pictures (drawn by make_demo_images.py), by English name.
PICTURES = {
    "Red Delicious Apple": "apple-red.png",
    "Granny Smith Apple": "apple-green.png",
    "Golden Apple": "apple-golden.png",
    "Deveci Pear": "pear.png",
    "Banana": "banana.png",
    "Domestic Banana": "banana-domestic.png",
    "Orange": "orange.png",
    "Mandarin": "mandarin.png",
    "Lemon": "lemon.png",
    "Grapefruit": "grapefruit.png",
    "Pomegranate": "pomegranate.png",
    "Kiwi": "kiwi.png",
    "Seedless Grapes": "grapes.png",
    "Peach": "peach.png",
    "Apricot": "apricot.png",
    "Strawberry": "strawberry.png",
    "Watermelon": "watermelon.png",
    "Melon": "melon.png",
    "Tomato": "tomato.png",
    "Vine Tomato": "tomato-vine.png",
    "Cucumber": "cucumber.png",
    "Green Pepper": "pepper-green.png",
    "Charleston Pepper": "pepper-charleston.png",
    "Red Kapia Pepper": "pepper-kapia.png",
    "Eggplant": "eggplant.png",
    "Zucchini": "zucchini.png",
    "Potato": "potato.png",
    "Onion": "onion.png",
    "Red Onion": "onion-red.png",
    "Carrot": "carrot.png",
    "Spinach": "spinach.png",
    "Leek": "leek.png",
    "White Cabbage": "cabbage.png",
    "Cauliflower": "cauliflower.png",
    "Broccoli": "broccoli.png",
    "Green Beans": "green-beans.png",
}


ALCOHOL = ("Alkollü İçecekler", "Alcoholic Drinks")
TOBACCO = ("Tütün Ürünleri", "Tobacco")
# sku, name, name_en, category, category_en, price, restriction (all 18+)
RESTRICTED = (
    ("BIRA-50CL", "Pilsen Bira 50 cl", "Pilsner Beer 50 cl", *ALCOHOL, 75.00, "alcohol"),
    ("BIRA-6X33CL", "Pilsen Bira 6x33 cl", "Pilsner Beer 6x33 cl", *ALCOHOL, 320.00, "alcohol"),
    ("RAKI-70CL", "Rakı 70 cl", "Raki 70 cl", *ALCOHOL, 1150.00, "alcohol"),
    ("SARAP-75CL", "Kırmızı Şarap 75 cl", "Red Wine 75 cl", *ALCOHOL, 450.00, "alcohol"),
    ("SIGARA-20", "Sigara 20'li Paket", "Cigarettes Pack of 20", *TOBACCO, 100.00, "tobacco"),
)


def _expand_variant(variant: Variant) -> tuple[str, str, float]:
    if len(variant) == 2:
        size, price = variant
        return size.replace(".", ","), size, price
    return variant


def _to_price(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"))


class BarcodeFactory:
    """Deterministic generator of unique EAN-13 codes with Turkish prefixes."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def new(self) -> str:
        while True:
            prefix = self._rng.choice(GS1_PREFIXES)
            body = "".join(str(self._rng.randrange(10)) for _ in range(9))
            first12 = prefix + body
            code = first12 + ean13_check_digit(first12)
            if code not in self._used:
                self._used.add(code)
                return code


def build_products() -> list[Product]:
    rng = random.Random(SEED)
    barcodes = BarcodeFactory(rng)
    products: list[Product] = []

    def add(
        cat: Category,
        name: str,
        name_en: str,
        codes: tuple[str, ...],
        price: float,
        vat: int,
        unit: str,
        plu: str,
    ) -> None:
        products.append(
            Product(
                sku=f"SKU-{len(products) + 1:05d}",
                name=name,
                name_en=name_en,
                category=cat.name,
                category_en=cat.name_en,
                barcodes=codes,
                price=_to_price(price),
                vat_rate=vat,
                unit=unit,
                plu=plu,
                image=PICTURES.get(name_en, ""),
            )
        )

    for cat_index, cat in enumerate(CATALOG, start=1):
        for base_tr, base_en, vat, variants in cat.pieces:
            for variant in variants:
                size_tr, size_en, price = _expand_variant(variant)
                add(
                    cat,
                    f"{base_tr} {size_tr}",
                    f"{base_en} {size_en}",
                    (barcodes.new(),),
                    price,
                    vat,
                    "piece",
                    "",
                )
        # PLU codes are grouped per category: 00101.., 00201.., ...
        for offset, (name_tr, name_en, vat, price_per_kg) in enumerate(cat.weighed, start=1):
            add(
                cat,
                name_tr,
                name_en,
                (),
                price_per_kg,
                vat,
                "kg",
                f"{cat_index * 100 + offset:05d}",
            )

    # Give ~10% of all products (piece items only) an alternate barcode.
    piece_indices = [i for i, p in enumerate(products) if p.unit == "piece"]
    n_double = round(len(products) * DOUBLE_BARCODE_SHARE)
    for i in sorted(rng.sample(piece_indices, n_double)):
        p = products[i]
        products[i] = Product(**{**p.__dict__, "barcodes": p.barcodes + (barcodes.new(),)})
    # One model in sizes and colours, to show variants grouped in the stock look-up. Added
    # last so every earlier product keeps its barcodes.
    for colour, colour_en in (("Beyaz", "White"), ("Lacivert", "Navy")):
        for size in ("S", "M", "L"):
            products.append(
                Product(
                    sku=f"TSHIRT-{colour[:3].upper()}-{size}",
                    name=f"Basic Tişört {colour} {size}",
                    name_en=f"Basic T-shirt {colour_en} {size}",
                    category="Giyim",
                    category_en="Clothing",
                    barcodes=(barcodes.new(),),
                    price=_to_price(199.90),
                    vat_rate=10,
                    unit="piece",
                    plu="",
                    model="TSHIRT-BASIC",
                    size=size,
                    colour=colour,
                )
            )
    # Age-restricted goods: the kiosk asks an attendant to check an ID, and sells them only
    # in the hours their rule group allows.
    for sku, name, name_en, category, category_en, price, restriction in RESTRICTED:
        products.append(
            Product(
                sku=sku,
                name=name,
                name_en=name_en,
                category=category,
                category_en=category_en,
                barcodes=(barcodes.new(),),
                price=_to_price(price),
                vat_rate=20,
                unit="piece",
                plu="",
                min_age=18,
                restriction=restriction,
            )
        )
    # The product gift cards are sold as (Settings.gift_card_sku): the amount is typed at the
    # sale and its line carries no VAT (a multi-purpose voucher, docs/loyalty.md).
    products.append(
        Product(
            sku="GIFT-CARD",
            name="Hediye Kartı",
            name_en="Gift Card",
            category="Hediye Kartları",
            category_en="Gift Cards",
            barcodes=(),
            price=_to_price(0.0),
            vat_rate=20,
            unit="piece",
            plu="",
        )
    )
    return products


def validate(products: list[Product]) -> None:
    """Assert every catalog invariant; raises AssertionError on violation."""
    assert len(products) >= MIN_PRODUCTS, f"only {len(products)} products"
    weighed = [p for p in products if p.unit == "kg"]
    assert len(weighed) >= MIN_WEIGHED, f"only {len(weighed)} weighed items"

    for field in ("sku", "name", "name_en"):
        values = [getattr(p, field) for p in products]
        dupes = {v for v in values if values.count(v) > 1}
        assert not dupes, f"duplicate {field}: {sorted(dupes)}"

    # Staff open the file in a spreadsheet: no cell may read as a formula there.
    formulas = [p.sku for p in products if any(c.startswith(FORMULA_START) for c in p.as_row())]
    assert not formulas, f"cells beginning with a formula character: {formulas}"

    all_codes = [code for p in products for code in p.barcodes]
    assert len(all_codes) == len(set(all_codes)), "duplicate barcodes"
    for code in all_codes:
        assert is_valid_ean13(code), f"invalid EAN-13 {code}"
        assert code[:3] in GS1_PREFIXES, f"non-Turkish prefix {code}"

    plus = [p.plu for p in weighed]
    assert len(plus) == len(set(plus)), "duplicate PLU codes"
    for p in products:
        assert p.unit in ("piece", "kg"), p
        assert p.vat_rate in VAT_RATES, p
        assert p.price > 0 or p.sku == "GIFT-CARD", p  # a gift card is priced at the sale
        assert p.price == p.price.quantize(Decimal("0.01")), p
        assert "|" not in p.name and "," not in p.name_en, p
        if p.unit == "kg":
            assert not p.barcodes, f"weighed item with barcode: {p.sku}"
            assert len(p.plu) == 5 and p.plu.isdigit(), f"bad PLU: {p.sku}"
        else:
            # A gift card has none: it is sold from its own button, its code scanned there.
            expected = (0,) if p.sku == "GIFT-CARD" else (1, 2)
            assert len(p.barcodes) in expected, f"bad barcode count: {p.sku}"
            assert p.plu == "", f"piece item with PLU: {p.sku}"

    doubles = sum(1 for p in products if len(p.barcodes) == 2)
    assert 0.08 <= doubles / len(products) <= 0.12, f"{doubles} double-barcode items"
    present = {p.vat_rate for p in products}
    assert present == set(VAT_RATES), f"VAT rates present: {sorted(present)}"
    for rate in VAT_RATES:
        count = sum(1 for p in products if p.vat_rate == rate)
        assert count >= 30, f"only {count} products at VAT {rate}%"


def write_csv(products: list[Product], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv_writer(fh)  # text cells that would run as formulas get a "'" first
        writer.writerow(HEADER)
        writer.writerows(p.as_row() for p in products)


def main() -> None:
    products = build_products()
    validate(products)
    write_csv(products, OUTPUT_PATH)
    weighed = sum(1 for p in products if p.unit == "kg")
    by_vat = ", ".join(
        f"{rate}%: {sum(1 for p in products if p.vat_rate == rate)}" for rate in VAT_RATES
    )
    print(f"Wrote {len(products)} products ({weighed} weighed; VAT {by_vat}) to {OUTPUT_PATH}")


if __name__ == "__main__":
    main()
