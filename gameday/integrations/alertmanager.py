"""Alertmanager in: a team's own Prometheus rules page the drill through gameday.

Point a ``webhook_config`` of the team's Alertmanager at the drill's endpoint
(``POST /api/alertmanager``, the drill's join token as ``http_config.authorization``), and every
firing alert it routes there is recorded in the drill as a real ``alert.fired`` (``source:
alertmanager``); the drill machine pages the on-call for it exactly as for its own rules, and
the incident fold counts it as detection. A resolved alert clears it. Alertmanager re-sends
firing alerts every ``repeat_interval``; an alert already firing (same fingerprint) is not
recorded twice.

The payload is Alertmanager's webhook JSON (``version: "4"``): ``status``, ``receiver``,
``alerts[]`` with ``status`` (firing|resolved), ``labels`` (``alertname`` among them),
``annotations``, ``startsAt``, ``endsAt``, ``fingerprint``. ``parse_webhook`` is pure and reads
it defensively (it is untrusted input from the network); ``receive`` records what it says.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import TYPE_CHECKING, Annotated, Any, Literal

from gameday import events as ev
from gameday.errors import DrillError, GamedayError
from gameday.formats.core import Length, spec
from gameday.formats.types import OneLine
from gameday.integrations.spec import IntegrationSpec
from gameday.records import record

if TYPE_CHECKING:
    from gameday.clock import Clock
    from gameday.drill.locate import Drill
    from gameday.drill.team import Team
    from gameday.events import Event

SOURCE = "alertmanager"
MAX_ALERTS = 500
MAX_FIELD = 2000
_LOCK = threading.Lock()  # two deliveries at once must not both record the same alert

Labels = Annotated[dict[str, str], Length(0, 50)]


class AlertmanagerPayloadError(GamedayError):
    """The body is not Alertmanager's webhook JSON (the endpoint answers 400)."""


@record
class AlertmanagerSettings:
    """Accept Alertmanager's webhook as an alert source of the drill."""

    receiver: OneLine | None = spec(
        None, doc="Only payloads sent to this Alertmanager receiver (default: any)."
    )
    match: Labels = spec(
        factory=dict, doc="Labels an alert must carry to page the drill, e.g. {team: blue}."
    )
    severity_label: OneLine = spec("severity", doc="The label holding the alert's severity.")


@record
class AmAlert:
    """One alert of a webhook payload."""

    status: Literal["firing", "resolved"]
    name: str  # what responders see: alertname, plus the instance when there is one
    fingerprint: str
    severity: str
    message: str
    labels: dict[str, str]


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise AlertmanagerPayloadError(f"{where} must be text")
    cleaned = "".join(c if c.isprintable() else " " for c in value).strip()
    return cleaned[:MAX_FIELD]


