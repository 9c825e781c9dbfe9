"""Engine, sessions and the one way to write: `transaction()`.

SQLite runs in WAL mode with foreign keys on; every write transaction starts
with BEGIN IMMEDIATE so concurrent writers queue on the busy timeout instead of
failing on a lock upgrade, and a transaction that still meets "database is
locked" is retried whole. Read sessions (`session()`) begin deferred: in WAL
mode a reader neither waits for a writer nor holds one up. On PostgreSQL
(psycopg 3) a transaction that loses a deadlock or serialization race is retried whole.
"""
from __future__ import annotations

import logging
import random
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from .errors import UserError

log = logging.getLogger(__name__)
T = TypeVar("T")

# A writer waits this long for the lock, and the whole transaction is tried this many times:
# a lock held for good (a stuck process) reaches the user as 数据库正忙 within about half a minute.
SQLITE_BUSY_TIMEOUT_S = 10
LOCK_RETRIES = 3
UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE for a unique key taken by a concurrent writer
# PostgreSQL SQLSTATEs worth retrying: serialization failure, deadlock, lock not available.
PG_RETRY_STATES = {"40001", "40P01", "55P03"}
# Execution option marking the engine that read sessions use.
READ = "union_assistant_read"


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _setup_sqlite(engine: Engine) -> None:
    # Let SQLAlchemy, not pysqlite, decide when a transaction begins.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ) else "BEGIN IMMEDIATE")


_engine_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_factories: dict[tuple[str, bool], sessionmaker[Session]] = {}


def get_engine(url: str) -> Engine:
    """One engine per URL per process; the schema is migrated to head on first use."""
    with _engine_lock:  # threads starting together must not build (and migrate) twice
        if url not in _engines:
            _engines[url] = _new_engine(url)
        return _engines[url]


def dispose(url: str) -> None:
    """Close the URL's pooled connections and forget its engine (tests, tools dropping a database)."""
    with _engine_lock:
        engine = _engines.pop(url, None)
        _factories.pop((url, False), None)
        _factories.pop((url, True), None)
    if engine is not None:
        engine.dispose()


def _new_engine(url: str) -> Engine:
    try:
        make_url(url)
    except ArgumentError as exc:
        raise UserError(f"数据库地址“{url}”无效：应形如 sqlite:///路径/文件.db 或 "
                        "postgresql+psycopg://用户:密码@主机:端口/库名。") from exc
    if _is_sqlite(url):
        db_path = url.split("///", 1)[-1]
        if db_path and db_path != ":memory:":
            folder = Path(db_path).expanduser().parent
            if not folder.is_dir():  # a mistyped --db path must not become a new, empty database
                raise UserError(f"数据库文件所在的文件夹“{folder}”不存在：请检查 --db 或 UNION_ASSISTANT_DB 的路径。")
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
        _setup_sqlite(engine)
    else:
        try:
            # JIT off: the overview's one UNION ALL of small GROUP BYs spent 4.7 s of 5.4 s in
            # PostgreSQL's JIT compilation (EXPLAIN ANALYZE, 200,000 contacts); these queries are short.
            pg = make_url(url).get_backend_name() == "postgresql"
            engine = create_engine(url, pool_pre_ping=True, connect_args={"options": "-c jit=off"} if pg else {})
        except (ArgumentError, ImportError) as exc:  # e.g. mysql://, or a driver that is not installed
            raise UserError(f"不支持的数据库地址“{make_url(url).render_as_string(hide_password=True)}”："
                            "请使用 sqlite:/// 或 postgresql+psycopg:// 开头的地址。") from exc
    from .migrations import upgrade_to_head

    for attempt in range(LOCK_RETRIES):
        try:
            upgrade_to_head(engine)
            return engine
        except OperationalError as exc:
            # A process that first saw an unmigrated database queues for the write lock, and
            # may starve behind writers already busy on the migrated one; looking again finds
            # it at head and needs no lock at all.
            if not _is_lock_error(exc) or attempt == LOCK_RETRIES - 1:
                engine.dispose()
                raise UserError(f"无法打开数据库（{engine.url.render_as_string(hide_password=True)}）：{exc.orig}") from exc
            _back_off(attempt)
    raise AssertionError("unreachable")


def _session_factory(url: str, read: bool = False) -> sessionmaker[Session]:
    factory = _factories.get((url, read))
    if factory is None:
        engine = get_engine(url)
        factory = sessionmaker(engine.execution_options(**{READ: True}) if read else engine, expire_on_commit=False)
        _factories[(url, read)] = factory
    return factory


def session(url: str) -> Session:
    """A session for reading. Writes go through `transaction()`."""
    return _session_factory(url, read=True)()


def _is_lock_error(exc: OperationalError) -> bool:
    if getattr(exc.orig, "sqlstate", None) in PG_RETRY_STATES:
        return True
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text or "deadlock" in text


BUSY = "数据库正忙（另一个操作正在写入），请稍后再试。"


def _back_off(attempt: int) -> None:
    """Wait before trying a locked step again: doubling, with jitter so racing writers spread out."""
    time.sleep(0.05 * (2**attempt) * (1 + random.random()))


@contextmanager
def _transaction(url: str) -> Iterator[Session]:
    with _session_factory(url)() as s:
        with s.begin():
            yield s


@contextmanager
def transaction(url: str) -> Iterator[Session]:
    """One unit of work: commits when the block ends, rolls back everything on any error.

    Not retried (the block may have side effects); prefer `write()`. A lock that outlasts
    the busy timeout reaches the user as 数据库正忙, never as "database is locked".
    """
    try:
        with _transaction(url) as s:
            yield s
    except OperationalError as exc:
        if _is_lock_error(exc):
            raise UserError(BUSY) from exc
        raise


def write(url: str, work: Callable[[Session], T]) -> T:
    """Run `work(session)` in one transaction, retrying it whole on a transient lock.

    `work` must be free of side effects outside the session so a retry is safe.
    """
    for attempt in range(LOCK_RETRIES):
        try:
            with _transaction(url) as s:
                return work(s)
        except OperationalError as exc:
            if not _is_lock_error(exc) or attempt == LOCK_RETRIES - 1:
                if _is_lock_error(exc):
                    raise UserError(BUSY) from exc
                raise
            _back_off(attempt)
        except IntegrityError as exc:
            # PostgreSQL (READ COMMITTED): two writers both saw no unit "机加车间" and both
            # inserted it; the loser's retry sees the winner's row. A real duplicate fails again.
            if attempt > 0 or getattr(exc.orig, "sqlstate", None) != UNIQUE_VIOLATION:
                raise
    raise AssertionError("unreachable")
