"""Feed many malformed files, folders, arguments, environment values and server answers to the
real CLI and count what goes wrong.

For each format (scenario, playbook, team, autopilot script, timeline) the census starts from a
small valid document and derives malformed ones: every value position gets the bad values of
its kind (YAML-level traps such as ``!!int two`` or unquoted impossible dates, control and
zero-width characters, NaN/inf/huge numbers, lists where a name is expected...), plus
file-level traps (FIFO, ``/dev/zero``, directory, alias bomb, deep nesting, raw NUL, non-UTF-8)
and the specific "accepted but wrong" cases of issue 8. Each case runs through
``gameday.cli.main([...])`` in a worker process (one per format, restarted if it dies or
hangs) with Docker made unreachable, in a fresh working directory, and is classified:

* ``traceback``: an exception other than ``SystemExit`` escaped ``main`` (or the worker died)
* ``hang``: no answer within ``--timeout`` seconds
* ``accepted``: a bad input got exit code 0 (or, for ``run``, got past validation)
* ``vague``: refused, but the one-line error does not name the file (and line, when the
  file could be read), or is not one line
* ``wrote``: refused, but something was written
* ``ok``: refused with a one-line ``file:line: key: message`` style error, nothing written

Beyond the five file formats, ``census_extra.py`` adds the other classes of issue 8 as kinds
of their own, run and counted the same way: ``scorecard`` (a scorecard with one bad value, and
the folder it sits in), ``state`` (``drill.json``, ``drills/current``, ``events.sqlite``,
``GAMEDAY_STATE_DIR``), ``args`` (every checked command-line value), ``env`` (environment
values) and ``remote`` (``--server`` URLs, tokens, and misbehaving loopback servers). The kinds
and their verdicts are described there.

Usage (before/after comparisons run the same script against two checkouts)::

    .venv/bin/python benchmarks/bad_input_census.py                    # this checkout
    git archive a84320a | tar -x -C /tmp/before && (cd /tmp/before && bash scripts/setup.sh)
    .venv/bin/python benchmarks/bad_input_census.py --repo /tmp/before \
        --python /tmp/before/.venv/bin/python                          # the session's start
    ... --format team --details /tmp/team.json                          # one format, failures
    ... --format state --format remote                                  # some of the new kinds

Commands per format (the same on every checkout): scenario ``validate FILE`` and ``list --json``
(the file in ./scenarios), playbook ``score GOOD_TIMELINE --playbook FILE --out DIR``, timeline
``score FILE --out DIR``, team ``run SCENARIO --team FILE``, autopilot ``run SCENARIO
--autopilot FILE``; ``run`` stops at the first step after validation (restoring leftovers),
which the worker replaces by a marker, so nothing ever reaches Docker.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent.parent
FORMATS = ("scenario", "playbook", "team", "autopilot", "timeline")

# --- the valid starting points --------------------------------------------------------------
SCENARIO: dict[str, Any] = {
    "id": "census-cert",
    "title": "Certificate expired",
    "briefing": "PAGE: the shop is unreachable over TLS.",
    "difficulty": "easy",
    "target": "targets/shop",
    "severity": 1,
    "playbook": "default",
    "time_limit": "30m",
    "steady_state": [
        {
            "name": "browse",
            "probe": "http",
            "params": {"url": "{proxy}/products", "expect_status": 200, "timeout": "3s"},
        },
        {"name": "db", "probe": "tcp", "params": {"address": "{db.host}:{db.port}"}},
    ],
    "timeline": [
        {"at": "0s", "fault": "expired_cert", "name": "cert", "params": {"expired_for": "2d"}},
        {
            "at": "4m",
            "inject": "stakeholder",
            "name": "ceo-asks",
            "from": "CEO",
            "message": "Are we hacked?",
        },
    ],
    "root_cause": {
        "category": "certificate",
        "keywords": ["certificate", "expired"],
        "min_matches": 1,
        "summary": "The proxy certificate expired.",
    },
    "remediation": [{"action": "renew_certificate"}],
    "score_overrides": {"stakeholders": 10},
    "hints": ["Look at the TLS layer."],
}

CRITERIA = (
    "ack",
    "declare",
    "severity",
    "roles",
    "roles_distinct",
    "channel",
    "channel_name",
    "first_status",
    "cadence",
    "promises",
    "stakeholders",
    "questions",
    "rollback",
    "root_cause",
    "resolve",
    "final_status",
    "review",
)
PLAYBOOK: dict[str, Any] = {
    "playbook_version": 1,
    "name": "census",
    "description": "A small playbook.",
    "severities": {
        1: {"name": "Critical", "meaning": "Everyone is affected.", "respond_within": "0s"},
        2: {"name": "Major", "meaning": "Many are affected.", "respond_within": "30m"},
    },
    "roles": {
        "ic": {"name": "Incident Commander", "aliases": ["commander"], "duty": "Decides."},
        "tech": {"name": "Technical Lead", "aliases": ["ops"]},
        "comms": {"name": "Communications Lead"},
    },
    "cadence_severities": [1, 2],
    "stakeholder_severities": [1],
    "review_severities": [1, 2],
    "channel": {"convention": "#incident-YYYYMMDD"},
    "deadlines": {
        "ack": "5m",
        "declare": "10m",
        "roles": "15m",
        "channel": "10m",
        "first_status": "10m",
        "cadence": "15m",
        "stakeholders": "15m",
        "answer": "10m",
        "rollback": "20m",
        "final_status": "10m",
        "review": "48h",
    },
    "late_credit": 0.5,
    "weights": {**dict.fromkeys(CRITERIA[:-1], 6), "review": 4},
    "steps": list(CRITERIA),
}

TEAM: dict[str, Any] = {
    "team": "census-team",
    "description": "Responders.",
    "default_actor": "alice",
    "escalate_after": "2m",
    "people": [{"name": "alice", "full_name": "Alice A"}, {"name": "bob"}, "carol"],
    "oncall": ["alice", "bob"],
}

AUTOPILOT: dict[str, Any] = {
    "team": "model-team",
    "scenario": "expired-cert",
    "steps": [
        {"after": "page.sent", "at": "10s", "as": "alice", "do": "ack"},
        {"after": "page.sent", "at": "30s", "as": "alice", "do": "declare", "sev": 1},
        {
            "after": "page.sent",
            "at": "35s",
            "as": "alice",
            "do": "role",
            "role": "ic",
            "person": "alice",
        },
        {"after": "page.sent", "at": "45s", "do": "channel", "name": "#incident-{date}"},
        {
            "after": "page.sent",
            "at": "1m",
            "as": "carol",
            "do": "status",
            "state": "investigating",
            "text": "We are investigating.",
            "next": "15m",
        },
        {
            "after": "stakeholder",
            "at": "20s",
            "as": "carol",
            "do": "notify",
            "audience": "stakeholders",
            "text": "We are on it.",
        },
        {
            "after": "page.sent",
            "at": "1m35s",
            "as": "bob",
            "do": "remediate",
            "remedy": "renew_certificate",
        },
        {
            "after": "drill.mitigated",
            "at": "8s",
            "as": "alice",
            "do": "review",
            "when": "{now+24h}",
        },
        {"after": "drill.mitigated", "at": "10s", "as": "alice", "do": "resolve"},
    ],
}

TIMELINE: dict[str, Any] = {
    "timeline_version": 1,
    "drill": "census-1",
    "scenario": "expired-cert",
    "title": "Census tabletop",
    "team": "green",
    "started": "2026-05-06T14:00:00Z",
    "playbook": "default",
    "expectations": {
        "severity": 1,
        "root_cause": {
            "category": "certificate",
            "keywords": ["certificate", "expired"],
            "min_matches": 1,
        },
        "score_overrides": {"stakeholders": 10},
    },
    "events": [
        {"t": "0s", "kind": "drill.started"},
        {"t": "1m", "kind": "fault.live", "data": {"fault": "cert", "type": "expired_cert"}},
        {"t": "2m", "kind": "alert.fired", "data": {"alert": "down", "monitor": "browse"}},
        {"id": 4, "t": "2m", "kind": "page.sent", "data": {"to": "dana", "level": 0}},
        {"t": 270, "actor": "dana", "kind": "action.ack", "wall": "2026-05-06T14:04:30Z"},
        {"t": "6m", "actor": "dana", "kind": "action.declare", "data": {"sev": 1}},
        {"t": "26m", "actor": "dana", "kind": "action.resolve"},
    ],
}

BASES = {
    "scenario": SCENARIO,
    "playbook": PLAYBOOK,
    "team": TEAM,
    "autopilot": AUTOPILOT,
    "timeline": TIMELINE,
}

# Keys whose text values are names (a pattern, no spaces) or durations, per format.
NAME_KEYS = {
    "scenario": {"id", "name"},
    "playbook": set(),
    "team": {"team", "name", "default_actor", "oncall", "people"},
    "autopilot": {"as", "person"},
    "timeline": {"actor"},
}
DURATION_KEYS = {
    "time_limit",
    "at",
    "timeout",
    "expired_for",
    "respond_within",
    "escalate_after",
    "t",
    "next",
    *PLAYBOOK["deadlines"],
}
ENUM_KEYS = {
    "difficulty",
    "probe",
    "fault",
    "inject",
    "action",
    "do",
    "state",
    "role",
    "remedy",
    "audience",
    "kind",
}
FREE_KEYS = {"data"}  # free-form mappings: only YAML-level traps apply inside them
TEXT_OK_KEYS = {"summary", "description", "full_name", "meaning", "duty", "responders", "title"}

# --- bad values by the kind of position they go into -----------------------------------------
# Each is (class, YAML text). Classes are the families of issue 8.
YAML_TRAPS = [
    ("tag-int", "!!int two"),
    ("tag-bool", "!!bool maybe"),
    ("tag-timestamp", "!!timestamp yesterday"),
    ("tag-float", "!!float lots"),
    ("int-4300-digits", "9" * 4301),
    ("int-huge", "1" + "0" * 40),
    ("nul-char", '"a\\0b"'),
    ("c1-char", '"a\\x9bb"'),
    ("nan", ".nan"),
    ("inf", ".inf"),
    ("minus-inf", "-.inf"),
]
NOT_TEXT = [
    ("date-impossible", "2026-02-30"),
    ("offset-impossible", "2026-05-04T09:00:00+25:00"),
    ("list-of-list", "[[alice]]"),
    ("mapping", "{a: 1}"),
]
NUMBER_TRAPS = [
    ("bool", "true"),
    ("text", "lots"),
    ("negative", "-5"),
    ("absurd", "1e300"),
    ("date-impossible", "2026-02-30"),
    ("list", "[1]"),
]
NAME_TRAPS = [
    ("zero-width", '"al\\u200bice"'),
    ("rtl-override", '"\\u202ealice"'),
    ("newline-end", '"alice\\n"'),
    ("empty", '""'),
    ("list-of-list", "[[alice]]"),
    ("bool", "true"),
]
TEXT_TRAPS = [("list-of-list", "[[alice]]"), ("mapping", "{a: 1}"), ("bool-as-text", "false")]
ENUM_TRAPS = [("unknown", "no-such-thing"), ("list", "[x]"), ("newline-end", '"ack\\n"')]
MAP_TRAPS = [("mixed-keys", "{1: a, b: c}"), ("list", "[a]"), ("text", "nope")]
LIST_TRAPS = [("list-of-list", "[[alice]]"), ("text", "nope"), ("mapping", "{a: 1}")]

MARK = "CENSUS__BAD__VALUE"
LEGAL = {("timeline", "expectations.root_cause", "text")}  # keywords as one text are allowed


def positions(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            if k in FREE_KEYS:
                yield (*path, k, "*"), v  # free-form: YAML traps only
                continue
            yield from positions(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from positions(v, (*path, i))


def kind_of(fmt: str, path: tuple, value: Any) -> str:
    if path and path[-1] == "*":
        return "free"
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    last = path[-1] if path else None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dict):
        return "map"
    if isinstance(value, list):
        return "list"
    if key in DURATION_KEYS and isinstance(last, str):
        return "duration"
    if key in NAME_KEYS[fmt] or (fmt == "team" and key in ("oncall", "people")):
        return "name"
    if key in ENUM_KEYS and isinstance(last, str):
        return "enum"
    if key in TEXT_OK_KEYS:
        return "freetext"
    return "text"


def traps_for(kind: str) -> list[tuple[str, str]]:
    if kind == "free":
        return YAML_TRAPS
    base = list(YAML_TRAPS)
    if kind in ("number", "duration"):
        return base + NUMBER_TRAPS
    if kind == "bool":
        return [*base, ("text", "maybe"), ("number", "2"), *NOT_TEXT[:2]]
    if kind == "name":
        return base + NAME_TRAPS
    if kind == "enum":
        return base + ENUM_TRAPS
    if kind in ("text", "freetext"):
        return base + TEXT_TRAPS
    if kind == "map":
        return [t for t in base if t[0].startswith(("tag", "nul", "c1"))] + MAP_TRAPS
    if kind == "list":
        return [t for t in base if t[0].startswith(("tag", "nul", "c1"))] + LIST_TRAPS
    return base


def set_at(doc: Any, path: tuple, value: Any) -> Any:
    doc = copy.deepcopy(doc)
    if not path:
        return value
    node = doc
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return doc


def dump(doc: Any) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=4096)


def with_fragment(doc: Any, path: tuple, fragment: str) -> str:
    """``doc`` as YAML with the value at ``path`` replaced by a raw YAML fragment."""
    text = dump(set_at(doc, path, MARK))
    return text.replace(MARK, fragment, 1)


# --- the cases ------------------------------------------------------------------------------
class Case(dict):
    pass


def case(
    fmt: str,
    cls: str,
    where: str,
    content: bytes | None,
    special: str = "",
    expect: str = "refuse",
    ext: str = ".yaml",
) -> Case:
    return Case(
        fmt=fmt, cls=cls, where=where, content=content, special=special, expect=expect, ext=ext
    )


def alias_bomb(levels: int = 9) -> str:
    lines = ["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    out = []
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        out.append(f"&a{i} [{refs}]")
    return "[" + ", ".join([lines[0], *out]) + "]"


def generated(fmt: str) -> Iterator[Case]:
    base = BASES[fmt]
    for path, value in positions(base):
        if not path:
            continue
        real = tuple(p for p in path if p != "*")
        kind = kind_of(fmt, path, value)
        where = ".".join(str(p) for p in path)
        for cls, fragment in traps_for(kind):
            if (fmt, where, cls) in LEGAL:
                continue
            if path[-1] == "*":  # inside free-form data: add a key
                inner = set_at(base, real, {**(value or {}), "census": MARK})
                text = dump(inner).replace(MARK, fragment, 1)
            else:
                text = with_fragment(base, real, fragment)
            yield case(fmt, f"{kind}:{cls}", where, text.encode())
    # keys: unknown / mixed-type keys / duplicate keys in every mapping
    for path, value in positions(base):
        if isinstance(value, dict) and (not path or path[-1] != "*"):
            where = ".".join(str(p) for p in path) or "(top)"
            bad = {**value, 7: "seven"}
            yield case(fmt, "key:int-key", where, dump(set_at(base, path, bad)).encode())
            bad = {**value, "no_such_key_census": 1}
            yield case(fmt, "key:unknown", where, dump(set_at(base, path, bad)).encode())


def file_level(fmt: str) -> Iterator[Case]:
    good = dump(BASES[fmt])
    yield case(fmt, "file:fifo", "", None, special="fifo")
    yield case(fmt, "file:dev-zero", "", None, special="/dev/zero")
    yield case(fmt, "file:dev-zero-symlink", "", None, special="symlink:/dev/zero")
    yield case(fmt, "file:directory", "", None, special="dir")
    yield case(fmt, "file:missing", "", None, special="missing")
    yield case(fmt, "file:empty", "", b"")
    yield case(fmt, "file:top-list", "", b"- a\n- b\n")
    yield case(fmt, "file:top-scalar", "", b"hello\n")
    yield case(fmt, "file:raw-nul", "", good.encode() + b"x-\0: 1\n")
    yield case(fmt, "file:raw-c1", "", good.replace("\n", "\n# \u0085\u009b\n", 1).encode())
    yield case(fmt, "file:non-utf8", "", good.encode() + b"# \xff\xfe\n")
    yield case(fmt, "file:bad-yaml", "", good.encode() + b"  : : [\n")
    yield case(fmt, "file:tab-indent", "", good.replace("\n  ", "\n\t", 3).encode())
    yield case(fmt, "file:duplicate-key", "", good.encode() + good.split("\n", 1)[0].encode())
    yield case(fmt, "file:deep-nesting", "", good.encode() + b"x: " + b"[" * 5000 + b"]" * 5000)
    bomb = alias_bomb()
    top_key = {
        "scenario": "hints",
        "playbook": "description",
        "team": "description",
        "autopilot": "scenario",
        "timeline": "title",
    }[fmt]
    yield case(
        fmt, "file:alias-bomb", top_key, with_fragment(BASES[fmt], (top_key,), bomb).encode()
    )
    if fmt == "timeline":
        doc = copy.deepcopy(TIMELINE)
        text = dump(doc).replace('"fault": "cert"', "fault: cert", 1)
        text = with_fragment(doc, ("events", 1, "data"), "{fault: cert, x: " + bomb + "}")
        yield case(fmt, "file:alias-bomb-in-event-data", "events[1].data", text.encode())
        # valid but large: 5 MB of events must be read in bounded time (accepted is fine)
        events = [
            {
                "t": i,
                "kind": "action.note",
                "actor": "dana",
                "data": {"text": f"note {i} " + "x" * 40},
            }
            for i in range(40_000)
        ]
        big = {**TIMELINE, "events": TIMELINE["events"] + events}
        yield case(fmt, "size:large-valid-yaml", "", dump(big).encode(), expect="any")
        yield case(
            fmt, "size:large-valid-json", "", json.dumps(big).encode(), expect="any", ext=".json"
        )
        yield case(
            fmt,
            "json:nan",
            "",
            json.dumps({**TIMELINE, "title": float("nan")}).encode(),
            ext=".json",
        )
        yield case(
            fmt, "json:bad", "", b'{"started": "2026-05-06T14:00:00Z", "events": [}', ext=".json"
        )


def semantic(fmt: str) -> Iterator[Case]:
    """Issue 8's specific "accepted but wrong" and cross-reference cases."""

    def mod(path: tuple, value: Any, cls: str) -> Case:
        return case(
            fmt,
            f"semantic:{cls}",
            ".".join(map(str, path)),
            dump(set_at(BASES[fmt], path, value)).encode(),
        )

    def frag(path: tuple, fragment: str, cls: str) -> Case:
        text = with_fragment(BASES[fmt], path, fragment)
        return case(fmt, f"semantic:{cls}", ".".join(map(str, path)), text.encode())

    if fmt == "scenario":
        yield mod(("playbook",), "no-such-playbook", "unknown-playbook")
        yield mod(("root_cause", "min_matches"), 5, "min-matches-over-keywords")
        yield mod(("score_overrides",), {"stakeholders": -10}, "override-negative")
        yield mod(("score_overrides",), {"no_such_criterion": 10}, "override-unknown")
        yield mod(("steady_state", 0, "params", "expect_status"), [], "expect-status-empty")
        yield mod(("steady_state", 0, "params", "expect_status"), 99999, "expect-status-absurd")
        yield mod(("steady_state", 0, "params", "timeout"), "1000d", "probe-timeout-absurd")
        yield mod(("timeline", 0, "params", "expired_for"), "100000d", "fault-param-absurd")
        yield mod(("steady_state", 0, "name"), "browse\n", "name-newline")
        yield mod(("time_limit",), "1000d", "time-limit-absurd")
        yield frag(("timeline", 0, "at"), ".nan", "at-nan")
        yield mod(("target",), "targets/\u202eshop", "target-rtl")
        yield mod(("target",), "targets/sh\0op", "target-nul")
    elif fmt == "playbook":
        yield mod(("playbook_version",), True, "version-true")
        yield mod(("playbook_version",), 1.0, "version-float")
        yield mod(("steps",), [["ack"]], "steps-list-of-list")
        yield frag(("weights", "ack"), ".nan", "weight-nan")
        yield frag(("late_credit",), ".nan", "late-credit-nan")
        yield mod(("deadlines", "review"), "100000d", "deadline-absurd")
        yield mod(("name",), "census\n", "name-newline")
        yield mod(("roles", "ic", "aliases"), [["x"]], "aliases-list-of-list")
        yield mod(("severities",), {**PLAYBOOK["severities"], 1.5: {"name": "x"}}, "sev-float")
        yield mod(("cadence_severities",), [True], "sev-set-bool")
    elif fmt == "team":
        yield mod(("oncall",), [["alice"]], "oncall-list-of-list")
        yield mod(("people", 0, "name"), "alice\n", "name-newline")
        yield frag(("escalate_after",), ".nan", "escalate-nan")
        yield frag(("escalate_after",), ".inf", "escalate-inf")
        yield mod(("escalate_after",), "100000d", "escalate-absurd")
        yield mod(("default_actor",), ["alice"], "default-actor-list")
        yield mod(("people",), [{"name": "alice"}, {"name": "alice"}], "people-twice")
    elif fmt == "autopilot":
        steps = AUTOPILOT["steps"]
        yield mod(("steps", 1, "sev"), 9, "sev-9")
        yield mod(("steps", 2, "role"), "boss", "role-boss")
        yield mod(("steps", 0, "after"), "page.sennt", "after-unknown-kind")
        yield mod(("steps", 0, "after"), "inject:no-such-inject", "after-unknown-inject")
        yield mod(("steps", 7, "when"), "{now+abc}", "placeholder-bad")
        yield mod(("steps", 7, "when"), "{tomorrow}", "placeholder-unknown")
        yield mod(("steps", 7, "when"), "next tuesday", "when-not-a-time")
        yield mod(("steps", 4, "state"), "bogus", "status-state")
        yield mod(("steps", 4, "next"), "48h", "next-too-far")
        yield mod(("steps", 4, "next"), "0s", "next-zero")
        yield mod(("steps", 3, "name"), "incident channel", "channel-spaces")
        yield mod(("steps", 5, "reply_to"), "no-such-inject", "reply-to-unknown")
        yield mod(("steps", 6, "remedy"), "no_such_remedy", "remedy-unknown")
        yield mod(("steps", 2, "person"), "", "person-empty")
        yield mod(("steps", 0, "as"), "alice\n", "actor-newline")
        yield mod(("steps", 0, "as"), "x" * 100, "actor-too-long")
        yield mod(("steps",), [["ack"]], "steps-list-of-list")
        yield mod(("steps", 1, "do"), "declar", "do-typo")
        yield frag(("steps", 0, "at"), ".nan", "at-nan")
        yield mod(("steps", 0, "at"), "100000d", "at-absurd")
        yield mod(("steps",), [*steps, {"at": "1s", "do": "ack", "sev": 2}], "extra-param")
    elif fmt == "timeline":
        yield mod(("expectations", "score_overrides"), {"stakeholders": -5}, "override-negative")
        yield mod(("expectations", "score_overrides"), {"nope": 5}, "override-unknown")
        yield mod(("expectations", "root_cause", "min_matches"), 3, "min-matches-over-keywords")
        yield frag(("events", 1, "t"), ".nan", "t-nan")
        yield mod(("events", 1, "t"), "100000d", "t-absurd")
        yield mod(("events", 3, "id"), True, "id-true")
        yield frag(("started",), "2026-02-30T10:00:00Z", "started-impossible")
        yield frag(("events", 4, "wall"), "2026-05-06T14:04:30+25:00", "wall-offset")
        yield mod(("team",), "green\n", "team-newline")
        yield mod(("events", 4, "actor"), "dana\n", "actor-newline")
        yield mod(("events", 1, "kind"), ["fault.live"], "kind-list")
        yield mod(("expectations", "severity"), True, "severity-true")
        yield mod(("events",), [*TIMELINE["events"], {"id": 4, "t": 1, "kind": "x.y"}], "dup-id")


