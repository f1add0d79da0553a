#!/usr/bin/env bash
# Set up (idempotent), lint, type-check, then run the whole test suite (unit + integration on the real
# Docker engine). Extra arguments go to pytest, e.g. `bash scripts/test.sh tests/unit -x`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh

echo "[test] ruff check gameday tests" >&2
.venv/bin/ruff check gameday tests

echo "[test] mypy (strict; settings in pyproject.toml [tool.mypy])" >&2
.venv/bin/mypy

echo "[test] pytest $*" >&2
set +e
.venv/bin/pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then  # no tests collected (e.g. a -k that matches nothing) is not a failure
    echo "[test] no tests collected" >&2
    rc=0
fi
exit "$rc"
