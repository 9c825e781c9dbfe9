"""Store benchmark: roster import time and contact insert rate, on SQLite and PostgreSQL.

    .venv/bin/python evals/bench_store.py [--people 5000] [--contacts 2000] [--batch 100] [--json]

Prints, per backend:
- importing a 5,000-person roster CSV into an empty database (seconds), and re-importing it unchanged;
- contacts per second, one transaction per contact through `store.db.write` + `store.records.add_contact`
  (how a chat turn writes), by one writer and by 8 threads;
- contacts per second, `--batch` contacts per transaction.
Every contact names one person and one issue, so each holds four rows (contact, person link, issue, audit).

SQLite is a file in a temporary directory (WAL, synchronous=NORMAL, as the product runs it).
PostgreSQL is a real server started for the run (tests/pg.py) with its default durability
settings (fsync and synchronous_commit on), reached over TCP on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import store  # noqa: E402,F401  (offline environment)
from pg import PgServer, find_pg_bin  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from store.db import get_engine, session, write  # noqa: E402
from store.models import Contact, Person  # noqa: E402
from store.records import add_contact  # noqa: E402
from store.roster import add_person, import_roster  # noqa: E402

DAY = dt.date(2026, 11, 20)
ROLES = ["职工", "职工", "职工", "职工代表", "职工、委员", "车间工会主席、职工代表"]


def roster_csv(people: int) -> bytes:
    """A roster of fictional people: 50 units, roles cycling through the common ones."""
    lines = ["姓名,角色,单位,选区"]
    for i in range(people):
        unit = f"第{i % 50 + 1}车间"
        lines.append(f"职工{i:05d},{ROLES[i % len(ROLES)]},{unit},{unit}选区")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_roster(url: str, people: int) -> dict:
    data = roster_csv(people)
    get_engine(url)  # migrate first: the figure is the import alone
    first = timed(lambda: import_roster(url, data, "roster.csv"))
    again = timed(lambda: import_roster(url, data, "roster.csv"))
    with session(url) as s:
        assert s.scalar(select(func.count()).select_from(Person)) == people
    return {"roster_import_s": round(first, 2), "roster_reimport_s": round(again, 2)}


def _contact(s, recorder: int, person: int, n: int):
    return add_contact(s, date=DAY, form="走访", recorded_by_id=recorder, people_ids=[person],
                       issues=[f"第{n}件事"], text=f"第{n}次联系")


def bench_contacts(url: str, contacts: int, batch: int) -> dict:
    recorder = write(url, lambda s: add_person(s, "记录人", "公司工会", ["工会主席"]).id)
    person = write(url, lambda s: add_person(s, "被联系人", "第1车间", ["职工"]).id)

    def one_per_transaction(n: int, offset: int = 0) -> None:
        for i in range(n):
            write(url, lambda s: _contact(s, recorder, person, offset + i))

    single = timed(lambda: one_per_transaction(contacts))

    threads_n = 8
    each = max(contacts // threads_n, 1)
    workers = [threading.Thread(target=one_per_transaction, args=(each, 10**6 * (t + 1))) for t in range(threads_n)]

    def run_threads():
        for w in workers:
            w.start()
        for w in workers:
            w.join()

    threaded = timed(run_threads)

    def batched_all():
        for start in range(0, contacts, batch):
            n = min(batch, contacts - start)
            write(url, lambda s: [_contact(s, recorder, person, 10**8 + start + i) for i in range(n)])

    batched = timed(batched_all)
    with session(url) as s:
        assert s.scalar(select(func.count()).select_from(Contact)) == 2 * contacts + threads_n * each
    return {
        "contacts_per_s_one_per_transaction": round(contacts / single),
        "contacts_per_s_8_threads_one_per_transaction": round(threads_n * each / threaded),
        f"contacts_per_s_batched_{batch}": round(contacts / batched),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--people", type=int, default=5000)
    ap.add_argument("--contacts", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--skip-postgresql", action="store_true")
    args = ap.parse_args()

    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = {
            **bench_roster(f"sqlite:///{tmp}/roster.db", args.people),
            **bench_contacts(f"sqlite:///{tmp}/contacts.db", args.contacts, args.batch),
        }
    if not args.skip_postgresql:
        bin_dir = find_pg_bin()
        if bin_dir is None:
            sys.exit("PostgreSQL binaries not found (apt-get install postgresql), or pass --skip-postgresql")
        server = PgServer(bin_dir, durable=True).start()
        try:
            results["postgresql"] = {
                **bench_roster(server.create_database("roster"), args.people),
                **bench_contacts(server.create_database("contacts"), args.contacts, args.batch),
            }
        finally:
            for url in (server.url("roster"), server.url("contacts")):
                get_engine(url).dispose()
            server.stop()

    meta = {"cpus": os.cpu_count(), "load_average_1min": round(os.getloadavg()[0], 1),
            "people": args.people, "contacts": args.contacts}
    if args.json:
        print(json.dumps({"meta": meta, "results": results}, ensure_ascii=False))
        return
    print(f"store benchmark ({meta['cpus']} CPUs, load average {meta['load_average_1min']}); "
          "a contact is 4 rows: contact, person link, issue, audit entry")
    for backend, figures in results.items():
        rows = [
            (f"import a {args.people}-person roster", figures["roster_import_s"], "s"),
            ("re-import it unchanged", figures["roster_reimport_s"], "s"),
            ("contacts, 1 per transaction, 1 writer", figures["contacts_per_s_one_per_transaction"], "contacts/s"),
            ("contacts, 1 per transaction, 8 threads", figures["contacts_per_s_8_threads_one_per_transaction"],
             "contacts/s"),
            (f"contacts, {args.batch} per transaction", figures[f"contacts_per_s_batched_{args.batch}"],
             "contacts/s"),
        ]
        print(f"\n{backend}")
        for label, value, unit in rows:
            print(f"  {label:<42}{value:>9} {unit}")

if __name__ == "__main__":
    main()
