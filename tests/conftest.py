"""Shared fixtures: a real SQLite file per test, a Core on it, the demo roster.

PostgreSQL fixtures live in tests/pg.py (a real server started on a free localhost port).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import store  # noqa: F401  (sets the offline environment before anything else loads)
from assistant.core import Core
from store.settings import load_settings

from pg import any_db_url, pg_db_url, pg_server  # noqa: F401  (fixtures: a real PostgreSQL server)

ROOT = Path(__file__).resolve().parent.parent
DEMO_ROSTER = ROOT / "store" / "demo" / "roster.csv"
TODAY = dt.date(2026, 11, 23)  # a Monday

# Modules whose module-scoped worlds (the acceptance scenarios; the page's server and browser)
# must be built once: under `pytest -n 2 --dist loadgroup` (scripts/test.sh) each runs whole on
# one worker, and every other test is scheduled on its own. xdist's own loadgroup marks do not
# work with pytest 9 (it renames node ids through an attribute pytest 9 no longer reads).
WHOLE_MODULES = {"tests/test_acceptance_contract.py", "tests/test_ui_page.py"}


@pytest.hookimpl(optionalhook=True)  # pytest runs without xdist too (-p no:xdist)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class WholeModulesFirst(LoadScopeScheduling):
        """One work unit per listed module, one per other test; the biggest units go out first."""

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in WHOLE_MODULES else nodeid

    return WholeModulesFirst(config, log)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("UNION_ASSISTANT_HOME", str(h))
    return h


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'records.db'}"


@pytest.fixture
def core(home, db_url) -> Core:
    return Core(load_settings(home=home, db_url=db_url), TODAY)


@pytest.fixture
def roster_core(core) -> Core:
    """A Core whose database holds the 25-person demo roster."""
    core.roster_import(DEMO_ROSTER)
    return core
