"""Rolling unit figures up the tree: sums for additive columns, distinct employees for
headcounts (an employee counts once in each unit and once in a common parent)."""

from __future__ import annotations

import polars as pl

from naervaer.core.tree import closure_pairs


def closure_frame(units: pl.DataFrame) -> pl.DataFrame:
    """ancestor, descendant (unit codes), a unit being its own ancestor. ``units``: unit
    (code), unit_id, parent_id."""
    code_of = dict(zip(units["unit_id"].to_list(), units["unit"].to_list(), strict=True))
    parent_of = {code_of[unit]: code_of.get(parent) if parent is not None else None
                 for unit, parent in zip(units["unit_id"].to_list(), units["parent_id"].to_list(),
                                         strict=True)}
    pairs = closure_pairs(parent_of)
    return pl.DataFrame({"ancestor": [pair[0] for pair in pairs],
                         "descendant": [pair[1] for pair in pairs]},
                        schema={"ancestor": pl.Int64, "descendant": pl.Int64})


def sum_subtree(own: pl.DataFrame, closure: pl.DataFrame, keys: list[str],
                values: list[str]) -> pl.DataFrame:
    """Each ancestor's sum of its descendants' (own) values, per the other ``keys``."""
    return (
        own.join(closure, left_on="unit", right_on="descendant")
        .group_by("ancestor", *keys)
        .agg(pl.col(value).sum() for value in values)
        .rename({"ancestor": "unit"})
    )


def distinct_counts(rows: pl.DataFrame, closure: pl.DataFrame, name: str) -> pl.DataFrame:
    """Distinct employees per (unit, group, period_id), for scope own and subtree.

    ``rows``: employee, unit, group, period_id (codes). Most employees are in one unit
    in a period: those are counted per unit and summed up the tree. Only the few in
    several units (transfers, two jobs) are expanded through the tree and de-duplicated.
    """
    keys = ["group", "period_id"]
    rows = rows.unique()
    own = rows.group_by("unit", *keys).agg(pl.len().alias(name))
    units_each = rows.group_by("employee", *keys).agg(pl.len().alias("units"))
    rows = rows.join(units_each, on=["employee", *keys])
    single = sum_subtree(
        rows.filter(pl.col("units") == 1).group_by("unit", *keys).agg(pl.len().alias(name)),
        closure, keys, [name])
    several = (
        rows.filter(pl.col("units") > 1)
        .join(closure, left_on="unit", right_on="descendant")
        .select("employee", pl.col("ancestor").alias("unit"), *keys)
        .unique()
        .group_by("unit", *keys).agg(pl.len().alias(name))
    )
    subtree = (
        pl.concat([single.with_columns(pl.col(name).cast(pl.UInt32)),
                   several.with_columns(pl.col(name).cast(pl.UInt32))])
        .group_by("unit", *keys).agg(pl.col(name).sum())
    )
    return pl.concat([own.with_columns(scope=pl.lit("own")),
                      subtree.with_columns(scope=pl.lit("subtree"))], how="diagonal")
