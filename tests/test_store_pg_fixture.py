"""The PostgreSQL fixture skips where the server cannot run, except under CI, where it fails."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

PROBE = """
def test_needs_postgresql(pg_db_url):
    assert pg_db_url.startswith("postgresql+psycopg://")
"""


@pytest.mark.parametrize("ci, outcome", [(None, "1 skipped"), ("true", "1 error")])
def test_missing_binaries_skip_locally_and_fail_in_ci(tmp_path, ci, outcome):
    (tmp_path / "conftest.py").write_text("from pg import pg_server, pg_db_url  # noqa: F401\n")
    (tmp_path / "test_probe.py").write_text(PROBE)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    # No third-party plugins (their loading takes seconds): the probe needs only tests/pg.py.
    env.update(PG_BIN=str(tmp_path / "no-postgresql-here"), PYTHONPATH=str(TESTS), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    if ci:
        env["CI"] = ci
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert outcome in proc.stdout, proc.stdout
    if ci:
        assert "PostgreSQL tests must run in CI" in proc.stdout
    else:
        assert "PostgreSQL binaries not found" in proc.stdout
