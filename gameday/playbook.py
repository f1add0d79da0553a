"""The playbook: the team's own rules (severities, roles, deadlines, weights) as data.

Scoring never hard-codes "10 minutes" or "SEV 1 and 2": it reads them from a ``Playbook`` so a
team can edit ``playbooks/default.yaml`` (or ship its own) and be graded by its own rules.
``load_playbook`` accepts a file path or a bare name looked up in ``./playbooks/`` and then in
the checkout's ``playbooks/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gameday.durations import parse_duration
from gameday.errors import ValidationError
from gameday.events import ROLES, role_key
from gameday.state import project_root
from gameday.yamlsrc import Source, load_file

PLAYBOOK_VERSION = 1
DEADLINES = (
    "ack",
    "declare",
    "roles",
    "channel",
    "first_status",
    "cadence",
    "stakeholders",
    "answer",
    "rollback",
    "final_status",
    "review",
)
OPTIONAL_DEADLINES = ("mitigation_hold",)  # read by the drill runner when present
_TOP_KEYS = {
    "playbook_version",
    "name",
    "description",
    "severities",
    "roles",
    "cadence_severities",
    "stakeholder_severities",
    "review_severities",
    "channel",
    "deadlines",
    "late_credit",
    "weights",
    "steps",
}
_REQUIRED = ("playbook_version", "name", "severities", "roles", "deadlines", "weights")


@dataclass(frozen=True)
class SeverityLevel:
    level: int
    name: str
    meaning: str
    respond_within: float | None  # seconds; None = no urgent response expected
    responders: str = ""


@dataclass(frozen=True)
class Role:
    key: str  # ic | tech | comms
    name: str
    aliases: tuple[str, ...] = ()
    duty: str = ""


@dataclass(frozen=True)
class Playbook:
    name: str
    severities: dict[int, SeverityLevel]
    roles: dict[str, Role]
    deadlines: dict[str, float]  # seconds, keyed by DEADLINES
    weights: dict[str, float]  # criterion -> points
    steps: tuple[str, ...]  # checklist order of criteria
    cadence_severities: frozenset[int] = frozenset({1, 2})
    stakeholder_severities: frozenset[int] = frozenset({1})
    review_severities: frozenset[int] = frozenset({1, 2})
    channel_convention: str = "#incident-YYYYMMDD"
    late_credit: float = 0.5
    description: str = ""
    source: str = ""
    extra_aliases: dict[str, str] = field(default_factory=dict)

    def role_key(self, name: str) -> str | None:
        """``Operations Lead`` / ``ops`` / ``tech`` -> ``tech``; None when unknown."""
        k = name.strip().lower().replace(" ", "-").replace("_", "-")
        return self.extra_aliases.get(k) or role_key(k)

    def role_name(self, key: str) -> str:
        role = self.roles.get(key)
        return role.name if role else key

    def deadline(self, key: str) -> float:
        return self.deadlines[key]


def resolve_playbook_path(ref: str | Path) -> Path:
    """A path, or a name found in ``./playbooks`` then in the checkout's ``playbooks``."""
    p = Path(ref)
    if p.suffix in (".yaml", ".yml") or p.exists() or "/" in str(ref):
        return p
    for base in (Path.cwd() / "playbooks", project_root() / "playbooks"):
        for suffix in (".yaml", ".yml"):
            cand = base / f"{ref}{suffix}"
            if cand.exists():
                return cand
    raise ValidationError(
        f"no playbook named {str(ref)!r} (looked in ./playbooks and {project_root()}/playbooks)"
    )


def load_playbook(ref: str | Path = "default") -> Playbook:
    path = resolve_playbook_path(ref)
    return parse_playbook(load_file(path))


def _dur(src: Source, path: tuple, value: Any, *, allow_none: bool = False) -> float | None:
    if allow_none and (value is None or value == "none"):
        return None
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise src.error(path, str(exc)) from None


def _sev_set(src: Source, key: str, raw: Any, default: frozenset[int]) -> frozenset[int]:
    if raw is None:
        return default
    if not isinstance(raw, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 4 for v in raw
    ):
        raise src.error((key,), "expected a list of severity levels 1..4, e.g. [1, 2]")
    return frozenset(raw)


def _text(src: Source, path: tuple, value: Any, default: str = "") -> str:
    if value is None:
        return default
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise src.error(path, f"expected text, got {type(value).__name__}")
    return str(value)


def _mapping(src: Source, path: tuple, value: Any) -> dict:
    if not isinstance(value, dict):
        raise src.error(path, f"expected a mapping, got {type(value).__name__}")
    return value


def _severities(src: Source, raw: Any) -> dict[int, SeverityLevel]:
    out: dict[int, SeverityLevel] = {}
    for level, spec in _mapping(src, ("severities",), raw).items():
        path = ("severities", level)
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 4:
            raise src.error(path, "severity levels are the numbers 1 to 4")
        spec = _mapping(src, path, spec)
        unknown = set(spec) - {"name", "meaning", "respond_within", "responders"}
        if unknown:
            raise src.error((*path, sorted(unknown)[0]), "unknown key")
        if "name" not in spec:
            raise src.error(path, "missing key 'name'")
        out[level] = SeverityLevel(
            level=level,
            name=_text(src, (*path, "name"), spec["name"]),
            meaning=_text(src, (*path, "meaning"), spec.get("meaning")),
            respond_within=_dur(
                src, (*path, "respond_within"), spec.get("respond_within"), allow_none=True
            ),
            responders=_text(src, (*path, "responders"), spec.get("responders")),
        )
    return out


