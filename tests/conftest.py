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
