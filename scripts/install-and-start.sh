#!/usr/bin/env bash
# Install union-assistant into .venv and start the page on its embedded defaults:
# SQLite under ~/.union-assistant, the bundled regulations, the demo roster and records.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  $SUDO apt-get update -q && $SUDO apt-get install -y -q python3-venv
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip >&2
.venv/bin/pip install -q -e . >&2
.venv/bin/union-assistant demo
exec .venv/bin/union-assistant serve "$@"
