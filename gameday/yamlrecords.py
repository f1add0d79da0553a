"""Read the long lists of a machine-written YAML file (``gameday.yamlout``) with the json parser.

A scorecard or timeline holds one event per line, each a JSON object (a YAML flow mapping).
libyaml parses them fast, but every value still becomes a node and then an object in Python:
most of reading a 10,000-event file. ``lift`` takes each long run of such lines out of the text
(one placeholder line stays in their place), the rest of the document goes through the YAML
parser as before, and ``Lifted.splice`` puts the records back, parsed by ``json.loads`` in one
call per run. Lines keep their numbers for error messages (``Lifted.lines``).

Only lines that JSON and YAML 1.1 read to the same value are lifted: a run with anything they
read differently stays YAML (an exponent such as ``1e-05`` is text in YAML 1.1, ``\\ud83d\\ude00``
one character in JSON and two in YAML, U+2028 a line break in YAML, more than 40 digits an
error here), as does a run that is not valid JSON or repeats a key (YAML reports it, on its
line). Whenever the placeholders do not land where a whole list was, the caller parses the
original text instead, so the result is always what the YAML parser alone would give.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MIN_RUN = 32  # shorter lists are not worth it (and small files keep the plain path)
_LINE = re.compile(r"^( *)- (\{.*\}) *$", re.MULTILINE)
# Text JSON and YAML 1.1 read differently: a run holding any of it stays YAML. Numbers are
# checked as json reads them (``_float``, ``_int``); these are the rest: surrogate escapes (one
# character in JSON, two in YAML) and raw characters YAML takes as line breaks or separators.
_SURROGATE = re.compile(r"\\u[dD][89abAB]")
_RAW = ("\t", "\x85", "\u2028", "\u2029", "\ufeff")
# What YAML 1.1 reads as a float (PyYAML's resolver, which gameday.yamlsrc uses): a dot is
# required, and an exponent needs its sign; anything else that json reads as a float (``1e5``,
# ``1.5e5``) is text to YAML.
_YAML_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?")
MAX_DIGITS = 40  # as gameday.yamlsrc: a longer integer is an error there


class _Differs(ValueError):
    """JSON would read this run differently from YAML."""


def _float(text: str) -> float:
    # json writes a float without an exponent with its dot: YAML reads that one the same way
    if ("e" in text or "E" in text) and _YAML_FLOAT.fullmatch(text) is None:
        raise _Differs(text)
    return float(text)


def _int(text: str) -> int:
    if len(text) > MAX_DIGITS and len(text.lstrip("-")) > MAX_DIGITS:
        raise _Differs(text)
    return int(text)


_TOKEN = "gameday-lifted-records-"


@dataclass
class _Run:
    start: int  # 1-based line of the first record in the original text
    count: int
    records: list[Any]


@dataclass
class Lifted:
    """The text with long runs of JSON lines taken out, and the runs."""

    text: str
    runs: list[_Run] = field(default_factory=list)

    def splice(self, data: Any) -> Any | None:
        """``data`` (parsed from ``text``) with every run back in place of its placeholder;
        None when a placeholder is not the only item of a list (the caller reparses then)."""
        found = 0

        def walk(node: Any) -> bool:
            nonlocal found
            if isinstance(node, dict):
                return all(walk(v) for v in node.values())
            if isinstance(node, list):
                if len(node) == 1 and isinstance(node[0], str) and node[0].startswith(_TOKEN):
                    index = int(node[0][len(_TOKEN) :])
                    node[:] = self.runs[index].records
                    found += 1
                    return True
                return all(walk(v) for v in node)
            return not (isinstance(node, str) and node.startswith(_TOKEN))

        return data if walk(data) and found == len(self.runs) else None

    def lines(self, index: Callable[[], dict[tuple[Any, ...], int]]) -> dict[tuple[Any, ...], int]:
        """The line index of the original text from ``index`` (the lifted text's): later lines
        shift back by the lines each run took out; every record gets its own line."""
        shifts: list[tuple[int, int]] = []  # (placeholder line in the lifted text, lines removed)
        removed = 0
        for run in self.runs:
            shifts.append((run.start - removed, run.count - 1))
            removed += run.count - 1
        out: dict[tuple[Any, ...], int] = {}
        placeholders: dict[int, _Run] = {
            line: run for (line, _), run in zip(shifts, self.runs, strict=True)
        }
        for path, line in index().items():
            extra = sum(n for at, n in shifts if at < line)
            out[path] = line + extra
            lifted = placeholders.get(line)
            if lifted is not None and path and path[-1] == 0:  # the placeholder item
                for i in range(lifted.count):
                    out[(*path[:-1], i)] = lifted.start + i
        return out


def lift(text: str, pairs: Callable[[list[tuple[str, Any]]], dict[str, Any]]) -> Lifted | None:
    """``text`` with its long runs of JSON record lines lifted out, or None when it has none.
    ``pairs`` builds each JSON object (and refuses duplicate keys)."""
    if _TOKEN in text:
        return None
    spans: list[tuple[int, int, str, list[str]]] = []  # (start offset, end offset, indent, json)
    for m in _LINE.finditer(text):
        last = spans[-1] if spans else None
        if last is not None and last[1] + 1 == m.start() and last[2] == m.group(1):
            spans[-1] = (last[0], m.end(), last[2], last[3])
            last[3].append(m.group(2))
        else:
            spans.append((m.start(), m.end(), m.group(1), [m.group(2)]))
    out: list[str] = []
    runs: list[_Run] = []
    pos = 0
    line = 1
    for start, end, indent, items in spans:
        if len(items) < MIN_RUN:
            continue
        body = ",".join(items)
        if ("\\u" in body and _SURROGATE.search(body)) or any(c in body for c in _RAW):
            continue
        try:
            records = json.loads(
                f"[{body}]", object_pairs_hook=pairs, parse_float=_float, parse_int=_int
            )
        except (ValueError, RecursionError):  # not JSON, a duplicate key, a number YAML reads
            continue  # differently: YAML reads this run (and reports what is wrong, on its line)
        line += text.count("\n", pos, start)
        out.append(text[pos:start])
        out.append(f"{indent}- {_TOKEN}{len(runs)}")
        runs.append(_Run(line, len(items), records))
        line += len(items) - 1
        pos = end
    if not runs:
        return None
    out.append(text[pos:])
    return Lifted("".join(out), runs)
