"""8 concurrent writers each add 200 contacts through the store: nothing lost, no lock error.

Each contact is its own transaction (`store.db.write`), the way a chat turn writes. The
writers start together on a FRESH database, so they also race to migrate it on first use.
Run as 8 threads of one process and as 8 separate processes, on SQLite and PostgreSQL.
200 each keeps the 8 writers overlapping for seconds (1,600 commits racing); the rates with
bigger numbers are measured by evals/bench_store.py.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import func, select

from store.db import session, write
from store.models import AuditEntry, Contact, Person
from store.records import add_contact
from store.roster import add_person

WRITERS = 8
CONTACTS_EACH = 200
DAY = dt.date(2026, 11, 20)
ROOT = Path(__file__).resolve().parent.parent


def write_contacts(url: str, writer: int, count: int) -> None:
    """One writer: registers itself, then adds `count` contacts, one transaction each."""
    me = write(url, lambda s: add_person(s, f"写入者{writer}", f"第{writer}车间", ["职工代表"]).id)
    for i in range(count):
        # A lean contact (no named people, no issues) keeps the suite fast; it is still the
        # full path: validation, a Contact row, an audit row, one commit.
        write(url, lambda s: add_contact(s, date=DAY, form="走访", recorded_by_id=me, headcount=1,
                                         text=f"{writer}-{i}"))


def assert_nothing_lost(url: str) -> None:
    with session(url) as s:
        assert s.scalar(select(func.count()).select_from(Person)) == WRITERS
        assert s.scalar(select(func.count()).select_from(Contact)) == WRITERS * CONTACTS_EACH
        texts = set(s.scalars(select(Contact.text)))
        assert texts == {f"{w}-{i}" for w in range(WRITERS) for i in range(CONTACTS_EACH)}
        audited = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name == "contacts"))
        assert audited == WRITERS * CONTACTS_EACH


def test_eight_threads_each_add_200_contacts(any_db_url):
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def run(writer: int) -> None:
        try:
            start.wait()
            write_contacts(any_db_url, writer, CONTACTS_EACH)
        except BaseException as exc:  # noqa: BLE001  (collected and reported below)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [], [repr(e) for e in errors]
    assert_nothing_lost(any_db_url)


WORKER = """
import json, sys
from test_store_concurrency import write_contacts
url, writer, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
try:
    write_contacts(url, writer, count)
except BaseException as exc:
    print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}, ensure_ascii=False))
    sys.exit(1)
print(json.dumps({"ok": writer}))
"""


def test_eight_processes_each_add_200_contacts(any_db_url):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, any_db_url, str(w), str(CONTACTS_EACH)],
                         cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(WRITERS)
    ]
    outcomes = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        outcomes.append((p.returncode, out.strip(), err.strip()[-2000:]))
    failed = [o for o in outcomes if o[0] != 0]
    assert failed == []
    assert all("locked" not in out + err for _, out, err in outcomes)
    assert sorted(json.loads(out)["ok"] for _, out, _ in outcomes) == list(range(WRITERS))
    assert_nothing_lost(any_db_url)
