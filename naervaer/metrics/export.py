"""Machine formats for metric tables: CSV (``,`` and ``.``), JSON and Parquet."""

from __future__ import annotations

import io
import json
from pathlib import Path

import polars as pl

FORMATS = ("csv", "json", "parquet")
DECIMALS = 6


def rounded(table: pl.DataFrame) -> pl.DataFrame:
    """Floats to at most six decimals, so that the same data gives byte-identical output."""
    return table.with_columns(pl.col(pl.Float64).round(DECIMALS))


def to_bytes(table: pl.DataFrame, output_format: str) -> bytes:
    table = rounded(table)
    if output_format == "csv":
        return table.write_csv(date_format="%Y-%m-%d", null_value="").encode()
    if output_format == "json":
        rows = table.with_columns(pl.col(pl.Date).dt.strftime("%Y-%m-%d")).to_dicts()
        return (json.dumps(rows, ensure_ascii=False, indent=None) + "\n").encode()
    if output_format == "parquet":
        buffer = io.BytesIO()
        table.write_parquet(buffer)
        return buffer.getvalue()
    raise ValueError(f"unknown format {output_format!r}; use one of {', '.join(FORMATS)}")


def write(table: pl.DataFrame, output_format: str, out: Path | None, stdout: io.TextIOBase) -> None:
    data = to_bytes(table, output_format)
    if out is not None:
        out.write_bytes(data)
    else:
        stdout.write(data.decode())
