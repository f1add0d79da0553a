"""Built-in criteria about triage and the fix: ack, declare, severity, roles, channel, cause."""

from __future__ import annotations

import re
from datetime import date

from gameday import events as ev
from gameday.durations import format_duration as fd
from gameday.scoring.common import NA_NO_INCIDENT, na, on_time, short
from gameday.scoring.facts import Facts, evidence
from gameday.scoring.model import Outcome
from gameday.scoring.registry import criterion


@criterion("ack", "Page acknowledged")
def ack(f: Facts) -> Outcome:
    page = f.page
    if page is None:
        return na("Nobody was paged and no alert fired, so there was nothing to acknowledge.")
    thing = "the page" if f.paged else "the alert"  # no pager recorded: the alert pages
    done = f.first(ev.ACK)
    out = on_time(
        f,
        done,
        start=page.t,
        deadline=f.playbook.deadline("ack"),
        what=f"acknowledged {thing}",
        since=thing,
        extra=(evidence(page, "paged" if f.paged else "alerted"),),
    )
    escalated = f.first(ev.PAGE_ESCALATED)
    if out.state == "met" and done and escalated and escalated.t < done.t:
        return Outcome(
            "late",
            f.playbook.late_credit,
            f"The page escalated at {fd(escalated.t)} before {f.actor(done)} acknowledged it.",
            (*out.evidence, evidence(escalated, "escalated")),
        )
    return out


@criterion("declare", "Incident declared")
def declare(f: Facts) -> Outcome:
    if not f.has_incident:
        return na(NA_NO_INCIDENT)
    return on_time(
        f,
        f.declare,
        start=f.detected_t,
        deadline=f.playbook.deadline("declare"),
        what="declared the incident",
        since=f.detected_words,
    )


@criterion("severity", "Severity matches")
def severity(f: Facts) -> Outcome:
    want = f.expected.severity
    if want is None:
        return na("No expected severity is known for this timeline, so it cannot be compared.")
    last = f.declared_severity_event
    wanted = ev.sev_label(want)
    if last is None:
        return Outcome("missed", 0.0, f"No severity was set; this incident was {wanted}.")
    got = int(last.data["sev"])
    said = ev.sev_label(got)
    proof = (evidence(last, f"declared {said}"),)
    off = abs(got - want)
    if off == 0:
        text = f"Declared {said}, which matches the incident."
        return Outcome("met", 1.0, text, proof, detail="exact")
    word = "higher" if got < want else "lower"
    if off == 1:
        return Outcome(
            "missed",
            f.playbook.late_credit,
            f"Declared {said}, one level {word} than the expected {wanted}.",
            proof,
            detail="one_off",
        )
    return Outcome(
        "missed", 0.0, f"Declared {said}, but this incident was {wanted}.", proof, detail="wrong"
    )


@criterion("roles", "Roles staffed")
def roles(f: Facts) -> Outcome:
    if not f.has_incident:
        return na(NA_NO_INCIDENT)
    first = f.roles_staffed_at()
    limit = f.confirmed_t + f.playbook.deadline("roles")
    proof = tuple(evidence(e, f"{key} staffed") for key, e in first.items())
    in_time = [k for k, e in first.items() if e.t <= limit]
    names = f.playbook.role_name
    missing = [names(k) for k in ev.ROLES if k not in first]
    late = [names(k) for k, e in first.items() if e.t > limit]
    fraction = (len(in_time) + f.playbook.late_credit * len(late)) / len(ev.ROLES)
    deadline = short(f.playbook.deadline("roles"))
    if missing:
        return Outcome("missed", fraction, f"Nobody took the {', '.join(missing)} role.", proof)
    if late:
        return Outcome(
            "late",
            fraction,
            f"{', '.join(late)} staffed more than {deadline} after {f.confirmed_words}.",
            proof,
        )
    return Outcome(
        "met", 1.0, f"All three roles were staffed within {deadline} of {f.confirmed_words}.", proof
    )


@criterion("roles_distinct", "Roles held by different people")
def roles_distinct(f: Facts) -> Outcome:
    assignments = f.roles_timeline()
    if not assignments:
        return na("No roles were assigned, so there is nobody to double up (see 'Roles staffed').")
    holders: dict[str, str] = {}
    worst: tuple[int, str, list[ev.Event]] = (0, "", [])
    for e, key, person in assignments:
        holders[key] = person
        people = [holders.get(r) for r in ev.ROLES]
        if people[0] and people[0] == people[1] == people[2]:
            found = (3, f"{person} held all three roles at once.", [e])
        elif holders.get("ic") and holders.get("ic") == holders.get("tech"):
            found = (2, f"{holders['ic']} was Incident Commander and Technical Lead at once.", [e])
        elif len({p for p in people if p}) < len([p for p in people if p]):
            held = [p for p in people if p]
            twice = next(p for p in held if held.count(p) > 1)
            found = (1, f"{twice} held two roles at once.", [e])
        else:
            continue
        if found[0] > worst[0]:
            worst = found
    proof = tuple(evidence(e, f"{k}: {p}") for e, k, p in assignments)
    if worst[0] == 0:
        return Outcome("met", 1.0, "Every role was held by a different person.", proof)
    fraction = f.playbook.late_credit if worst[0] == 1 else 0.0
    detail = {1: "doubled", 2: "ic_is_tech", 3: "one_person"}[worst[0]]
    return Outcome("missed", fraction, worst[1], proof, detail=detail)