def all_cases(fmts: tuple[str, ...]) -> list[Case]:
    out: list[Case] = []
    for fmt in fmts:
        seen: set[tuple[str, bytes | None, str]] = set()
        for c in (*generated(fmt), *file_level(fmt), *semantic(fmt)):
            key = (c["cls"], c["content"], c["special"])
            if key in seen:
                continue
            seen.add(key)
            out.append(c)
    return out


# --- running them ---------------------------------------------------------------------------
def argv_for(fmt: str, file: str, out: str, good_timeline: str, repo: Path) -> list[list[str]]:
    scenario = repo / "scenarios" / "expired-cert.yaml"
    if fmt == "scenario":
        return [["validate", file]]
    if fmt == "playbook":
        return [["score", good_timeline, "--playbook", file, "--out", out]]
    if fmt == "timeline":
        return [["score", file, "--out", out]]
    if fmt == "team":
        return [["run", str(scenario), "--team", file, "--users", "0", "--plain"]]
    return [["run", str(scenario), "--autopilot", file, "--users", "0", "--plain"]]


WORKER = textwrap.dedent(
    r"""
    import contextlib, io, json, os, resource, signal, sys, traceback
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    cases = json.load(open(sys.argv[1]))
    start = int(sys.argv[2])
    progress = open(sys.argv[3], "a", buffering=1)
    timeout = float(sys.argv[4])
    class Accepted(BaseException): pass
    class Hang(BaseException): pass
    class ReachedDocker(BaseException): pass  # a value got past every check, on to Docker
    def refuse(*a, **k): raise ReachedDocker()
    import docker
    docker.from_env = refuse
    docker.DockerClient.__init__ = refuse
    import gameday.cli
    from gameday.cli import main
    try:
        import gameday.drill.lifecycle as lc
        def accepted(*a, **k): raise Accepted()
        lc.restore_pending_first = accepted
    except ImportError:
        pass
    def on_alarm(*_): raise Hang()
    signal.signal(signal.SIGALRM, on_alarm)
    def files(root):
        out = set()
        for d, _, fs in os.walk(root):
            out.update(os.path.join(d, f) for f in fs)
        return out
    for i in range(start, len(cases)):
        c = cases[i]
        progress.write(f"start {i}\n")
        os.chdir(c["cwd"])
        before = files(c["cwd"]) | files(os.environ["GAMEDAY_STATE_DIR"])
        err, out = io.StringIO(), io.StringIO()
        res = {"i": i}
        saved = {k: os.environ.get(k) for k in c.get("env", {})}
        for k, v in c.get("env", {}).items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        signal.setitimer(signal.ITIMER_REAL, c.get("timeout") or timeout)
        t0 = __import__("time").perf_counter()
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
                res["code"] = main(c["argv"])
        except (Accepted, ReachedDocker):
            res["code"] = 0
            res["accepted_run"] = True
        except Hang:
            res["hang"] = True
        except SystemExit as exc:
            res["code"] = exc.code if isinstance(exc.code, int) else 2
        except BaseException as exc:
            res["traceback"] = "".join(traceback.format_exception_only(type(exc), exc))[-300:]
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        res["seconds"] = __import__("time").perf_counter() - t0
        res["stderr"] = err.getvalue()[-2000:]
        res["stdout"] = out.getvalue()[-4000:]
        after = files(c["cwd"]) | files(os.environ["GAMEDAY_STATE_DIR"])
        res["wrote"] = sorted(after - before)[:5]
        progress.write("result " + json.dumps(res) + "\n")
    progress.write("done\n")
    """
)


