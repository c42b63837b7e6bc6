"""Gift card codes (issue 18, item 3): 19 random Crockford base-32 symbols and a Damm check
symbol over GF(32); the check catches every single-symbol error and every adjacent
transposition, typed forms normalise to one code, bad text is refused with the problem named,
and the stored hash is stable and distinct."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.protocol.giftcards import (
    ALPHABET,
    LENGTH,
    GiftCardCodeError,
    check_symbol,
    code_hash,
    display,
    is_valid,
    last4,
    new_code,
    normalise,
)

PROPERTY = settings(deadline=None, derandomize=True, max_examples=60)
BODY = st.lists(st.sampled_from(ALPHABET), min_size=LENGTH - 1, max_size=LENGTH - 1).map("".join)
CODE = BODY.map(lambda body: body + check_symbol(body))


def gf_mul(a: int, b: int) -> int:
    """Product in GF(2^5) mod x^5 + x^2 + 1 by carry-less multiplication: a reference
    written apart from the module's shift-and-reduce."""
    product = 0
    for bit in range(5):
        if b >> bit & 1:
            product ^= a << bit
    for bit in range(9, 4, -1):
        if product >> bit & 1:
            product ^= 0b100101 << (bit - 5)
    return product


# The Damm quasigroup as a table: x * y = 2x + y.
TABLE = [[gf_mul(2, x) ^ y for y in range(32)] for x in range(32)]


def damm(symbols: str) -> int:
    interim = 0
    for symbol in symbols:
        interim = TABLE[interim][ALPHABET.index(symbol)]
    return interim


def with_symbol(code: str, index: int, symbol: str) -> str:
    return code[:index] + symbol + code[index + 1 :]


def swapped(code: str, i: int, j: int) -> str:
    chars = list(code)
    chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def test_the_table_is_a_totally_anti_symmetric_quasigroup() -> None:
    """Every row and column a permutation, and (c*x)*y = (c*y)*x only when x = y, checked for
    all 32^3 triples: what makes the Damm check catch single errors and adjacent swaps."""
    for row in TABLE:
        assert sorted(row) == list(range(32))
    for y in range(32):
        assert sorted(TABLE[x][y] for x in range(32)) == list(range(32))
    for c in range(32):
        for x in range(32):
            for y in range(32):
                if x != y:
                    assert TABLE[TABLE[c][x]][y] != TABLE[TABLE[c][y]][x]


@PROPERTY
@given(BODY)
def test_the_check_symbol_is_the_damm_symbol_of_the_reference_table(body: str) -> None:
    code = body + check_symbol(body)
    assert damm(code) == 0
    assert [s for s in ALPHABET if damm(body + s) == 0] == [check_symbol(body)]


def test_new_codes_are_canonical_valid_and_random() -> None:
    codes = [new_code() for _ in range(2000)]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == LENGTH
        assert set(code) <= set(ALPHABET)
        assert normalise(code) == code
        assert is_valid(code)
    # Every random position takes every symbol (a missed bit or shift would leave gaps).
    for position in range(LENGTH - 1):
        assert {code[position] for code in codes} == set(ALPHABET)


def test_every_single_symbol_error_and_adjacent_swap_of_random_codes_is_caught() -> None:
    for _ in range(40):
        code = new_code()
        for index in range(LENGTH):
            for symbol in ALPHABET:
                if symbol != code[index]:
                    changed = with_symbol(code, index, symbol)
                    assert not is_valid(changed), (code, changed)
        for index in range(LENGTH - 1):
            if code[index] != code[index + 1]:
                assert not is_valid(swapped(code, index, index + 1)), (code, index)


