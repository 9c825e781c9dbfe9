"""Alembic migrations, run on start (`upgrade_to_head`) by `store.db.get_engine`.

`python -m store.migrations autogen` rewrites the initial revision from the models
(pre-release only; once a release ships, add new revisions instead).
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

HERE = Path(__file__).parent


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade_to_head(engine: Engine) -> None:
    head = head_revision()
    with engine.connect() as conn:
        conn.execution_options(union_assistant_read=True)  # SQLite: look without taking the write lock
        current = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
    if current == head:
        return
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Several processes may start on a fresh database at once.
            conn.execute(text("SELECT pg_advisory_xact_lock(727001)"))
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
