"""Alembic migrations, run on start (`upgrade_to_head`) by `store.db.get_engine`.

`python -m store.migrations autogen` rewrites the initial revision from the models
(pre-release only; once a release ships, add new revisions instead).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, inspect, text

HERE = Path(__file__).parent
_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([\w]+|None)['\"]?", re.M)


def alembic_config(engine: Engine | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["engine"] = engine
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest revision id, read from the version files' headers.

    Importing alembic costs most of a command's start-up, so the common case (database
    already at head) is decided without it; alembic runs only when there is work to do.
    """
    revisions, parents = set(), set()
    for path in (HERE / "versions").glob("*.py"):
        found = dict((k, v) for k, v in _REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision"))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations must form one chain, found heads {sorted(heads)}")
    return heads.pop()


def _version(conn) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        conn.execution_options(union_assistant_read=True)  # SQLite: look without taking the write lock
        current = _version(conn)
        conn.rollback()
    return current


def upgrade_to_head(engine: Engine) -> None:
    if current_revision(engine) == head_revision():
        return
    from alembic import command

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Several processes may start on a fresh database at once.
            conn.execute(text("SELECT pg_advisory_xact_lock(727001)"))
        # Processes that started together queue here for the write lock behind the first,
        # which migrates. Looking again before running alembic lets each of them hand the
        # lock on in milliseconds: alembic's own no-op pass holds it ~0.1 s (seconds on a
        # loaded machine), and seven of those in a row outlasted SQLite's busy timeout in CI.
        if _version(conn) == head_revision():
            return
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
