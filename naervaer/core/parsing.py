"""Parsing the cell values of payroll exports (spec/import-format.md, "Reading rules").

Every parser takes the cell text and raises ``ValueError`` with a short Danish
message that the importer places after ``file:line: column:``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DANISH = re.compile(r"^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$")
_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}([. ]\d{3})+)?([.,]\d+)?$")


@lru_cache(maxsize=65536)
def parse_date(text: str) -> dt.date:
    """``YYYY-MM-DD``, ``DD-MM-YYYY`` or ``DD.MM.YYYY`` (an Excel time part is ignored)."""
    value = text.strip()
    if " " in value or "T" in value:  # "2024-01-31 00:00:00" from spreadsheets
        value = re.split(r"[ T]", value, maxsplit=1)[0]
    if match := _ISO.match(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _DANISH.match(value):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        raise ValueError(f"'{text}' er ikke en dato (brug ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD.MM.ÅÅÅÅ)")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' er ikke en gyldig dato") from None


@lru_cache(maxsize=65536)
def parse_decimal(text: str) -> Decimal:
    """``37,5`` or ``37.5``; thousands separators allowed when both marks are used."""
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in value and "." in value:
        decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        value = value.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in value:
        if value.count(",") > 1:
            raise ValueError(f"'{text}' er ikke et tal")
        value = value.replace(",", ".")
    elif value.count(".") > 1:
        raise ValueError(f"'{text}' er ikke et tal")
    if not value or not _NUMBER.match(value):
        raise ValueError(f"'{text}' er ikke et tal")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"'{text}' er ikke et tal") from None
    if not number.is_finite():
        raise ValueError(f"'{text}' er ikke et tal")
    return number


def parse_integer(text: str) -> int:
    """A whole number, also when written ``50,0``."""
    number = parse_decimal(text)
    if number != number.to_integral_value():
        raise ValueError(f"'{text}' er ikke et helt tal")
    return int(number)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode an export: UTF-16 with a BOM (Excel's "Unicode text"), UTF-8 (with or
    without BOM), else Windows-1252, else Latin-1.

    Returns the text and the encoding's name.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass  # two bytes that only look like a BOM
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            data = data[3:]  # a BOM on a file that is not UTF-8 after all
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        # Five bytes are undefined in cp1252; Latin-1 maps every byte.
        return data.decode("latin-1"), "latin-1"


def detect_delimiter(header_line: str) -> str:
    """``;``, ``,`` or tab: whichever occurs most often outside quoted fields of the
    header line (``;``, the Danish default, on a tie)."""
    candidates = [";", ",", "\t"]
    counts = dict.fromkeys(candidates, 0)
    in_quotes = False
    for char in header_line:
        if char == '"':
            in_quotes = not in_quotes
        elif not in_quotes and char in counts:
            counts[char] += 1
    return max(candidates, key=lambda delimiter: counts[delimiter])


def normalise_header(name: str) -> str:
    """Header names match case-insensitively, surrounding spaces ignored."""
    return name.strip().strip("\ufeff").strip().lower()
