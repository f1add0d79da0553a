"""Built-in criteria about communication: status page, cadence, promises, stakeholders, review."""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, datetime, timedelta

from gameday import events as ev
from gameday.durations import format_duration as fd
from gameday.scoring.common import NA_NO_INCIDENT, exact, na, on_time, short, tally
from gameday.scoring.facts import Facts, evidence
from gameday.scoring.model import Outcome
from gameday.scoring.registry import criterion


@criterion("first_status", "First status post")
def first_status(f: Facts) -> Outcome:
    if not f.has_incident:
        return na(NA_NO_INCIDENT)
    since = f.confirmed_words
    return on_time(
        f,
        f.first(ev.STATUS),
        start=f.confirmed_t,
        deadline=f.playbook.deadline("first_status"),
        what="posted the first public status",
        since=since,
    )


def _sev_rule(f: Facts, levels: frozenset[int], what: str) -> Outcome | None:
    """Not applicable unless the incident's severity is one of ``levels``."""
    sev = f.severity
    if sev is None:
        return na(f"The severity is unknown, so the {what} rule cannot be applied.")
    if sev not in levels:
        wanted = "/".join(ev.sev_label(s) for s in sorted(levels))
        return na(f"The playbook asks for {what} only for {wanted}; this was {ev.sev_label(sev)}.")
    return None


@criterion("cadence", "Update cadence kept")
def cadence(f: Facts) -> Outcome:
    skip = _sev_rule(f, f.playbook.cadence_severities, "regular updates")
    if skip:
        return skip
    gaps = f.comm_gaps()
    every = f.playbook.deadline("cadence")
    if gaps is None or not f.comms:
        return Outcome(
            "missed",
            0.0,
            f"No status posts or updates at all; the playbook asks for one every {short(every)}.",
        )
    longest, a, b = gaps
    proof = tuple(evidence(e) for e in f.comms if a <= e.t <= b)
    text = (
        f"The longest silence was {fd(longest)} ({fd(a)} to {fd(b)}); the limit is {short(every)}."
    )
    if longest <= every:
        return Outcome("met", 1.0, text, proof)
    if longest <= 2 * every:
        return Outcome("late", f.playbook.late_credit, text, proof)
    return Outcome("missed", 0.0, text, proof)


@criterion("promises", "Promised updates kept")
def promises(f: Facts) -> Outcome:
    comms = f.comms
    promised = [e for e in comms if _next_s(e) is not None]
    if not promised:
        return na("Nobody promised a next-update time (--next), so there was nothing to keep.")
    times = [c.t for c in comms]  # comms come in time order: the next one is a bisection away
    kept = late = missed = 0
    proof = []
    for e in promised:
        due = e.t + (_next_s(e) or 0.0)
        i = bisect_right(times, e.t)
        nxt = comms[i] if i < len(comms) else None
        if nxt is not None and nxt.t <= due:
            kept += 1
            proof.append(evidence(e, f"promised next by {fd(due)}, kept at {fd(nxt.t)}"))
        elif f.resolve is not None and e.t <= f.resolve.t <= due:
            kept += 1  # the incident was resolved before the promise fell due
            proof.append(evidence(e, f"promised next by {fd(due)}; resolved first"))
        elif nxt is not None:
            late += 1
            proof.append(evidence(e, f"promised next by {fd(due)}, came at {fd(nxt.t)}"))
        else:
            missed += 1
            proof.append(evidence(e, f"promised next by {fd(due)}, never came"))
    return tally(f, kept, late, missed, noun="promised updates", verb="kept", ev=tuple(proof))


def _next_s(e: ev.Event) -> float | None:
    v = e.data.get("next_s")
    if isinstance(v, int | float) and not isinstance(v, bool) and v > 0:
        return float(v)
    return None


@criterion("stakeholders", "Stakeholders told")
def stakeholders(f: Facts) -> Outcome:
    skip = _sev_rule(f, f.playbook.stakeholder_severities, "telling leadership")
    if skip:
        return skip
    return on_time(
        f,
        f.first(ev.NOTIFY),
        start=f.confirmed_t,
        deadline=f.playbook.deadline("stakeholders"),
        what="told the stakeholders",
        since=f.confirmed_words,
    )


def _answers(f: Facts, q: ev.Event) -> ev.Event | None:
    """A notify that replies to ``q`` by id or inject name, else the first plain notify after it."""
    ids = {str(q.id), str(q.data.get("inject", ""))}
    notes = [n for n in f.all(ev.NOTIFY) if n.t >= q.t]
    direct = next((n for n in notes if str(n.data.get("reply_to", "")) in ids), None)
    return direct or next((n for n in notes if not n.data.get("reply_to")), None)


@criterion("questions", "Stakeholder questions answered")
def questions(f: Facts) -> Outcome:
    asked = [e for e in f.all(ev.INJECT_DELIVERED) if e.data.get("kind") == "stakeholder"]
    if not asked:
        return na("No stakeholder asked a question during this drill.")
    limit = f.playbook.deadline("answer")
    kept = late = missed = 0
    proof = []
    for q in asked:
        who = q.data.get("from") or "a stakeholder"
        a = _answers(f, q)
        proof.append(evidence(q, f"question from {who}"))
        if a is None:
            missed += 1
        elif a.t - q.t <= limit:
            kept += 1
            proof.append(evidence(a, f"answered after {fd(a.t - q.t)}"))
        else:
            late += 1
            proof.append(evidence(a, f"answered after {fd(a.t - q.t)} (limit {short(limit)})"))
    return tally(
        f, kept, late, missed, noun="stakeholder questions", verb="answered", ev=tuple(proof)
    )


