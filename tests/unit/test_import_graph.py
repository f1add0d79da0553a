"""The import graph between gameday's packages stays one-way (docs/architecture.md).

Nodes are the top-level packages and modules of ``gameday`` (``drill``, ``faults``, ``clock``...).
Every import that runs counts, the ones inside functions too (a lazy import is still a
dependency, it only moves the cost); imports under ``if TYPE_CHECKING:`` do not, since they
never run (the typed registries name piece types from every layer). Read from the source with
``ast``, so the test imports nothing it checks.
"""

from __future__ import annotations

import ast
import functools
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "gameday"
PURE = ("events", "incident", "clock", "durations", "errors")  # no I/O, no Docker
NEVER_FROM_PURE = ("drill", "target", "faults", "journal", "probes", "cli", "dockerutil")


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _node(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "gameday" or len(parts) == 1:
        return None
    return parts[1]


def _type_only(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.If):
            test = n.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
            if name == "TYPE_CHECKING":
                skip.update(id(m) for b in n.body for m in ast.walk(b))
    return skip


def _imports(
    path: Path, *, type_only: bool = False, source: str | None = None
) -> list[tuple[str, int]]:
    """(imported module, line) for every import in ``path`` (``type_only``: those too)."""
    module = _module(path)
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    skip = set() if type_only else _type_only(tree)
    out = []
    for n in ast.walk(tree):
        if id(n) in skip:
            continue
        if isinstance(n, ast.Import):
            out += [(a.name, n.lineno) for a in n.names]
        elif isinstance(n, ast.ImportFrom):
            if n.level:
                base = module.split(".")
                base = base if path.name == "__init__.py" else base[:-1]
                base = base[: len(base) - (n.level - 1)]
                target = ".".join([*base, *([n.module] if n.module else [])])
            else:
                target = n.module or ""
            # `from gameday import clock` imports the module gameday.clock
            out += [(target, n.lineno)] + [(f"{target}.{a.name}", n.lineno) for a in n.names]
    return out


@functools.cache
def graph() -> tuple[dict[str, set[str]], dict[tuple[str, str], str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], str] = {}
    for path in sorted(ROOT.rglob("*.py")):
        src = _node(_module(path))
        for target, line in _imports(path):
            dst = _node(target)
            if src is None or dst is None or dst == src:
                continue
            if (ROOT / dst).is_dir() or (ROOT / f"{dst}.py").is_file():
                edges[src].add(dst)
                where.setdefault((src, dst), f"{path.relative_to(ROOT.parent)}:{line}")
    return edges, where


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if v not in index:
            visit(v)
    return found


def test_the_package_graph_has_no_cycles() -> None:
    edges, where = graph()
    bad = cycles(edges)
    lines = [
        f"{a} -> {b} ({where[a, b]})" for comp in bad for a in comp for b in edges[a] if b in comp
    ]
    assert not bad, "import cycle between packages:\n" + "\n".join(lines)


def test_the_core_never_imports_the_cli() -> None:
    offenders = [
        f"{path.relative_to(ROOT.parent)}:{line}"
        for path in ROOT.rglob("*.py")
        if _node(_module(path)) not in ("cli", "__main__")
        for target, line in _imports(path, type_only=True)
        if _node(target) == "cli"
    ]
    assert not offenders, f"the core imports gameday.cli: {offenders}"


@pytest.mark.parametrize("pure", PURE)
def test_the_pure_core_touches_no_stack(pure: str) -> None:
    edges, _ = graph()
    reached: set[str] = set()
    todo = [pure]
    while todo:  # everything it imports, directly or not
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in reached:
                reached.add(nxt)
                todo.append(nxt)
    assert not reached & set(NEVER_FROM_PURE), f"{pure} reaches {sorted(reached)}"


def test_the_checker_sees_a_cycle_and_every_kind_of_import() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from gameday.cli import main\n"
        "def f():\n"
        "    from gameday.drill import runner\n"
        "    from ..faults import apply\n"
    )
    path = ROOT / "scoring" / "facts.py"  # relative imports resolve from here
    found = {t for t, _ in _imports(path, source=source)}
    assert {"gameday.drill", "gameday.drill.runner", "gameday.faults.apply"} <= found
    assert "gameday.cli" not in found  # type-only: never runs
    assert "gameday.cli" in {t for t, _ in _imports(path, source=source, type_only=True)}
