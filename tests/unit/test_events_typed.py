"""Typed events: one payload type per kind, read tolerantly, and one ``describe`` for all views."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gameday import events as ev
from gameday.events.actions import Declare, Role, Rollback
from gameday.events.runner import AlertFired, CustomersStats, InjectDelivered, PageEscalated
from gameday.events.typed import Unknown, describe, kinds, typed

KINDS = kinds()

WALL = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def _e(kind: str, data: Any = None, actor: str = "ana") -> ev.Event:
    return ev.Event(1, 12.0, WALL, actor, kind, data if data is not None else {})


def test_every_kind_constant_has_exactly_one_type() -> None:
    constants = {v for k, v in vars(ev).items() if k.isupper() and isinstance(v, str) and "." in v}
    assert constants == set(KINDS)
    for kind, cls in KINDS.items():
        assert kind == cls.KIND


def test_fields_read_by_their_declared_type() -> None:
    d = typed(_e(ev.DECLARE, {"sev": 2}))
    assert isinstance(d, Declare) and d.sev == 2 and d.actor == "ana" and d.t == 12.0
    assert typed(_e(ev.DECLARE, {"sev": True})).sev is None  # type: ignore[attr-defined]
    assert typed(_e(ev.DECLARE, {"sev": "two"})).sev is None  # type: ignore[attr-defined]
    esc = typed(_e(ev.PAGE_ESCALATED, {"from": "ana", "to": "ben", "after_s": 120}))
    assert isinstance(esc, PageEscalated) and esc.sender == "ana" and esc.after_s == 120.0
    inj = typed(_e(ev.INJECT_DELIVERED, {"kind": "stakeholder", "from": "CEO", "message": "?"}))
    assert isinstance(inj, InjectDelivered) and inj.stakeholder and inj.sender == "CEO"
    stats = typed(_e(ev.CUSTOMERS_STATS, {"requests": 10, "failures": "x", "p95_ms": 1e400}))
    assert isinstance(stats, CustomersStats)
    assert (stats.requests, stats.failures, stats.p95_ms) == (10, 0, 0.0)
    rb = typed(_e(ev.ROLLBACK, {"service": "api"}))
    assert isinstance(rb, Rollback) and rb.ok  # hand-written: a rollback that happened
    role = typed(_e(ev.ROLE, {"role": "operations-lead", "person": "dana"}))
    assert isinstance(role, Role) and role.role_key == "tech"


def test_unknown_kinds_and_junk_data_are_kept_not_refused() -> None:
    u = typed(_e("engine.restart", {"service": "api"}))
    assert isinstance(u, Unknown) and u.raw.data == {"service": "api"}
    assert describe(_e("engine.restart", {"service": "api"})) == "engine.restart service=api"
    assert describe(_e(ev.STATUS, ["not", "a", "mapping"])).startswith("status page")
    plugin = _e("action.vendor", {"vendor": "acme", "text": "please call"})  # a plugin's action
    assert describe(plugin) == "vendor: please call"


def test_one_wording_for_severity_roles_and_alert_resolutions() -> None:
    assert describe(_e(ev.DECLARE, {"sev": 2})) == "declared SEV 2"
    assert describe(_e(ev.ROLE, {"role": "ic", "person": "dana"})) == "dana is Incident Commander"
    cleared = describe(_e(ev.ALERT_RESOLVED, {"alert": "checkout-errors"}, actor="gameday"))
    assert cleared == "alert checkout-errors cleared" and "resolved" not in cleared


def test_public_descriptions_give_nothing_away() -> None:
    noise = _e(ev.ALERT_FIRED, {"alert": "disk", "severity": "warning", "noise": True})
    assert "noise" in describe(noise) and "noise" not in describe(noise, public=True)
    early = _e(ev.RESOLVE, {"premature": True})
    assert "premature" in describe(early)
    assert describe(early, public=True) == "declared the incident resolved"
    ask = _e(ev.INJECT_DELIVERED, {"kind": "noise", "from": "ops-bot", "message": "hi"})
    assert "noise" not in describe(ask, public=True)
    assert isinstance(typed(noise), AlertFired) and not typed(noise).real  # type: ignore[attr-defined]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from([*KINDS, "x.unknown", "action.new"]),
    data=st.dictionaries(
        st.sampled_from(
            [
                "sev",
                "role",
                "person",
                "text",
                "next_s",
                "from",
                "to",
                "alert",
                "noise",
                "ok",
                "requests",
                "failures",
                "premature",
                "when",
                "undone",
                "params",
                "kind",
                "level",
            ]
        )
        | st.text(max_size=6),
        _json,
        max_size=8,
    ),
)
def test_any_data_reads_and_describes_without_raising(kind: str, data: dict[str, Any]) -> None:
    e = _e(kind, data)
    t = typed(e)
    assert t.raw is e
    for public in (False, True):
        line = describe(e, public=public)
        assert isinstance(line, str) and line


def test_an_events_typed_reading_is_made_once_and_changes_nothing_about_the_event() -> None:
    e = _e(ev.CUSTOMERS_STATS, {"requests": 10, "failures": 4})
    twin = _e(ev.CUSTOMERS_STATS, {"requests": 10, "failures": 4})
    first = CustomersStats.read(e)
    assert CustomersStats.read(e) is first and typed(e) is first
    assert first.failures == 4
    # read as another type (a caller that checked the kind itself), it is that type's reading
    other = Unknown.read(e)
    assert type(other) is Unknown and other.raw is e
    assert e == twin and e.to_dict() == twin.to_dict()  # the kept reading is not a field
