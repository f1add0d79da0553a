"""Which library should read gameday's file formats? Measured, side by side, in one run.

Candidates: msgspec, pydantic v2, attrs + cattrs, and gameday's own small typed layer over
dataclasses (``gameday.formats``). Each declares the same scenario shape (keys, types, ranges,
durations, name patterns; piece params as mappings) and is asked for:

1. import cost: a fresh ``python -c "import BASE, MODELS"`` minus ``python -c "import BASE"``
   (wall, median of N, byte-code cache warm: every module was imported once before timing),
   where MODELS imports the library *and* defines the models (pydantic builds validators at
   class time) and BASE is what every gameday command imports anyway (dataclasses, typing,
   re, datetime, json, pathlib), so the figure is what the library adds to ``gameday ack``;
2. validation time of the four built-in scenarios (in process, YAML parsed once beforehand,
   median per scenario over N rounds);
3. errors: a scenario with four independent mistakes; how many are reported, and whether each
   error's location maps to a line through ``gameday.yamlsrc.Source.line``;
4. JSON Schema generation: available, and how long it takes;
5. gameday's reader on a long drill's timeline (10,000 and 100,000 events, YAML and JSON);
6. the responder path: ``gameday ack`` (a fresh process on a drill whose team file is read)
   against ``chaos --help`` (chaostoolkit), the figure issue 9 asks to keep at ~0.5x; with
   ``--before CHECKOUT`` (e.g. ``git archive 596aa64 | tar -x -C /tmp/before``) that
   checkout's ``gameday ack`` is timed in the same interleaved loop.

The candidates and chaostoolkit live in a scratch virtual environment (``--venv``, created
when missing with ``pip install msgspec pydantic cattrs attrs pyyaml chaostoolkit``), so
nothing is added to gameday's own dependencies. Prints figures; asserts nothing.

Usage: .venv/bin/python benchmarks/formats_bench.py [-n 15] [--venv DIR] [--before CHECKOUT]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["msgspec", "pydantic>=2", "cattrs", "attrs", "pyyaml", "chaostoolkit"]

COMMON = """
import re
DURATION = re.compile(r"(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)")
UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
def seconds(v):
    if isinstance(v, bool):
        raise ValueError(f"{v!r} is not a duration")
    if isinstance(v, (int, float)):
        if not 0 <= v <= 366 * 86400:
            raise ValueError(f"{v!r} is out of range")
        return float(v)
    if not isinstance(v, str):
        raise ValueError(f"{v!r} is not a duration")
    pos, total = 0, 0.0
    for m in DURATION.finditer(v.strip()):
        if m.start() != pos:
            break
        total += float(m.group(1)) * UNIT[m.group(2)]
        pos = m.end()
    if pos != len(v.strip()) or not v.strip() or total > 366 * 86400:
        raise ValueError(f"{v!r} is not a duration like 90s or 5m")
    return total
NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
SLUG = r"^[a-z0-9][a-z0-9-]{0,63}$"
"""

MSGSPEC = (
    COMMON
    + """
from typing import Annotated, Any, Literal
import msgspec
from msgspec import Meta, Struct, field

D = float | str  # a duration: text or seconds, checked in __post_init__
Name = Annotated[str, Meta(pattern=NAME)]
Text = Annotated[str, Meta(min_length=1)]
class Probe(Struct, forbid_unknown_fields=True, frozen=True):
    name: Name
    probe: Name
    params: dict[str, Any] = {}
class Entry(Struct, forbid_unknown_fields=True, frozen=True):
    at: D
    fault: Name | None = None
    inject: Literal["stakeholder", "noise"] | None = None
    name: Name | None = None
    params: dict[str, Any] = {}
    from_: Text | None = field(default=None, name="from")
    message: Text | None = None
    def __post_init__(self):
        seconds(self.at)
class RootCause(Struct, forbid_unknown_fields=True, frozen=True):
    category: Text
    keywords: Annotated[list[Text], Meta(min_length=1)]
    min_matches: Annotated[int, Meta(ge=1, le=50)] = 1
    summary: str = ""