def _roles(src: Source, raw: Any) -> tuple[dict[str, Role], dict[str, str]]:
    roles: dict[str, Role] = {}
    aliases: dict[str, str] = {}
    for key, spec in _mapping(src, ("roles",), raw).items():
        path = ("roles", key)
        if key not in ROLES:
            raise src.error(path, f"unknown role (roles are {', '.join(ROLES)})")
        spec = _mapping(src, path, spec)
        unknown = set(spec) - {"name", "aliases", "duty"}
        if unknown:
            raise src.error((*path, sorted(unknown)[0]), "unknown key")
        al = spec.get("aliases") or []
        if not isinstance(al, list) or not all(isinstance(a, str) for a in al):
            raise src.error((*path, "aliases"), "expected a list of names")
        for a in al:
            aliases[a.strip().lower().replace(" ", "-")] = key
        name = _text(src, (*path, "name"), spec.get("name"), default=key)
        aliases[name.lower().replace(" ", "-")] = key
        roles[key] = Role(key, name, tuple(al), _text(src, (*path, "duty"), spec.get("duty")))
    missing = [r for r in ROLES if r not in roles]
    if missing:
        raise src.error(("roles",), f"missing role {missing[0]!r}")
    return roles, aliases


def _weights(src: Source, raw: Any) -> dict[str, float]:
    from gameday.scoring.registry import criteria

    out: dict[str, float] = {}
    for name, w in _mapping(src, ("weights",), raw).items():
        if name not in criteria:
            raise src.error(
                ("weights", name), f"unknown criterion (known: {', '.join(criteria.names())})"
            )
        if isinstance(w, bool) or not isinstance(w, int | float) or w < 0:
            raise src.error(("weights", name), f"expected a number of points >= 0, got {w!r}")
        out[str(name)] = float(w)
    total = sum(out.values())
    if abs(total - 100) > 1e-6:
        raise src.error(("weights",), f"weights add up to {total:g}; they must add up to 100")
    return out


def parse_playbook(src: Source) -> Playbook:
    from gameday.scoring.registry import criteria

    data = src.data
    if not isinstance(data, dict):
        raise src.error((), "a playbook is a mapping with keys " + ", ".join(_REQUIRED))
    for key in data:
        if key not in _TOP_KEYS:
            raise src.error((key,), "unknown key")
    for key in _REQUIRED:
        if key not in data:
            raise src.error((), f"missing key {key!r}")
    if data["playbook_version"] != PLAYBOOK_VERSION:
        raise src.error(
            ("playbook_version",), f"unsupported version (this gameday reads {PLAYBOOK_VERSION})"
        )
    deadlines: dict[str, float] = {}
    raw_dl = _mapping(src, ("deadlines",), data["deadlines"])
    for key in raw_dl:
        if key not in DEADLINES and key not in OPTIONAL_DEADLINES:
            known = ", ".join(DEADLINES + OPTIONAL_DEADLINES)
            raise src.error(("deadlines", key), f"unknown deadline (known: {known})")
        if key in OPTIONAL_DEADLINES:
            deadlines[key] = _dur(src, ("deadlines", key), raw_dl[key]) or 0.0
    for key in DEADLINES:
        if key not in raw_dl:
            raise src.error(("deadlines",), f"missing deadline {key!r}")
        deadlines[key] = _dur(src, ("deadlines", key), raw_dl[key]) or 0.0
    late = data.get("late_credit", 0.5)
    if isinstance(late, bool) or not isinstance(late, int | float) or not 0 <= late <= 1:
        raise src.error(("late_credit",), "expected a number between 0 and 1")
    weights = _weights(src, data["weights"])
    steps_raw = data.get("steps") or list(weights)
    if not isinstance(steps_raw, list):
        raise src.error(("steps",), "expected a list of criterion names")
    for i, s in enumerate(steps_raw):
        if s not in criteria:
            raise src.error(("steps", i), f"unknown criterion {s!r}")
    channel = _mapping(src, ("channel",), data.get("channel") or {})
    convention = _text(
        src, ("channel", "convention"), channel.get("convention"), "#incident-YYYYMMDD"
    )
    roles, aliases = _roles(src, data["roles"])
    return Playbook(
        name=_text(src, ("name",), data["name"]),
        description=_text(src, ("description",), data.get("description")),
        severities=_severities(src, data["severities"]),
        roles=roles,
        extra_aliases=aliases,
        deadlines=deadlines,
        weights=weights,
        steps=tuple(steps_raw),
        cadence_severities=_sev_set(
            src, "cadence_severities", data.get("cadence_severities"), frozenset({1, 2})
        ),
        stakeholder_severities=_sev_set(
            src, "stakeholder_severities", data.get("stakeholder_severities"), frozenset({1})
        ),
        review_severities=_sev_set(
            src, "review_severities", data.get("review_severities"), frozenset({1, 2})
        ),
        channel_convention=convention,
        late_credit=float(late),
        source=src.file,
    )
