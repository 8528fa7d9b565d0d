"""``check_request``: what ``decide`` checks of a request built in Python (R-DEC-1; issue #3,
Bad input). Its quick test of the usual case must accept exactly what the checks one by one
accept, and refuse with the same error."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawcore.decision import DecisionInputError, DecisionRequest, HistoryEntry, check_request
from lawcore.decision.request import _check_one_by_one
from lawcore.rulebook import Tier


class _Day(dt.date):
    """A subclass of ``date`` that is not a ``datetime``: accepted, by the checks one by one."""


DAY = dt.date(2024, 3, 1)
dates = st.one_of(
    st.integers(-40, 40).map(lambda n: DAY + dt.timedelta(days=n)),
    st.integers(-40, 40).map(lambda n: _Day.fromordinal((DAY + dt.timedelta(days=n)).toordinal())),
    st.integers(-2, 2).map(lambda n: dt.datetime(2024, 3, 1 + n + 2, 9, 0)),
    st.just("2024-03-01"),
)
maybe = st.one_of(st.none(), dates)


@st.composite
def requests(draw: st.DrawFn) -> DecisionRequest:
    entries = st.lists(dates, max_size=3).map(
        lambda ds: [HistoryEntry("X-1", d, Tier.ORDINARY) for d in ds]
    )
    history = draw(
        st.one_of(
            st.none(),
            entries.map(tuple),
            entries,
            st.just("X-1"),
            st.just((("X-1", DAY),)),
        )
    )
    return DecisionRequest(
        item=draw(st.sampled_from(["X-1", "", 5, ["X-1"]])),
        party_kind=draw(st.sampled_from(["citizen", "organisation", "robot"])),
        facts=draw(
            st.sampled_from([{}, MappingProxyType({"a": True}), OrderedDict(), None, [("a", 1)]])
        ),
        violation_date=draw(dates),
        decision_date=draw(dates),
        rulebook=draw(st.sampled_from([None, "book", "", 3])),
        birth_date=draw(maybe),
        discovered_date=draw(maybe),
        history=history,
    )


def _outcome(check: object, request: DecisionRequest) -> object:
    try:
        check(request)  # type: ignore[operator]
    except DecisionInputError as exc:
        return exc.to_json()
    return None


@settings(max_examples=600, deadline=None)
@given(request=requests())
def test_the_quick_test_accepts_and_refuses_what_the_checks_one_by_one_do_R_DEC_1(
    request: DecisionRequest,
) -> None:
    assert _outcome(check_request, request) == _outcome(_check_one_by_one, request)


def test_a_usual_request_is_accepted_and_each_kind_of_fault_refused_R_DEC_1() -> None:
    usual = DecisionRequest("X-1", "citizen", {}, DAY, DAY + dt.timedelta(days=30))
    check_request(usual)
    faults: dict[str, dict[str, object]] = {
        "violation_date": {"decision_date": DAY - dt.timedelta(days=1)},
        "party_kind": {"party_kind": "robot"},
        "birth_date": {"birth_date": DAY + dt.timedelta(days=1)},
        "discovered_date": {"discovered_date": DAY + dt.timedelta(days=31)},
        "history[0].date": {
            "history": (HistoryEntry("X-1", DAY + dt.timedelta(days=1), Tier.ORDINARY),)
        },
        "decision_date": {"decision_date": dt.datetime(2024, 4, 1, 9, 0)},
        "item": {"item": ["X-1"]},
        "rulebook": {"rulebook": ""},
        "facts": {"facts": None},
        "history": {"history": "X-1"},
        "history[0]": {"history": (("X-1", DAY),)},
    }
    for path, change in faults.items():
        with pytest.raises(DecisionInputError) as err:
            check_request(dataclasses.replace(usual, **change))
        assert err.value.path == path
        assert err.value.zh
