#!/usr/bin/env bash
# Set up (idempotent), bring the bundled staging stack up and show its status.
# Isolation knobs: GAMEDAY_PROJECT, GAMEDAY_PROXY_PORT, GAMEDAY_DB_PORT, GAMEDAY_STATE_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh

.venv/bin/gameday target up
.venv/bin/gameday target status
