"""Write ``gameday/_templates``: every packaged template compiled by Jinja2 ahead of time.

    .venv/bin/python scripts/compile_templates.py

Run it after editing a template (``tests/unit/test_templating.py`` fails until then; the app
compiles an edited template at run time meanwhile, so nothing is ever shown stale).
"""

from __future__ import annotations

import sys
from pathlib import Path

from gameday.templating import FOLDERS, compiled_source, module_name, templates

INIT_DOC = "Compiled templates (scripts/compile_templates.py); see gameday.templating."
OUT = Path(__file__).resolve().parent.parent / "gameday" / "_templates"


def wanted() -> dict[str, str]:
    """File name -> text of every compiled module, and the package's ``__init__``."""
    out = {"__init__.py": '"""' + INIT_DOC + '"""\n'}
    for folder in FOLDERS:
        for name in templates(folder):
            out[module_name(folder, name) + ".py"] = compiled_source(folder, name)
    return out


def write_package(out: Path, files: dict[str, str]) -> int:
    """Make ``out`` hold exactly ``files`` (name -> text): stale modules removed, changed ones
    written. Returns how many were written. Also used by ``compile_playbooks.py``."""
    out.mkdir(exist_ok=True)
    for stale in out.glob("*.py"):
        if stale.name not in files:
            stale.unlink()
            print(f"removed {stale.name}")
    changed = 0
    for name, text in files.items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed += 1
    return changed


def main() -> int:
    files = wanted()
    changed = write_package(OUT, files)
    print(f"{len(files) - 1} templates compiled into {OUT}; {changed} file(s) written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
