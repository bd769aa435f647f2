"""Tables and the affected day from shared MetricsData equal those built from the frames."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naervaer.core.metrics import group_table
from naervaer.core.metrics.invalidation import earliest_affected_day
from naervaer.core.metrics.shared import MetricsData
from tests.core.test_metrics_properties import organisations

AS_OF = dt.date(2024, 10, 15)


@settings(max_examples=25, deadline=None)
@given(organisations(), st.sampled_from(["month", "quarter", "year", "rolling12"]),
       st.integers(0, 30))
def test_shared_data_gives_the_same_table_for_any_kind_and_range(org, by, month_offset):
    units, employments, absences = org
    data = MetricsData.build(units=units, employments=employments, absences=absences,
                             as_of=AS_OF)
    date_from = dt.date(2022 + month_offset // 12, month_offset % 12 + 1, 1)
    options = {"date_from": date_from, "date_to": AS_OF, "by": by,
               "scopes": ("subtree", "own"), "by_staff_group": True}
    built = group_table(units=units, employments=employments, absences=absences, as_of=AS_OF,
                        **options)
    assert group_table(data=data, **options).equals(built)
    for changed_from in (dt.date(2023, 6, 1), AS_OF):
        assert earliest_affected_day(data=data, changed_from=changed_from) == (
            earliest_affected_day(units=units, employments=employments, absences=absences,
                                  as_of=AS_OF, changed_from=changed_from))


@given(organisations())
@settings(max_examples=1, deadline=None)
def test_shared_data_excludes_frames_and_a_different_reference_date(org):
    units, employments, absences = org
    data = MetricsData.build(units=units, employments=employments, absences=absences,
                             as_of=AS_OF)
    options = {"date_from": AS_OF, "date_to": AS_OF, "by": "month"}
    with pytest.raises(TypeError):
        group_table(data=data, units=units, **options)
    with pytest.raises(ValueError):
        group_table(data=data, as_of=dt.date(2024, 10, 16), **options)
    with pytest.raises(TypeError):
        group_table(units=units, employments=employments, **options)
