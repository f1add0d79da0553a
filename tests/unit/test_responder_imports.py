"""What a responder command imports: guarded, because start-up is what a responder waits for.

Responders type ``gameday ack`` mid-incident; its start-up CPU time is benchmarked against
``chaos --help`` (``benchmarks/startup_bench.py``). Timings do not belong in tests, but the
import set decides them, so it is checked here: each command runs for real (recording on a
drill that has paged someone, so ``ack`` prints the page) in a fresh interpreter, and none of
the modules a responder command has no use for may be loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gameday.state import project_root

# Each is either heavy at import or only needed by other paths (the web app, the terminal
# dashboard, Docker, YAML files, the incident fold, every runner event type, TLS, hashing).
NEVER = (
    "yaml",
    "rich",
    "starlette",
    "uvicorn",
    "jinja2",
    "anyio",
    "docker",
    "locust",
    "requests",
    "ssl",
    "http.client",
    "socket",
    "hashlib",
    "secrets",
    "email",
    "concurrent.futures",
    "gameday.events.runner",
    "gameday.incident",
    "gameday.drill.view",
    "gameday.drill.web",
    "gameday.scoring",
    "gameday.scorecard",
    "gameday.target",
    "gameday.faults",
    "gameday.probes",
    "gameday.yamlparse",
    "gameday.formats.schema",
)

COMMANDS = [
    ["ack", "--as", "bob"],
    ["declare", "--sev", "2", "--as", "bob"],
    ["note", "the", "api", "logs", "show", "500s", "--as", "bob"],
    ["status", "Investigating checkout errors", "--state", "investigating", "--as", "carol"],
    ["say", "looking at the proxy", "--as", "bob"],
    ["ack", "--help"],
]

RUN = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from gameday.cli import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            code = main(sys.argv[1:])
        except SystemExit as exc:
            code = exc.code
    print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
    """
)


@pytest.fixture(scope="module")
def drill_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    state = tmp_path_factory.mktemp("responder-imports")
    env = {**os.environ, "GAMEDAY_STATE_DIR": str(state), "GAMEDAY_CACHE_DIR": str(state)}
    env.pop("GAMEDAY_AS", None)
    make = textwrap.dedent(
        """
        from gameday.drill.locate import create_drill
        d = create_drill("imports", team="green")
        log = d.log()
        log.append("drill.started", {"scenario": "imports", "briefing": "PAGE: checkout fails."})
        log.append("alert.fired", {"alert": "checkout-down", "message": "checkout fails"})
        log.append("page.sent", {"to": "alice", "alert": "checkout-down", "level": 0})
        """
    )
    subprocess.run([sys.executable, "-c", make], env=env, check=True, timeout=60)
    # plugin discovery is cached after a first run (the first one scans installed metadata,
    # importlib.metadata and email with it): a responder's command runs after others did
    _run(["note", "warm", "--as", "x"], env)
    return env


def _run(argv: list[str], env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, *argv],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(project_root()),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_a_responder_command_imports_only_what_it_uses(
    argv: list[str], drill_env: dict[str, str]
) -> None:
    result = _run(argv, drill_env)
    assert result["code"] in (0, None), result["out"]
    modules = set(result["modules"])  # type: ignore[call-overload]
    loaded = sorted(m for m in modules if m in NEVER or m.split(".")[0] in NEVER)
    loaded += sorted(m for m in modules for p in NEVER if m.startswith(p + "."))
    assert not loaded, f"gameday {' '.join(argv)} imported {sorted(set(loaded))}"


def test_ack_still_prints_the_page(drill_env: dict[str, str]) -> None:
    """The lean path shows what the full responder view shows: the page and its briefing."""
    out = str(_run(["ack", "--as", "dana"], drill_env)["out"])
    assert "dana: acknowledged the page" in out
    assert "PAGE to alice at" in out and "for checkout-down: checkout fails" in out
    assert "PAGE: checkout fails." in out
