#!/usr/bin/env bash
# Everything gameday needs on a fresh Debian/Ubuntu machine, idempotently:
#   - system packages: mmdebstrap (builds the base image without a registry), a compose CLI,
#     python3.11 + venv, and whatever other parts list in scripts/system-packages.txt;
#   - .venv (Python 3.11) with gameday installed editable, test tools included.
# A second run only checks (seconds). The Docker engine itself must already be running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { printf '[setup] %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

# --- system packages -----------------------------------------------------------------------
want=(mmdebstrap ca-certificates)
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || want+=(docker-compose)
command -v python3.11 >/dev/null 2>&1 || want+=(python3.11)
python3.11 -c 'import ensurepip, venv' >/dev/null 2>&1 || want+=(python3.11-venv)
if [ -f scripts/system-packages.txt ]; then
    while read -r pkg _; do
        case "$pkg" in ''|'#'*) continue ;; esac
        want+=("$pkg")
    done < scripts/system-packages.txt
fi
missing=()
for pkg in "${want[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        say "missing system packages (${missing[*]}) and no apt-get; install them by hand"
        exit 1
    fi
    say "installing system packages: ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
    say "warning: no Docker engine answers (docker info failed); the stack and its tests need one"
fi

# --- Python virtual environment --------------------------------------------------------------
PY=python3.11
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
    say "creating .venv with $($PY --version)"
    rm -rf .venv
    $PY -m venv .venv
fi
stamp=.venv/.gameday-installed
want_stamp="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_stamp" ] || ! .venv/bin/python -c 'import gameday' 2>/dev/null; then
    say "installing gameday and its test tools into .venv"
    log=.venv/pip-install.log
    if ! { .venv/bin/python -m pip install -q --upgrade pip && .venv/bin/python -m pip install -q -e '.[test]'; } >"$log" 2>&1; then
        cat "$log" >&2
        say "pip install failed (log above, also in $log)"
        exit 1
    fi
    echo "$want_stamp" > "$stamp"
fi
say "ready: $(.venv/bin/gameday --version 2>/dev/null || echo 'gameday installed')"