class Step(Struct, forbid_unknown_fields=True, frozen=True):
    action: Name
    params: dict[str, Any] = {}
class Scenario(Struct, forbid_unknown_fields=True, frozen=True):
    id: Annotated[str, Meta(pattern=SLUG)]
    title: Text
    briefing: Text
    difficulty: Literal["easy", "medium", "hard"]
    target: Text
    severity: Annotated[int, Meta(ge=1, le=4)]
    steady_state: Annotated[list[Probe], Meta(min_length=1)]
    timeline: Annotated[list[Entry], Meta(min_length=1)]
    root_cause: RootCause
    remediation: Annotated[list[Step], Meta(min_length=1)]
    playbook: Text = "default"
    time_limit: D | None = None
    hints: list[Text] = []
    score_overrides: dict[Name, Annotated[float, Meta(ge=0, le=100)]] = {}
    def __post_init__(self):
        if self.time_limit is not None:
            seconds(self.time_limit)

def validate(data):
    try:
        return msgspec.convert(data, Scenario, strict=True), []
    except msgspec.ValidationError as exc:  # one error: "... - at `$.timeline[1].at`"
        msg = str(exc)
        path = []
        if " - at `$" in msg:
            where = msg.rsplit(" - at `$", 1)[1].rstrip("`")
            for part in re.findall(r"\\.([^.\\[]+)|\\[(\\d+)\\]", where):
                path.append(part[0] if part[0] else int(part[1]))
        return None, [(tuple(path), msg)]

def schema():
    return msgspec.json.schema(Scenario)
"""
)

PYDANTIC = (
    COMMON
    + """
from typing import Annotated, Any, Literal
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

D = Annotated[float, BeforeValidator(seconds)]
Name = Annotated[str, Field(pattern=NAME)]
Text = Annotated[str, Field(min_length=1)]
class M(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)
class Probe(M):
    name: Name
    probe: Name
    params: dict[str, Any] = {}
class Entry(M):
    at: D
    fault: Name | None = None
    inject: Literal["stakeholder", "noise"] | None = None
    name: Name | None = None
    params: dict[str, Any] = {}
    from_: Text | None = Field(default=None, alias="from")
    message: Text | None = None
class RootCause(M):
    category: Text
    keywords: Annotated[list[Text], Field(min_length=1)]
    min_matches: Annotated[int, Field(ge=1, le=50)] = 1
    summary: str = ""
class Step(M):
    action: Name
    params: dict[str, Any] = {}
class Scenario(M):
    id: Annotated[str, Field(pattern=SLUG)]
    title: Text
    briefing: Text
    difficulty: Literal["easy", "medium", "hard"]
    target: Text
    severity: Annotated[int, Field(ge=1, le=4)]
    steady_state: Annotated[list[Probe], Field(min_length=1)]
    timeline: Annotated[list[Entry], Field(min_length=1)]
    root_cause: RootCause
    remediation: Annotated[list[Step], Field(min_length=1)]
    playbook: Text = "default"
    time_limit: D | None = None
    hints: list[Text] = []
    score_overrides: dict[Name, Annotated[float, Field(ge=0, le=100)]] = {}

def validate(data):
    try:
        return Scenario.model_validate(data), []
    except ValidationError as exc:
        return None, [(tuple(e["loc"]), e["msg"]) for e in exc.errors()]

def schema():
    return Scenario.model_json_schema()
"""
)

CATTRS = (
    COMMON
    + """
from typing import Any, Literal
import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override

def pattern(rx):
    return attrs.validators.matches_re(rx)
def nonempty(inst, att, v):
    if not v:
        raise ValueError(f"{att.name} must not be empty")
def rng(lo, hi):
    return [attrs.validators.ge(lo), attrs.validators.le(hi)]