@criterion("channel", "Incident channel opened")
def channel(f: Facts) -> Outcome:
    if not f.has_incident:
        return na(NA_NO_INCIDENT)
    return on_time(
        f,
        f.first(ev.CHANNEL),
        start=f.confirmed_t,
        deadline=f.playbook.deadline("channel"),
        what="opened the incident channel",
        since=f.confirmed_words,
    )


def _convention_regex(convention: str) -> re.Pattern[str]:
    pat = re.escape(convention.lstrip("#"))
    for token, rx in (("YYYY", r"(?P<y>\d{4})"), ("MM", r"(?P<m>\d{2})"), ("DD", r"(?P<d>\d{2})")):
        pat = pat.replace(token, rx)
    return re.compile(rf"#?{pat}", re.IGNORECASE)


@criterion("channel_name", "Channel name follows convention")
def channel_name(f: Facts) -> Outcome:
    chans = f.all(ev.CHANNEL)
    if not chans:
        return na("No channel was opened, so its name cannot be checked (see 'Incident channel').")
    rx = _convention_regex(f.playbook.channel_convention)
    day = f.start_wall.date()
    conv = f.playbook.channel_convention
    last = chans[-1]
    name = str(last.data.get("name", ""))
    proof = (evidence(last, name),)
    m = rx.fullmatch(name.strip())
    if not m:
        return Outcome(
            "missed", 0.0, f"Channel {name!r} does not follow the {conv} convention.", proof
        )
    try:
        parts = m.groupdict()
        named = date(int(parts["y"]), int(parts["m"]), int(parts["d"])) if parts.get("y") else day
    except (TypeError, ValueError):
        named = None
    if named != day:
        return Outcome(
            "missed",
            f.playbook.late_credit,
            f"Channel {name!r} has the right shape but not the incident's date ({day:%Y%m%d}).",
            proof,
            detail="wrong_date",
        )
    return Outcome("met", 1.0, f"Channel {name!r} follows the {conv} convention.", proof)


@criterion("rollback", "Bad deploy rolled back")
def rollback(f: Facts) -> Outcome:
    service = f.expected.rollback_service
    if not service:
        return na("No recent deploy caused this incident, so no rollback was expected.")
    tries = f.all(ev.ROLLBACK)
    good = next(
        (e for e in tries if e.data.get("service") == service and e.data.get("ok", True)), None
    )
    if good is None:
        others = ", ".join(sorted({str(e.data.get("service")) for e in tries})) or "nothing"
        return Outcome(
            "missed",
            0.0,
            f"The bad deploy of {service} was never rolled back (rolled back: {others}).",
            tuple(evidence(e) for e in tries),
        )
    return on_time(
        f,
        good,
        start=f.detected_t,
        deadline=f.playbook.deadline("rollback"),
        what=f"rolled back {service}",
        since=f.detected_words,
    )


def cause_matches(text: str, keywords: tuple[str, ...], min_matches: int) -> bool:
    low = text.lower()
    return sum(1 for k in keywords if k.lower() in low) >= min_matches


@criterion("root_cause", "Root cause named")
def root_cause(f: Facts) -> Outcome:
    rc = f.expected.root_cause
    if rc is None:
        return na("The true root cause is not known for this timeline, so it cannot be compared.")
    causes = f.all(ev.CAUSE)
    for e in causes:
        if cause_matches(str(e.data.get("text", "")), rc.keywords, rc.min_matches):
            text = f"{f.actor(e)} named the root cause correctly."
            return Outcome("met", 1.0, text, (evidence(e, "matches"),))
    if causes:
        last = causes[-1]
        return Outcome(
            "missed",
            0.0,
            f"The named cause {str(last.data.get('text', ''))!r} is not the real one.",
            tuple(evidence(e, "does not match") for e in causes),
        )
    return Outcome("missed", 0.0, "Nobody named a root cause with 'gameday cause'.")


@criterion("resolve", "Resolved after recovery")
def resolve(f: Facts) -> Outcome:
    if not f.has_incident:
        return na(NA_NO_INCIDENT)
    resolves = f.all(ev.RESOLVE)
    if not resolves:
        return Outcome("missed", 0.0, "The incident was never declared resolved.")
    proof = tuple(evidence(e, "premature" if f.is_premature(e) else "resolved") for e in resolves)
    early = [e for e in resolves if f.is_premature(e)]
    if not early:
        return Outcome("met", 1.0, "Resolved only after the service had recovered.", proof)
    m = f.mitigated
    when = f" (service recovered at {fd(m.t)})" if m else ""
    fixed = f.resolve is not None
    return Outcome(
        "missed",
        f.playbook.late_credit if fixed else 0.0,
        f"Resolved at {fd(early[0].t)} while customers were still affected{when}.",
        proof,
        detail="premature",
    )