@PROPERTY
@given(CODE, st.integers(min_value=0, max_value=LENGTH - 2))
def test_every_pair_of_symbols_swapped_at_a_position_is_caught(code: str, index: int) -> None:
    """All 32 x 32 pairs at one adjacent pair of positions (the check symbol's included)."""
    for x in ALPHABET:
        for y in ALPHABET:
            if x != y:
                base = with_symbol(with_symbol(code, index, x), index + 1, y)
                fixed = base[:-1] + check_symbol(base[:-1]) if index < LENGTH - 2 else base
                if not is_valid(fixed):
                    continue  # index + 1 is the check symbol: only its own value is valid
                assert not is_valid(swapped(fixed, index, index + 1)), fixed


@PROPERTY
@given(CODE)
def test_twin_errors_and_jump_transpositions_are_caught(code: str) -> None:
    for index in range(LENGTH - 2):
        if code[index] != code[index + 2]:
            assert not is_valid(swapped(code, index, index + 2))
    for index in range(LENGTH - 1):
        if code[index] == code[index + 1]:
            for symbol in ALPHABET:
                if symbol != code[index]:
                    twin = with_symbol(with_symbol(code, index, symbol), index + 1, symbol)
                    assert not is_valid(twin)


@PROPERTY
@given(CODE)
def test_typed_and_printed_forms_round_trip(code: str) -> None:
    printed = display(code)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", printed)
    assert printed.replace("-", "") == code
    assert normalise(printed) == code
    assert normalise(printed.lower()) == code
    assert normalise(" ".join(code[i : i + 4] for i in range(0, LENGTH, 4))) == code
    assert normalise(f"  {printed}\r\n") == code  # a scanner's line end
    assert normalise(printed.replace("-", "\u2013")) == code  # a pasted en dash
    assert display(printed) == printed
    assert last4(printed) == code[-4:]


def test_look_alikes_are_read_as_the_symbols_they_look_like() -> None:
    body = "0101" * 4 + "01A"
    code = body + check_symbol(body)
    for zero in "Oo":
        for one in "IiLl\u0130\u0131":
            typed = code.replace("0", zero).replace("1", one)
            assert normalise(typed) == code, typed
            assert code_hash(typed) == code_hash(code)


@pytest.mark.parametrize(
    ("text", "problem", "words"),
    [
        ("7Q2K-U000-0000-0000-0000", "gift_card.code_symbol", ["'U'", "position 5"]),
        ("7Q2K-0000-0é00-0000-0000", "gift_card.code_symbol", ["'é'", "position 10"]),
        ("7Q2K_0000", "gift_card.code_symbol", ["'_'", "position 5"]),
        ("", "gift_card.code_length", ["has 0 symbols", "has 20"]),
        ("7Q2K-0000-0000-0000-000", "gift_card.code_length", ["has 19 symbols"]),
        ("7Q2K-0000-0000-0000-00000", "gift_card.code_length", ["has 21 symbols"]),
    ],
)
def test_bad_text_is_refused_naming_the_problem(text: str, problem: str, words: list[str]) -> None:
    with pytest.raises(GiftCardCodeError) as raised:
        normalise(text)
    assert isinstance(raised.value, ValueError)
    assert raised.value.code == problem
    for word in words:
        assert word in str(raised.value)
    assert not is_valid(text)
    for function in (display, last4, code_hash):
        with pytest.raises(GiftCardCodeError):
            function(text)


def test_a_wrong_check_symbol_is_named() -> None:
    code = new_code()
    wrong = code[:-1] + next(s for s in ALPHABET if s != code[-1])
    with pytest.raises(GiftCardCodeError, match="check symbol") as raised:
        normalise(display(wrong))
    assert raised.value.code == "gift_card.code_check"


def test_the_hash_is_the_domain_tagged_sha256_stable_and_distinct() -> None:
    body = "7Q2K" * 4 + "ABC"
    code = body + check_symbol(body)
    expected = hashlib.sha256(b"pos-gift-card:v1:" + code.encode()).hexdigest()
    assert code_hash(code) == expected
    assert code_hash(display(code).lower()) == expected
    assert expected != hashlib.sha256(code.encode()).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", expected)
    codes = {new_code() for _ in range(500)}
    assert len({code_hash(c) for c in codes}) == len(codes)
