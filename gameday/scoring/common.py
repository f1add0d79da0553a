"""Helpers the rules share: the "done by the deadline?" verdict and tallies of many deadlines."""

from __future__ import annotations

from gameday.durations import format_duration as fd
from gameday.events import Event
from gameday.scoring.facts import Facts, evidence
from gameday.scoring.model import Evidence, Outcome

NA_NO_INCIDENT = "Nothing went wrong in this timeline, so there was nothing to respond to."


def na(explanation: str) -> Outcome:
    return Outcome("not_applicable", 0.0, explanation)


def on_time(
    f: Facts,
    done: Event | None,
    *,
    start: float,
    deadline: float,
    what: str,
    since: str,
    extra: tuple[Evidence, ...] = (),
) -> Outcome:
    """met if ``done`` happened within ``deadline`` of ``start`` (or before it), late if after,
    else missed. The explanation says "before" when it came first: never "0s after"."""
    limit = short(deadline)
    if done is None:
        return Outcome(
            "missed",
            0.0,
            f"Nobody {what}; the playbook asks for it within {limit} of {since}.",
            extra,
        )
    who = f.actor(done)
    took = done.t - start
    if took < 0:
        when = f"{fd(-took)} before {since}"
        ev = (*extra, evidence(done, f"{what} {when}"))
        return Outcome("met", 1.0, f"{who} {what} {when} (limit {limit} after).", ev)
    ev = (*extra, evidence(done, f"{what} {fd(took)} after {since}"))
    if took <= deadline:
        return Outcome("met", 1.0, f"{who} {what} {fd(took)} after {since} (limit {limit}).", ev)
    return Outcome(
        "late",
        f.playbook.late_credit,
        f"{who} {what} {fd(took)} after {since}, {fd(took - deadline)} past the {limit} limit.",
        ev,
    )


def tally(
    f: Facts,
    kept: int,
    late: int,
    missed: int,
    *,
    noun: str,
    verb: str,
    ev: tuple[Evidence, ...],
) -> Outcome:
    """Many small deadlines (promises, questions): proportional credit, worst state wins."""
    total = kept + late + missed
    fraction = (kept + f.playbook.late_credit * late) / total
    state = "missed" if missed else "late" if late else "met"
    text = f"{kept} of {total} {noun} {verb} in time"
    if late:
        text += f", {late} late"
    if missed:
        text += f", {missed} never"
    return Outcome(state, fraction, text + ".", ev)  # type: ignore[arg-type]


def exact(seconds: float) -> str:
    """A measured duration, to the second, without padding: ``48h06m``, ``5m30s``, ``45s``."""
    s = round(abs(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    sign = "-" if seconds < 0 and s else ""
    if h:
        return f"{sign}{h}h" + (f"{m:02d}m" if m or sec else "") + (f"{sec:02d}s" if sec else "")
    if m:
        return f"{sign}{m}m" + (f"{sec:02d}s" if sec else "")
    return f"{sign}{sec}s"


def short(seconds: float) -> str:
    """A limit as people write it: ``48h``, ``10m``, ``4m30s`` (no zero padding)."""
    s = round(seconds)
    out = ""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if unit == "d" and s < 7 * 86400:
            continue
        n, s = divmod(s, size)
        if n:
            out += f"{n}{unit}"
    return out or "0s"