def prepare(cases: list[Case], work: Path, good_timeline: Path, repo: Path) -> list[dict[str, Any]]:
    out = []
    for n, c in enumerate(cases):
        cwd = work / f"case-{n:05d}"
        cwd.mkdir(parents=True)
        (cwd / "out").mkdir()
        name = f"census-{c['fmt']}{c['ext']}"
        file = cwd / name
        special = c["special"]
        if special == "fifo":
            os.mkfifo(file)
        elif special.startswith("symlink:"):
            file.symlink_to(special.split(":", 1)[1])
        elif special == "dir":
            file.mkdir()
        elif special == "missing":
            pass
        elif special:
            file = Path(special)
        else:
            file.write_bytes(c["content"] or b"")
        shown = str(file) if special.startswith("/") else name
        for argv in argv_for(c["fmt"], shown, "out", str(good_timeline), repo):
            out.append(
                {
                    **{k: v for k, v in c.items() if k != "content"},
                    "argv": argv,
                    "cwd": str(cwd),
                    "file": shown,
                }
            )
        if c["fmt"] == "scenario" and not special:
            listing = cwd / "listing"
            (listing / "scenarios").mkdir(parents=True)
            (listing / "scenarios" / name).write_bytes(c["content"] or b"")
            out.append(
                {
                    **{k: v for k, v in c.items() if k != "content"},
                    "argv": ["list", "--json"],
                    "cwd": str(listing),
                    "file": name,
                    "cmd": "list",
                }
            )
    return out