def _mapping(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or len(value) > 200:
        raise AlertmanagerPayloadError(f"{where} must be a mapping of text to text")
    return {_text(k, f"{where} key"): _text(v, f"{where}.{k}") for k, v in value.items()}


def parse_webhook(body: Any) -> tuple[str, list[AmAlert]]:
    """(receiver, alerts) of Alertmanager's webhook JSON; ``AlertmanagerPayloadError`` otherwise."""
    if not isinstance(body, dict):
        raise AlertmanagerPayloadError("expected Alertmanager's webhook JSON (a mapping)")
    version = body.get("version")
    if version is not None and version != "4":
        raise AlertmanagerPayloadError(f"webhook version {version!r} is not supported (only '4')")
    alerts = body.get("alerts")
    if not isinstance(alerts, list):
        raise AlertmanagerPayloadError("alerts must be a list")
    if len(alerts) > MAX_ALERTS:
        raise AlertmanagerPayloadError(
            f"{len(alerts)} alerts in one payload (at most {MAX_ALERTS})"
        )
    receiver = _text(body.get("receiver", ""), "receiver")
    out = []
    for i, raw in enumerate(alerts):
        where = f"alerts[{i}]"
        if not isinstance(raw, dict):
            raise AlertmanagerPayloadError(f"{where} must be a mapping")
        status = raw.get("status")
        if status not in ("firing", "resolved"):
            raise AlertmanagerPayloadError(f"{where}.status must be firing or resolved")
        labels = _mapping(raw.get("labels"), f"{where}.labels")
        annotations = _mapping(raw.get("annotations"), f"{where}.annotations")
        alertname = labels.get("alertname", "").strip()
        if not alertname:
            raise AlertmanagerPayloadError(f"{where}.labels.alertname is missing")
        fingerprint = raw.get("fingerprint")
        if fingerprint is None:  # older Alertmanagers: derive one from the labels
            canon = json.dumps(sorted(labels.items())).encode()
            fingerprint = hashlib.sha256(canon).hexdigest()[:16]
        instance = labels.get("instance")
        out.append(
            AmAlert(
                status=status,
                name=f"{alertname} ({instance})" if instance else alertname,
                fingerprint=_text(fingerprint, f"{where}.fingerprint")[:64],
                severity=labels.get("severity", "critical") or "critical",
                message=annotations.get("summary") or annotations.get("description") or alertname,
                labels=labels,
            )
        )
    return receiver, out


def selected(alert: AmAlert, receiver: str, settings: AlertmanagerSettings) -> bool:
    """Whether the team's settings let ``alert`` page the drill."""
    if settings.receiver is not None and receiver != settings.receiver:
        return False
    return all(alert.labels.get(k) == v for k, v in settings.match.items())


def _firing(events: list[Event]) -> dict[str, str]:
    """fingerprint -> alert name of the Alertmanager alerts firing in the log now."""
    firing: dict[str, str] = {}
    for e in events:
        if e.data.get("source") != SOURCE:
            continue
        fp = str(e.data.get("fingerprint", ""))
        if e.kind == ev.ALERT_FIRED:
            firing[fp] = str(e.data.get("alert", ""))
        elif e.kind == ev.ALERT_RESOLVED:
            firing.pop(fp, None)
    return firing


def receive(
    drill: Drill, body: Any, settings: AlertmanagerSettings, *, clock: Clock | None = None
) -> list[Event]:
    """Record what an Alertmanager delivery says in ``drill``'s log; the events appended."""
    receiver, alerts = parse_webhook(body)
    if drill.meta().state != "running":
        raise DrillError(f"drill {drill.id} has ended; its alerts are closed")
    log = drill.log(clock)
    recorded: list[Event] = []
    with _LOCK:
        firing = _firing(log.events(kinds=[ev.ALERT_FIRED, ev.ALERT_RESOLVED]))
        for a in alerts:
            if not selected(a, receiver, settings):
                continue
            sev = a.labels.get(settings.severity_label, a.severity) or "critical"
            if a.status == "firing" and a.fingerprint not in firing:
                data = {
                    "alert": a.name,
                    "monitor": SOURCE,
                    "severity": sev,
                    "message": a.message,
                    "noise": False,
                    "source": SOURCE,
                    "fingerprint": a.fingerprint,
                    "labels": a.labels,
                }
                recorded.append(log.append(ev.ALERT_FIRED, data))
                firing[a.fingerprint] = a.name
            elif a.status == "resolved" and a.fingerprint in firing:
                data = {"alert": firing.pop(a.fingerprint), "source": SOURCE}
                data["fingerprint"] = a.fingerprint
                recorded.append(log.append(ev.ALERT_RESOLVED, data))
    return recorded


ALERTMANAGER = IntegrationSpec(
    "alertmanager",
    "accept Alertmanager's webhook (POST /api/alertmanager with the join token) as an alert "
    "source: the team's own Prometheus rules page the drill",
    AlertmanagerSettings,
)


ROUTE = "/api/alertmanager"
MAX_BODY = 1024 * 1024  # Alertmanager groups many alerts into one delivery


def settings_for(team: Team | None) -> AlertmanagerSettings | None:
    """The team's Alertmanager settings (its team file's ``integrations.alertmanager``), or
    None when the team did not make Alertmanager an alert source (off by default)."""
    from gameday.integrations.config import enabled

    if team is None:
        return None
    try:
        on = enabled(team)
    except GamedayError:
        return None
    found = on.get("alertmanager")
    return found[1] if found is not None else None


def webhook(
    drill: Drill, body: Any, settings: AlertmanagerSettings | None, *, clock: Clock | None = None
) -> tuple[int, dict[str, Any]]:
    """What the endpoint answers a delivery: (HTTP status, JSON body). Any web app's route is
    these lines: check the join token, read the JSON body, answer this."""
    if settings is None:
        return 404, {
            "error": "Alertmanager is not an alert source of this drill "
            "(add integrations: {alertmanager: {}} to the team file)"
        }
    try:
        recorded = receive(drill, body, settings, clock=clock)
    except AlertmanagerPayloadError as exc:
        return 400, {"error": str(exc)}
    except DrillError as exc:
        return 409, {"error": str(exc)}
    return 200, {"recorded": [e.to_dict() for e in recorded]}
