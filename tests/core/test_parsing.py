"""naervaer.core.parsing against spec/import-format.md, "Reading rules"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from naervaer.core.parsing import (
    decode_text,
    detect_delimiter,
    normalise_header,
    parse_date,
    parse_decimal,
    parse_integer,
)

any_date = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))
no_digits = st.text().filter(lambda text: not any(char.isdigit() for char in text))


# --- dates --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("2024-01-31", dt.date(2024, 1, 31)),
    ("31-01-2024", dt.date(2024, 1, 31)),
    ("31.01.2024", dt.date(2024, 1, 31)),
    ("1.2.2024", dt.date(2024, 2, 1)),
    (" 2024-02-29 ", dt.date(2024, 2, 29)),
    ("2024-01-31 00:00:00", dt.date(2024, 1, 31)),   # spreadsheet time part
    ("2024-01-31T00:00:00", dt.date(2024, 1, 31)),
])
def test_parse_date_examples(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "", " ", "2024-02-30", "2023-02-29", "31-04-2024", "2024/01/31", "31/01/2024",
    "24-01-31", "20240131", "januar 2024", "2024-13-01", "00.01.2024", "2024-01",
    "i går", "-", "0000-01-01",
])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@given(any_date)
def test_parse_date_round_trips_every_format(day: dt.date) -> None:
    # Formatted by hand: strftime's %Y does not zero-pad years below 1000 on every platform.
    d, m, y = f"{day.day:02d}", f"{day.month:02d}", f"{day.year:04d}"
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{d}-{m}-{y}") == day
    assert parse_date(f"{d}.{m}.{y}") == day
    assert parse_date(f"{day.day}.{day.month}.{y}") == day  # without leading zeros


@given(st.text())
def test_parse_date_raises_only_value_error(text: str) -> None:
    try:
        result = parse_date(text)
    except ValueError:
        return
    assert isinstance(result, dt.date)


@given(no_digits)
def test_parse_date_rejects_text_without_digits(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


# --- decimals and integers ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("37,5", Decimal("37.5")),
    ("37.5", Decimal("37.5")),
    ("37", Decimal("37")),
    (" 37,50 ", Decimal("37.5")),
    ("-1,25", Decimal("-1.25")),
    ("+2", Decimal("2")),
    (",5", Decimal("0.5")),
    ("1.234,56", Decimal("1234.56")),
    ("1,234.56", Decimal("1234.56")),
    ("1 234,56", Decimal("1234.56")),
    ("1\u00a0234,56", Decimal("1234.56")),
    ("1.234.567,8", Decimal("1234567.8")),
])
def test_parse_decimal_examples(text: str, expected: Decimal) -> None:
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", [
    "", " ", "abc", "1,2,3", "1.2.3", "NaN", "Infinity", "inf", "1e3", "1E3", "37,5 timer",
    "+", "-", ".", ",", "--1", "1-", "0x10", "½",
])
def test_parse_decimal_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(text)


@given(st.decimals(places=6, allow_nan=False, allow_infinity=False,
                   min_value=Decimal("-1e12"), max_value=Decimal("1e12")))
def test_parse_decimal_round_trips_point_and_comma(number: Decimal) -> None:
    text = format(number, "f")
    assert parse_decimal(text) == number
    assert parse_decimal(text.replace(".", ",")) == number


@given(st.text())
def test_parse_decimal_raises_only_value_error(text: str) -> None:
    try:
        result = parse_decimal(text)
    except ValueError:
        return
    assert isinstance(result, Decimal)
    assert result.is_finite()


@given(no_digits)
def test_parse_decimal_and_integer_reject_text_without_digits(text: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(text)
    with pytest.raises(ValueError):
        parse_integer(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("50", 50), ("50,0", 50), ("50.00", 50), ("-3", -3), ("1.000,0", 1000),
])
def test_parse_integer_examples(text: str, expected: int) -> None:
    result = parse_integer(text)
    assert result == expected
    assert isinstance(result, int)


@pytest.mark.parametrize("text", ["50,5", "0.1", "", "x", "1e2"])
def test_parse_integer_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_integer(text)


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_parse_integer_round_trips(number: int) -> None:
    assert parse_integer(str(number)) == number
    assert parse_integer(f"{number},0") == number


@given(st.text())
def test_parse_integer_raises_only_value_error(text: str) -> None:
    try:
        result = parse_integer(text)
    except ValueError:
        return
    assert isinstance(result, int)


# --- decoding -----------------------------------------------------------------------------

SAMPLE = "unit_id;name\nu1;Søs Ærø – Åbenrå\n"


def test_decode_utf8_without_bom() -> None:
    assert decode_text(SAMPLE.encode("utf-8")) == (SAMPLE, "utf-8")


def test_decode_utf8_with_bom_strips_it() -> None:
    text, encoding = decode_text(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"))
    assert text == SAMPLE
    assert encoding == "utf-8-sig"
    assert not text.startswith("\ufeff")


def test_decode_cp1252() -> None:
    data = "Søs Ærø".encode("cp1252")
    assert data == b"S\xf8s \xc6r\xf8"
    assert decode_text(data) == ("Søs Ærø", "windows-1252")
    # A character that exists in cp1252 but not in Latin-1 (the euro sign, 0x80).
    assert decode_text("Løn € 100".encode("cp1252"))[0] == "Løn € 100"


def test_decode_falls_back_to_latin1_for_bytes_undefined_in_cp1252() -> None:
    text, encoding = decode_text(b"a\x81b\xe6")
    assert encoding == "latin-1"
    assert text == "a\x81bæ"


def test_decode_bom_followed_by_cp1252_does_not_raise() -> None:
    text, _ = decode_text(b"\xef\xbb\xbf" + "Søs Ærø".encode("cp1252"))
    assert "S" in text


def test_decode_utf16_with_bom() -> None:
    """Excel's "Unicode text" export: UTF-16 with a BOM, either byte order."""
    for codec in ("utf-16", "utf-16-be"):
        data = ("\ufeff" if codec == "utf-16-be" else "") + "unit_id\tname\nK\tSøs Ærø\n"
        assert decode_text(data.encode(codec)) == ("unit_id\tname\nK\tSøs Ærø\n", "utf-16")


