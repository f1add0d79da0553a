"""Write ``gameday/_parsed``: each shipped playbook parsed ahead of time (``yamlsrc.parsed_ahead``).

    .venv/bin/python scripts/compile_playbooks.py

Run it after editing a file in ``playbooks/`` (``tests/unit/test_parsed_ahead.py`` fails until
then; meanwhile the edited file is parsed as YAML, as any other, so nothing is read stale).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from gameday.yamlsrc import ahead_module, parse_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compile_templates import write_package  # the one writer of generated modules

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "gameday" / "_parsed"
INIT_DOC = "Shipped YAML files parsed ahead of time (scripts/compile_playbooks.py); see yamlsrc."


def shipped() -> list[Path]:
    return sorted((ROOT / "playbooks").glob("*.yaml"))


def module_text(path: Path) -> str:
    """The module holding ``path``'s text and, as Python literals, what it parses to."""
    text = path.read_text(encoding="utf-8")
    data = parse_text(text, str(path)).data
    literal = repr(data)
    if ast.literal_eval(literal) != data:  # only plain values: dicts, lists, text, numbers
        raise SystemExit(f"{path}: holds values a Python literal cannot carry")
    return (
        f"# Parsed ahead from {path.relative_to(ROOT)} by scripts/compile_playbooks.py;\n"
        "# do not edit (an edited playbook is parsed as YAML until this is written again).\n"
        "# fmt: off\n"
        "from typing import Any\n\n"
        f"TEXT = {text!r}\n\n\n"
        "def data() -> Any:\n"
        '    """A fresh copy of what TEXT parses to."""\n'
        f"    return {literal}\n"
    )


def wanted() -> dict[str, str]:
    """File name -> text of every module, and the package's ``__init__``."""
    out = {"__init__.py": '"""' + INIT_DOC + '"""\n'}
    for path in shipped():
        out[ahead_module(path.name) + ".py"] = module_text(path)
    return out


def main() -> int:
    files = wanted()
    changed = write_package(OUT, files)
    print(f"{len(files) - 1} playbook(s) parsed into {OUT}; {changed} file(s) written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