def run_worker(
    repo: Path,
    cases: list[dict[str, Any]],
    work: Path,
    timeout: float,
    state: Path,
    python: str = sys.executable,
) -> list[dict[str, Any]]:
    manifest = work / "manifest.json"
    manifest.write_text(json.dumps(cases))
    progress = work / "progress.log"
    results: dict[int, dict[str, Any]] = {}
    env = {
        **os.environ,
        "PYTHONPATH": str(repo),
        "GAMEDAY_STATE_DIR": str(state),
        "DOCKER_HOST": "unix:///nonexistent/census.sock",
        "GAMEDAY_SCENARIO_PATH": "",
        "GAMEDAY_AS": "census",
        "NO_COLOR": "1",
    }
    start = 0
    while start < len(cases):
        progress.write_text("")
        proc = subprocess.Popen(
            [python, "-c", WORKER, str(manifest), str(start), str(progress), str(timeout)],
            env=env,
            cwd=str(work),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        current, last_change, seen = start, time.monotonic(), 0
        while True:
            time.sleep(0.05)
            text = progress.read_text()
            lines = text.splitlines()
            if text and not text.endswith("\n"):
                lines = lines[:-1]  # the worker is still writing that one
            if len(lines) != seen:
                seen, last_change = len(lines), time.monotonic()
            for line in lines:
                if line.startswith("start "):
                    current = int(line.split()[1])
                elif line.startswith("result "):
                    r = json.loads(line[7:])
                    results[r["i"]] = r
            if lines and lines[-1] == "done":
                proc.wait()
                start = len(cases)
                break
            if proc.poll() is not None:  # died (memory, segfault): that case crashed it
                err = (proc.stderr.read() or b"").decode(errors="replace")[-300:]
                if current not in results:
                    results[current] = {"i": current, "traceback": f"worker died: {err}"}
                start = current + 1
                break
            allowed = (
                (cases[current].get("timeout") or timeout) if current < len(cases) else timeout
            )
            if time.monotonic() - last_change > allowed + 10:  # stuck where a signal can't reach
                proc.kill()
                proc.wait()
                results.setdefault(current, {"i": current, "hang": True, "killed": True})
                start = current + 1
                break
    return [results.get(i, {"i": i, "traceback": "no result"}) for i in range(len(cases))]


def classify(c: dict[str, Any], r: dict[str, Any]) -> str:
    if r.get("traceback"):
        return "traceback"
    if r.get("hang"):
        return "hang"
    code = r.get("code")
    if c.get("cmd") == "list":
        if code != 0:
            return "traceback" if code is None else "vague"
        try:
            rows = json.loads(r.get("stdout") or "[]")
        except ValueError:
            return "vague"
        mine = [row for row in rows if str(row.get("path", "")).endswith(c["file"])]
        if not mine:
            return "accepted" if c["expect"] == "refuse" else "ok"
        if mine[0].get("valid"):
            return "accepted" if c["expect"] == "refuse" else "ok"
        return "ok"
    if code == 0:
        return "accepted" if c["expect"] == "refuse" else "ok"
    if r.get("wrote"):
        return "wrote"
    lines = [
        ln for ln in (r.get("stderr") or "").splitlines() if not ln.startswith("gameday: hint")
    ]
    if not lines:
        return "vague"
    first = lines[0]
    name = c["file"]
    readable = not c["special"]
    if name not in first:
        return "vague"
    if readable and not __import__("re").search(__import__("re").escape(name) + r":\d+:", first):
        return "vague"
    if c["argv"][0] != "validate" and len(lines) > 1:
        return "vague"
    return "ok"


def extra_runs(kind: str, work: Path, repo: Path, good_tl: Path, servers: Any) -> list[Any]:
    """The prepared runs of one of ``census_extra.EXTRA_KINDS``."""
    import census_extra as extra

    if kind == "scorecard":
        return list(extra.scorecard_runs(work, repo, traps_for, kind_of))
    if kind == "state":
        return list(extra.state_runs(work, repo))
    if kind == "args":
        return list(extra.args_runs(work, repo, good_tl))
    if kind == "env":
        return list(extra.env_runs(work, repo))
    return list(extra.remote_runs(work, repo, servers))


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import census_extra as extra

    kinds = (*FORMATS, *extra.EXTRA_KINDS)
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--repo", default=str(HERE), help="checkout to test (default: this one)")
    ap.add_argument(
        "--format", action="append", choices=kinds, help="only these formats / kinds of input"
    )
    ap.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter the workers run (an older checkout needs its own venv: gameday's "
        "plugin entry points are read from the installed metadata, which changed shape)",
    )
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds before a case hangs")
    ap.add_argument("--details", help="write every non-ok case to this JSON file")
    args = ap.parse_args()
    fmts = tuple(args.format or kinds)
    repo = Path(args.repo).resolve()
    cases = all_cases(tuple(f for f in fmts if f in FORMATS))
    work = Path(tempfile.mkdtemp(prefix="gameday-census-"))
    state = work / "state"
    state.mkdir()
    good_tl = work / "good-timeline.yaml"
    good_tl.write_text(dump(TIMELINE))
    t0 = time.perf_counter()
    table: dict[str, Counter[str]] = {}
    bad: list[dict[str, Any]] = []
    from gameday.testing import RawServer

    servers = RawServer()
    try:
        for fmt in fmts:
            if fmt in FORMATS:
                mine = [c for c in cases if c["fmt"] == fmt]
                prepared = prepare(mine, work / fmt, good_tl, repo)
            else:
                prepared = extra_runs(fmt, work / fmt, repo, good_tl, servers)
            results = run_worker(repo, prepared, work / fmt, args.timeout, state, args.python)
            counts: Counter[str] = Counter()
            for c, r in zip(prepared, results, strict=True):
                verdict = classify(c, r) if fmt in FORMATS else extra.classify_extra(c, r)
                counts[verdict] += 1
                if verdict != "ok":
                    bad.append(
                        {
                            "verdict": verdict,
                            "fmt": fmt,
                            "cls": c["cls"],
                            "where": c["where"],
                            "argv": c["argv"][:1],
                            "stderr": (r.get("stderr") or "")[:300],
                            "traceback": r.get("traceback"),
                            "seconds": r.get("seconds"),
                        }
                    )
            table[fmt] = counts
    finally:
        servers.close()
        shutil.rmtree(work, ignore_errors=True)
    cols = ("ok", "traceback", "hang", "accepted", "vague", "wrote")
    print(
        f"bad-input census of {repo} with {args.python} (in-process gameday.cli.main per "
        f"case, worker per kind, timeout {args.timeout:g}s, Docker unreachable); "
        f"{time.perf_counter() - t0:.0f}s"
    )
    print(f"{'kind':<10} {'inputs':>6} " + " ".join(f"{c:>9}" for c in cols))
    total: Counter[str] = Counter()
    for fmt, counts in table.items():
        n = sum(counts.values())
        total.update(counts)
        print(f"{fmt:<10} {n:>6} " + " ".join(f"{counts[c]:>9}" for c in cols))
    print(f"{'all':<10} {sum(total.values()):>6} " + " ".join(f"{total[c]:>9}" for c in cols))
    by_class: Counter[tuple[str, str, str]] = Counter(
        (b["fmt"], b["verdict"], b["cls"].split(":")[-1] if b["fmt"] in FORMATS else b["cls"])
        for b in bad
    )
    if by_class:
        print("\nnot ok, by kind / verdict / class (count):")
        for (fmt, verdict, cls), n in sorted(by_class.items()):
            print(f"  {fmt:<10} {verdict:<10} {cls:<28} {n}")
    if args.details:
        Path(args.details).write_text(json.dumps(bad, indent=1))


if __name__ == "__main__":
    main()