def test_decode_utf16_bom_without_utf16_after_it_falls_back() -> None:
    text, encoding = decode_text(b"\xff\xfeA")  # an odd number of bytes is not UTF-16
    assert encoding in {"windows-1252", "latin-1"} and text.endswith("A")


@given(st.binary())
def test_decode_without_bom_never_raises(data: bytes) -> None:
    assume(not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")))
    text, encoding = decode_text(data)
    assert encoding in {"utf-8", "windows-1252", "latin-1"}
    assert text.encode(encoding) == data


@given(st.binary())
@example(b"S\xf8s")
def test_decode_arbitrary_bytes_never_raises(data: bytes) -> None:
    decode_text(b"\xef\xbb\xbf" + data)


@given(st.text())
def test_decode_round_trips_any_utf8_text(text: str) -> None:
    assert decode_text(text.encode("utf-8"))[0] == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8"))[0] == text


# --- delimiter and header -----------------------------------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    ("a;b;c", ";"),
    ("a,b,c", ","),
    ("a\tb\tc", "\t"),
    ('unit_id;"name, full";parent_id', ";"),
    ('unit_id,"name; full",parent_id', ","),
    ('"a,b,c,d";e', ";"),
    ('"a;b;c;d",e', ","),
    ("unit_id", ";"),   # one column: the default
    ("", ";"),
])
def test_detect_delimiter(line: str, expected: str) -> None:
    assert detect_delimiter(line) == expected


@given(st.lists(st.text(alphabet="abcdefghij_ ", min_size=1, max_size=8), min_size=2,
                max_size=8), st.sampled_from([";", ","]), st.booleans())
def test_detect_delimiter_plain_fields(names: list[str], delimiter: str, quoted: bool) -> None:
    quote = '"' if quoted else ""
    line = delimiter.join(quote + name + quote for name in names)
    assert detect_delimiter(line) == delimiter


@pytest.mark.parametrize(("line", "expected"), [
    ('a,"b;c"', ","),
    ('employment_id,"navn; fuldt","type; kode"', ","),
    ('unit_id;"Navn, fornavn, efternavn"', ";"),
])
def test_detect_delimiter_quoted_other_delimiter(line: str, expected: str) -> None:
    assert detect_delimiter(line) == expected


@given(st.lists(st.text(alphabet="abcdefghij_ ,;", min_size=1, max_size=8), min_size=2,
                max_size=8), st.sampled_from([";", ","]))
@example(["a", "b;c"], ",")
def test_detect_delimiter_with_quoted_fields(names: list[str], delimiter: str) -> None:
    line = delimiter.join('"' + name + '"' for name in names)
    assert detect_delimiter(line) == delimiter


@pytest.mark.parametrize(("name", "expected"), [
    ("unit_id", "unit_id"), (" Unit_ID ", "unit_id"), ("\ufeffunit_id", "unit_id"),
    ("\ufeff Name ", "name"), ("START_DATE\t", "start_date"), ("", ""),
])
def test_normalise_header(name: str, expected: str) -> None:
    assert normalise_header(name) == expected


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_æøåÆØÅ",
               min_size=1), st.text(alphabet=" \t"), st.text(alphabet=" \t"))
def test_normalise_header_ignores_case_and_surrounding_space(
    name: str, before: str, after: str
) -> None:
    assert normalise_header(before + name + after) == normalise_header(name) == name.lower()