@attrs.frozen
class Probe:
    name: str = attrs.field(validator=pattern(NAME))
    probe: str = attrs.field(validator=pattern(NAME))
    params: dict[str, Any] = attrs.field(factory=dict)
@attrs.frozen
class Entry:
    at: Any = attrs.field(converter=seconds)  # cattrs hands it over; attrs converts
    fault: str | None = None
    inject: Literal["stakeholder", "noise"] | None = None
    name: str | None = None
    params: dict[str, Any] = attrs.field(factory=dict)
    from_: str | None = None
    message: str | None = None
@attrs.frozen
class RootCause:
    category: str = attrs.field(validator=nonempty)
    keywords: list[str] = attrs.field(validator=nonempty)
    min_matches: int = attrs.field(default=1, validator=rng(1, 50))
    summary: str = ""
@attrs.frozen
class Step:
    action: str = attrs.field(validator=pattern(NAME))
    params: dict[str, Any] = attrs.field(factory=dict)
@attrs.frozen
class Scenario:
    id: str = attrs.field(validator=pattern(SLUG))
    title: str = attrs.field(validator=nonempty)
    briefing: str = attrs.field(validator=nonempty)
    difficulty: Literal["easy", "medium", "hard"] = attrs.field(
        validator=attrs.validators.in_(("easy", "medium", "hard")))
    target: str = attrs.field(validator=nonempty)
    severity: int = attrs.field(validator=rng(1, 4))
    steady_state: list[Probe] = attrs.field(validator=nonempty)
    timeline: list[Entry] = attrs.field(validator=nonempty)
    root_cause: RootCause = attrs.field()
    remediation: list[Step] = attrs.field(validator=nonempty)
    playbook: str = "default"
    time_limit: Any = attrs.field(default=None, converter=attrs.converters.optional(seconds))
    hints: list[str] = attrs.field(factory=list)
    score_overrides: dict[str, float] = attrs.field(factory=dict)

conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
conv.register_structure_hook(Entry, make_dict_structure_fn(
    Entry, conv, _cattrs_forbid_extra_keys=True, from_=override(rename="from")))

def validate(data):
    try:
        return conv.structure(data, Scenario), []
    except Exception as exc:  # ClassValidationError: an exception group with notes
        out = []
        for line in cattrs.transform_error(exc):
            msg, _, where = line.partition(" @ $")
            path = []
            for part in __import__("re").findall(r"\\.([^.\\[]+)|\\[(\\d+)\\]", where):
                path.append(part[0] if part[0] else int(part[1]))
            out.append((tuple(path), msg))
        return None, out

def schema():
    return None  # cattrs has no JSON Schema generator
"""
)

GAMEDAY = """
from gameday.formats.core import Reader, read_value, INVALID
from gameday.scenario.model import Scenario

def validate(data):
    r = Reader()  # shape only: no registry, target or playbook checks (the others have none)
    value = read_value(Scenario, data, r)
    return (None if value is INVALID else value), r.issues

def schema():
    from gameday.formats.schema import SchemaGen
    return SchemaGen().document(Scenario, name="scenario", title="gameday scenario")
"""

CANDIDATES = {
    "msgspec": MSGSPEC,
    "pydantic": PYDANTIC,
    "attrs+cattrs": CATTRS,
    "gameday.formats": GAMEDAY,
}

BROKEN = """
id: broken
title: Four mistakes
briefing: b
difficulty: easy
target: targets/shop
severity: 9
colour: red
steady_state:
  - {name: bad name, probe: http, params: {url: "{proxy}/"}}
timeline:
  - {at: 5 minutes, fault: stop_service, params: {service: api}}