@criterion("final_status", "Final status post")
def final_status(f: Facts) -> Outcome:
    if not f.has_incident:
        return na(NA_NO_INCIDENT)
    resolve = f.resolve
    if resolve is None:
        early = f.incident.premature_resolves
        why = (
            "The incident was only resolved prematurely (before the service recovered), "
            "so no final status counts."
            if early
            else "The incident was never resolved, so no final status was posted."
        )
        return Outcome("missed", 0.0, why, tuple(evidence(e, "premature") for e in early))
    floor = f.mitigated.t if f.mitigated else float("-inf")
    done = next(
        (e for e in f.all(ev.STATUS) if e.data.get("state") == "resolved" and e.t >= floor), None
    )
    if done is None:
        return Outcome(
            "missed", 0.0, "No status post told customers it was resolved.", (evidence(resolve),)
        )
    return on_time(
        f,
        done,
        start=resolve.t,
        deadline=f.playbook.deadline("final_status"),
        what="posted the final 'resolved' status",
        since="resolving",
        extra=(evidence(resolve, "resolved"),),
    )


def _when(e: ev.Event) -> datetime | None:
    raw = e.data.get("when")
    try:
        when = datetime.fromisoformat(str(raw))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@criterion("review", "Review scheduled")
def review(f: Facts) -> Outcome:
    skip = _sev_rule(f, f.playbook.review_severities, "a post-incident review")
    if skip:
        return skip
    limit = f.playbook.deadline("review")
    ended = f.end_wall  # the proper resolve, else the drill's end: a premature one ends nothing
    due = ended + timedelta(seconds=limit)
    reviews = f.all(ev.REVIEW)
    if not reviews:
        return Outcome(
            "missed",
            0.0,
            f"Pending: no review scheduled yet; book one before {due:%Y-%m-%d %H:%M} UTC "
            f"with 'gameday review schedule'.",
            pending=True,
            detail="pending",
        )
    last = reviews[-1]
    when = _when(last)
    if when is None:
        return Outcome(
            "missed",
            0.0,
            f"The review time {last.data.get('when')!r} is not a date.",
            (evidence(last),),
        )
    proof = (evidence(last, f"review at {when:%Y-%m-%d %H:%M} UTC"),)
    after = (when - ended).total_seconds()
    if after < 0:
        return Outcome(
            "missed",
            0.0,
            f"The review is booked for {when:%Y-%m-%d %H:%M} UTC, {exact(-after)} before the "
            "incident ended.",
            proof,
        )
    if after <= limit:
        return Outcome(
            "met",
            1.0,
            f"Review booked {exact(after)} after the incident ended (limit {short(limit)}).",
            proof,
        )
    return Outcome(
        "late",
        f.playbook.late_credit,
        f"Review booked {exact(after)} after the incident ended, {exact(after - limit)} past "
        f"the {short(limit)} limit.",
        proof,
    )


@criterion("status_truth", "Status page matched the monitors")
def status_truth(f: Facts) -> Outcome:
    """Claims that contradict the monitors: a component said operational, or the incident said
    resolved, while a monitor still failed; a component left degraded long after recovery."""
    posts = f.all(ev.STATUS)
    if not posts:
        return na("No status posts, so no claim to check against the monitors.")
    if not f.all(ev.MONITOR_CHANGED):
        return na("No monitor data in this timeline to check the status page against.")
    inc = f.incident
    behind = inc.component_monitors()  # the scenario's map; without one, every monitor counts
    flags = []
    for p in posts:
        failing = inc.failing_monitors(at=p.t)
        if not failing:
            continue
        if p.data.get("state") == "resolved":
            said = ", ".join(failing)
            flags.append(evidence(p, f"said resolved at {fd(p.t)} while {said} failed"))
            continue
        claims = p.data.get("components")
        for comp, state in sorted(claims.items() if isinstance(claims, dict) else ()):
            mine = [m for m in failing if str(comp) not in behind or m in behind[str(comp)]]
            if state == "operational" and mine:
                flags.append(
                    evidence(
                        p,
                        f"said {comp} operational at {fd(p.t)} while {', '.join(mine)} failed",
                    )
                )
    recovered = f.mitigated
    if recovered is not None:
        limit = f.playbook.deadline("final_status")
        due = recovered.t + limit
        if f.incident.last_t >= due:
            stale = [c for c, s in inc.component_states((), at=due).items() if s != "operational"]
            if stale:
                last = [p for p in posts if p.t <= due][-1]
                flags.append(
                    evidence(
                        last,
                        f"{', '.join(sorted(stale))} still shown degraded {short(limit)} after "
                        f"the service recovered at {fd(recovered.t)}",
                    )
                )
    if not flags:
        return Outcome(
            "met",
            1.0,
            "Every status claim agreed with the monitors when it was made.",
            tuple(evidence(p) for p in posts),
        )
    text = "; ".join(e.note for e in flags[:3]) + ("; ..." if len(flags) > 3 else "")
    return Outcome(
        "missed", 0.0, f"The status page contradicted the monitors: {text}.", tuple(flags)
    )
