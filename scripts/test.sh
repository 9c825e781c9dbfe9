#!/usr/bin/env bash
# Install everything the tests need (PostgreSQL, Chromium, a CJK font, the test extras)
# and run the whole suite. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends postgresql chromium fonts-wqy-zenhei python3-venv
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip >&2
.venv/bin/pip install -q -e '.[dev]' >&2
# Two workers: the machines have two cores, and the suite takes about half as long.
# loadgroup: the modules tests/conftest.py lists in WHOLE_MODULES (shared worlds: the acceptance
# scenarios, the page's server and browser) each run whole on one worker.
exec .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