root_cause: {category: c, keywords: [k]}
remediation: [{action: rollback}]
"""


def ensure_venv(venv: Path) -> Path:
    py = venv / "bin" / "python"
    probe = "import msgspec, pydantic, cattrs, attrs, yaml"
    if py.exists() and subprocess.run([py, "-c", probe], capture_output=True).returncode == 0:
        return py
    print(f"creating {venv} with {', '.join(PACKAGES)} (a scratch venv, not gameday's)")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([py, "-m", "pip", "install", "-q", *PACKAGES], check=True)
    return py


def versions(py: Path) -> str:
    code = (
        "import importlib.metadata as m;print(', '.join(f'{p} {m.version(p)}' for p in "
        "('msgspec','pydantic','cattrs','attrs','chaostoolkit')))"
    )
    return subprocess.run([py, "-c", code], capture_output=True, text=True).stdout.strip()


def median_ms(xs: list[float]) -> float:
    return statistics.median(xs) * 1000


def spawn_ms(py: Path, code: str, env: dict[str, str], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([py, "-c", code], env=env, check=True, capture_output=True)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("-n", type=int, default=15, help="repetitions (default 15)")
    ap.add_argument("--venv", default=str(Path(tempfile.gettempdir()) / "gameday-formats-venv"))
    ap.add_argument("--before", help="another checkout whose `gameday ack` to time alongside")
    args = ap.parse_args()
    py = ensure_venv(Path(args.venv))
    work = Path(tempfile.mkdtemp(prefix="gameday-formats-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = f"{work}{os.pathsep}{ROOT}"
    for i, code in enumerate(CANDIDATES.values()):
        (work / f"cand{i}.py").write_text(textwrap.dedent(code))
    scenarios = sorted((ROOT / "scenarios").glob("*.yaml"))
    size = sum(p.stat().st_size for p in scenarios)
    print(
        f"formats benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}; {versions(py)}"
    )
    print(
        f"inputs: {len(scenarios)} built-in scenarios ({size:,} bytes), one with 4 mistakes; "
        f"n={args.n}; byte-code cache warm (each module imported once before timing)\n"
    )

    # 1. import cost, all candidates interleaved so machine load hits each alike
    for i in range(len(CANDIDATES)):
        subprocess.run([py, "-c", f"import cand{i}"], env=env, check=True)
    stdlib = "import dataclasses, typing, re, datetime, json, pathlib"
    base: list[float] = []
    cost: dict[str, list[float]] = {name: [] for name in CANDIDATES}
    for _ in range(args.n):
        base += spawn_ms(py, stdlib, env, 1)
        for i, name in enumerate(CANDIDATES):
            cost[name] += spawn_ms(py, f"{stdlib}; import cand{i}", env, 1)

    # 2-4. in-process figures, from a child that imports everything once
    child = textwrap.dedent(f"""
        import json, sys, time, statistics, importlib
        from gameday.yamlsrc import load_file, parse_text
        files = {[str(p) for p in scenarios]!r}
        sources = [load_file(f) for f in files]
        broken = parse_text({BROKEN!r}, "broken.yaml")
        out = {{}}
        for i, name in enumerate({list(CANDIDATES)!r}):
            mod = importlib.import_module(f"cand{{i}}")
            per = []
            for _ in range({args.n * 20}):
                for s in sources:
                    t0 = time.perf_counter(); value, errs = mod.validate(s.data)
                    per.append(time.perf_counter() - t0)
                    assert value is not None, (name, s.file, errs)
            value, errs = mod.validate(broken.data)
            mapped = sum(1 for path, _ in errs if broken.line(path) not in (None, 1))
            t0 = time.perf_counter(); schema = mod.schema(); st = time.perf_counter() - t0
            out[name] = {{"validate_us": statistics.median(per) * 1e6, "errors": len(errs),
                         "mapped": mapped, "first": errs[0][1][:70] if errs else "",
                         "schema_ms": st * 1000 if schema else None,
                         "schema_bytes": len(json.dumps(schema)) if schema else 0}}
        print(json.dumps(out))
    """)
    res = subprocess.run([py, "-c", child], env=env, capture_output=True, text=True)
    if res.returncode:
        print(res.stderr)
        raise SystemExit(1)
    figures = json.loads(res.stdout)

    b = median_ms(base)
    print(
        f"{'candidate':<16} {'import+models':>14} {'validate/file':>14} {'errors':>7} "
        f"{'->line':>7} {'schema':>10}  first error message"
    )
    for name in CANDIDATES:
        f = figures[name]
        imp = median_ms(cost[name]) - b
        schema = f"{f['schema_ms']:.1f} ms" if f["schema_ms"] is not None else "none"
        print(
            f"{name:<16} {imp:>11.1f} ms {f['validate_us']:>11.0f} us {f['errors']:>4}/4 "
            f"{f['mapped']:>5}/4 {schema:>10}  {f['first']}"
        )
    print(
        f"(import+models: median wall of `python -c 'import BASE, MODELS'` minus the {b:.1f} ms "
        f"of `python -c 'import BASE'`; validate: median per scenario, in process)\n"
    )

    # 5. a long drill's timeline, read by the one reader: YAML and JSON, 10,000 and 100,000 events
    timeline_code = textwrap.dedent("""
        import json, os, statistics, sys, tempfile, time
        from datetime import UTC, datetime, timedelta
        from gameday.events import Event
        from gameday.timeline import Timeline, load_timeline, write_timeline
        start = datetime(2026, 5, 6, 14, tzinfo=UTC)
        d = tempfile.mkdtemp()
        for n in (10_000, 100_000):
            evs = [Event(i + 1, float(i), start + timedelta(seconds=i), "dana", "action.note",
                         {"text": f"note {i}: checked the proxy logs"}) for i in range(n)]
            tl = Timeline.from_events(evs, drill="d", scenario="s", team="t", started=start)
            for ext in ("json", "yaml"):
                path = os.path.join(d, f"t{n}.{ext}")
                write_timeline(tl, path)
                runs = 5 if n == 10_000 else 2
                ts = []
                for _ in range(runs):
                    t0 = time.perf_counter()
                    load_timeline(path)
                    ts.append(time.perf_counter() - t0)
                size = os.path.getsize(path)
                print(f"load_timeline {n:>7,} events {ext:<4} ({size:>11,} bytes): "
                      f"median {statistics.median(ts) * 1000:7.0f} ms (min {min(ts) * 1000:.0f}, "
                      f"n={runs}, in process, file in the page cache)")
    """)
    res = subprocess.run(
        [sys.executable, "-c", timeline_code],
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    print(res.stdout + res.stderr)

    # 6. the responder path: gameday ack vs chaos --help, interleaved
    state = work / "state"
    env2 = {**env, "GAMEDAY_STATE_DIR": str(state), "PYTHONPATH": str(ROOT)}
    setup = textwrap.dedent(f"""
        from gameday.drill.locate import create_drill
        create_drill("bench", team="model-team",
                     team_file={str(ROOT / "scenarios/teams/model-team.yaml")!r})
    """)
    subprocess.run([sys.executable, "-c", setup], env=env2, check=True)
    gameday = [sys.executable, "-m", "gameday", "ack"]
    chaos = [str(py.parent / "chaos"), "--help"]
    runs: dict[str, tuple[list[str], dict[str, str]]] = {
        "gameday ack": (gameday, env2),
        "chaos --help": (chaos, env2),
    }
    if args.before:
        before_state = work / "state-before"
        env3 = {**env2, "GAMEDAY_STATE_DIR": str(before_state), "PYTHONPATH": args.before}
        subprocess.run([sys.executable, "-c", setup], env=env3, check=True)
        runs[f"gameday ack ({args.before})"] = (gameday, env3)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for cmd, e in runs.values():
        subprocess.run(cmd, env=e, capture_output=True)
    for _ in range(args.n):
        for name, (cmd, e) in runs.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, env=e, capture_output=True)
            times[name].append(time.perf_counter() - t0)
    c = median_ms(times["chaos --help"])
    print(f"responder path (median wall of {args.n}, interleaved; the drill's team file is read):")
    for name, xs in times.items():
        print(f"  {name:<40} {median_ms(xs):6.0f} ms  {median_ms(xs) / c:.2f}x chaos --help")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
