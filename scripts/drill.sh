#!/usr/bin/env bash
# Set up (idempotent), bring the bundled staging stack up, then run a drill on it.
# In an interactive terminal you respond yourself (from a second terminal: gameday ack, ...);
# anywhere else (CI, a pipe) the model team plays on autopilot and the drill ends by itself.
#   bash scripts/drill.sh [SCENARIO]      default scenarios/expired-cert.yaml
#   GAMEDAY_AUTOPILOT=1 bash scripts/drill.sh   autopilot even in a terminal
# Isolation knobs: GAMEDAY_PROJECT, GAMEDAY_PROXY_PORT, GAMEDAY_DB_PORT, GAMEDAY_STATE_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh

.venv/bin/gameday target up
.venv/bin/gameday target status

SCENARIO="${1:-scenarios/expired-cert.yaml}"
ID="$(basename "$SCENARIO" .yaml)"
SCRIPT="scenarios/teams/autopilot/model-team/$ID.yaml"
if [ -t 0 ] && [ -t 1 ] && [ "${GAMEDAY_AUTOPILOT:-0}" != "1" ]; then
    echo
    echo "Starting a drill of $ID. You are the team: in another terminal run"
    echo "  .venv/bin/gameday watch        then  gameday ack, declare --sev N, role ..., status ..."
    echo "and debug the real stack (docker, curl, psql). gameday end (or Ctrl-C) stops it."
    exec .venv/bin/gameday run "$SCENARIO" --team scenarios/teams/model-team.yaml
fi
if [ ! -f "$SCRIPT" ]; then
    echo "no model-team autopilot script for $ID ($SCRIPT)" >&2
    exit 2
fi
exec .venv/bin/gameday run "$SCENARIO" --team scenarios/teams/model-team.yaml --autopilot "$SCRIPT"
