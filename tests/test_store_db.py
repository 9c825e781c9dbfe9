"""Engine, transactions and migrations on a real SQLite file and a real PostgreSQL database."""
from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from contextlib import contextmanager

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

import store.db
from conftest import DEMO_ROSTER
from store.db import get_engine, session, transaction, write
from store.errors import UserError
from store.migrations import head_revision
from store.models import Base, Contact, Person
from store.records import add_contact
from store.roster import add_person, import_roster
from test_store_roster import table_counts

DAY = dt.date(2026, 11, 20)


def test_fresh_database_upgraded_to_head_matches_the_models(any_db_url):
    engine = get_engine(any_db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert context.get_current_revision() == head_revision()
        assert compare_metadata(context, Base.metadata) == []


def test_migrating_again_is_a_no_op(any_db_url):
    from store.migrations import upgrade_to_head

    engine = get_engine(any_db_url)
    write(any_db_url, lambda s: add_person(s, "张三", "机加车间", ["职工"]))
    upgrade_to_head(engine)
    assert table_counts(any_db_url)["people"] == 1


def test_a_process_that_waited_for_the_migrating_one_does_not_run_alembic_again(any_db_url, monkeypatch):
    # Processes starting together all see an unmigrated database, then queue for the write
    # lock; by the time a follower holds it the first has migrated. The follower must let go
    # at once rather than hold the lock through alembic's own pass (seven such passes in a
    # row outlasted SQLite's busy timeout in CI).
    import alembic.command
    import store.migrations as migrations

    engine = get_engine(any_db_url)
    monkeypatch.setattr(migrations, "current_revision", lambda _engine: None)  # the stale first look
    monkeypatch.setattr(alembic.command, "upgrade", lambda *_: pytest.fail("alembic ran on a migrated database"))
    migrations.upgrade_to_head(engine)


def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(db_url):
    with get_engine(db_url).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_foreign_keys_are_enforced(any_db_url):
    with pytest.raises(IntegrityError):
        write(any_db_url, lambda s: add_contact(s, date=DAY, form="走访", recorded_by_id=9999, headcount=1))
    assert table_counts(any_db_url)["contacts"] == 0


def _seed(url: str) -> int:
    import_roster(url, DEMO_ROSTER.read_bytes(), DEMO_ROSTER.name)
    with session(url) as s:
        return s.scalar(select(Person.id).where(Person.name == "王建国"))


class Boom(Exception):
    pass


def test_failure_midway_through_write_leaves_nothing(any_db_url):
    recorder = _seed(any_db_url)
    before = table_counts(any_db_url)

    def work(s):
        person = add_person(s, "新来的", "新车间", ["职工"])
        add_contact(s, date=DAY, form="走访", recorded_by_id=recorder, people_ids=[person.id],
                    issues=["夜班食堂没有热饭"])
        s.flush()  # the rows reached the database inside the transaction
        assert s.scalar(select(func.count()).select_from(Contact)) == before["contacts"] + 1
        raise Boom("after the rows were sent")

    with pytest.raises(Boom):
        write(any_db_url, work)
    assert table_counts(any_db_url) == before


def test_failure_midway_through_transaction_block_leaves_nothing(any_db_url):
    recorder = _seed(any_db_url)
    before = table_counts(any_db_url)
    with pytest.raises(UserError):
        with transaction(any_db_url) as s:
            add_contact(s, date=DAY, form="走访", recorded_by_id=recorder, headcount=3)
            add_contact(s, date=DAY, form="跳舞", recorded_by_id=recorder, headcount=3)  # invalid form
    assert table_counts(any_db_url) == before


def test_constraint_violation_midway_leaves_nothing(any_db_url):
    _seed(any_db_url)
    before = table_counts(any_db_url)

    def work(s):
        add_person(s, "新来的", "新车间", ["职工"])
        add_person(s, "王建国", "公司工会", ["职工"])  # already on the roster: name + unit is unique

    with pytest.raises(IntegrityError):
        write(any_db_url, work)
    assert table_counts(any_db_url) == before


def test_successful_write_commits_and_returns_the_value(any_db_url):
    recorder = _seed(any_db_url)
    contact_id = write(any_db_url, lambda s: add_contact(
        s, date=DAY, form="座谈", recorded_by_id=recorder, headcount=5, issues=["a", " ", "b"]).id)
    with session(any_db_url) as s:
        contact = s.get(Contact, contact_id)
        assert contact.headcount == 5
        assert [i.content for i in contact.issues] == ["a", "b"]


def test_sqlite_writer_waits_for_a_held_lock_instead_of_failing(db_url):
    recorder = _seed(db_url)
    units_before = table_counts(db_url)["units"]
    holder = sqlite3.connect(db_url.split("///", 1)[1], isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO units (name) VALUES ('另一个进程的单位')")
    release = threading.Timer(1.0, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        write(db_url, lambda s: add_contact(s, date=DAY, form="走访", recorded_by_id=recorder, headcount=1))
    finally:
        release.join()
        holder.close()
    counts = table_counts(db_url)
    assert counts["contacts"] == 1 and counts["units"] == units_before + 1


@contextmanager
def _write_lock_held(db_file):
    """Another connection holds SQLite's write lock on `db_file` while the block runs."""
    holder = sqlite3.connect(db_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_lock_held_past_every_retry_is_a_chinese_user_error(tmp_path, monkeypatch):
    monkeypatch.setattr(store.db, "SQLITE_BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr(store.db, "LOCK_RETRIES", 2)
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    get_engine(url)
    with _write_lock_held(tmp_path / "locked.db"), pytest.raises(UserError) as err:
        write(url, lambda s: add_person(s, "张三", "机加车间", ["职工"]))
    assert "数据库正忙" in err.value.message
    assert "locked" not in err.value.message
    get_engine(url).dispose()


def test_a_process_starved_of_the_lock_while_opening_looks_again_and_opens(tmp_path, monkeypatch):
    # It first saw an unmigrated database; by now another process has migrated it and is
    # busy writing. Waiting for the write lock to migrate times out; looking again needs none.
    import store.migrations as migrations

    db_file = tmp_path / "busy.db"
    url = f"sqlite:///{db_file}"
    get_engine(url)
    store.db.dispose(url)
    monkeypatch.setattr(store.db, "SQLITE_BUSY_TIMEOUT_S", 0.05)
    real_look, looks = migrations.current_revision, []
    monkeypatch.setattr(migrations, "current_revision",
                        lambda engine: looks.append(1) or (None if len(looks) == 1 else real_look(engine)))
    with _write_lock_held(db_file):
        get_engine(url)
    assert len(looks) == 2
    store.db.dispose(url)


def test_unreachable_postgresql_is_a_chinese_user_error():
    with pytest.raises(UserError) as err:
        get_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert "无法打开数据库" in err.value.message


def test_postgresql_server_is_real(pg_db_url):
    with get_engine(pg_db_url).connect() as conn:
        assert conn.dialect.name == "postgresql"
        assert conn.execute(text("SHOW server_version")).scalar()


def test_sqlite_open_read_session_does_not_hold_up_a_writer(db_url):
    """Reads begin deferred: a page holding a read session open never blocks a chat turn's write."""
    _seed(db_url)
    with session(db_url) as reader:
        assert reader.scalar(select(func.count()).select_from(Person)) == 25
        write(db_url, lambda s: add_person(s, "新来的", "新车间", ["职工"]))  # same thread: would wait forever
        assert reader.scalar(select(func.count()).select_from(Person)) == 25  # its snapshot
    assert table_counts(db_url)["people"] == 26


@pytest.mark.parametrize("url", ["not a url", "mysql://u@127.0.0.1/x", "postgresql+nosuchdriver://u@h/x"])
def test_bad_database_url_is_a_chinese_user_error(url):
    with pytest.raises(UserError) as err:
        get_engine(url)
    assert "数据库地址" in err.value.message


def test_transaction_block_meeting_a_held_lock_says_busy_in_chinese(tmp_path, monkeypatch):
    monkeypatch.setattr(store.db, "SQLITE_BUSY_TIMEOUT_S", 0.05)
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    get_engine(url)
    with _write_lock_held(tmp_path / "locked.db"), pytest.raises(UserError) as err:
        with transaction(url) as s:
            add_person(s, "张三", "机加车间", ["职工"])
    assert "数据库正忙" in err.value.message
    get_engine(url).dispose()


def test_postgresql_writer_losing_a_unique_race_is_retried_whole(pg_db_url):
    """Two imports both see no unit 新车间 and both insert it: the loser's whole transaction is
    run again, sees the winner's unit and succeeds (READ COMMITTED)."""
    from store.models import Unit

    attempts = []

    def import_one(s):  # the shape of store.roster.import_roster: read the units, then add new ones
        attempts.append(1)
        known = {u.name: u for u in s.scalars(select(Unit))}
        if len(attempts) == 1:  # the competing writer commits between our read and our insert
            with transaction(pg_db_url) as other:
                other.add(Unit(name="新车间"))
        unit = known.get("新车间") or Unit(name="新车间")
        s.add(Person(name="竞争者", unit=unit))
        s.flush()
        return unit.name

    assert write(pg_db_url, import_one) == "新车间"
    assert len(attempts) == 2
    with session(pg_db_url) as s:
        assert s.scalar(select(func.count()).select_from(Unit).where(Unit.name == "新车间")) == 1
        assert s.scalar(select(func.count()).select_from(Person).where(Person.name == "竞争者")) == 1


def test_a_real_duplicate_still_fails_after_one_retry(pg_db_url):
    write(pg_db_url, lambda s: add_person(s, "重复者", "机加车间", ["职工"]))
    calls = []

    def duplicate(s):
        calls.append(1)
        s.add(Person(name="重复者", unit_id=s.scalar(select(Person.unit_id).where(Person.name == "重复者"))))
        s.flush()

    with pytest.raises(IntegrityError):
        write(pg_db_url, duplicate)
    assert len(calls) == 2
