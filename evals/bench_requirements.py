"""Benchmark of `requirements` (one person) and `overview` (the whole organisation).

Builds an organisation of 5,000 people (1 工会主席, 2 工会副主席, 50 车间工会主席, 600 职工代表,
the rest 职工, in 50 workshops) and a year of records: 200,000 contacts (1–4 named workers,
some with an unnamed headcount), 6,000 opinions, 1,200 proposals, bulk-inserted with
SQLAlchemy Core inserts. Then times, with today = 2026-11-23:
- `requirements` for one person (a representative or a chair), p50 and p95 over 60 people;
- `overview` of the whole organisation for 2026Q4, and for every period containing today.
On SQLite (a file) and on PostgreSQL (a throwaway server from tests/pg.py; skipped with the
reason printed when the binaries are absent). Targets on SQLite: one person < 20 ms, the
whole organisation < 1 s.

Run: .venv/bin/python evals/bench_requirements.py [--people 5000] [--contacts 200000] [--no-pg]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import store  # noqa: F401,E402
from sqlalchemy import insert  # noqa: E402

from knowledge.obligations import overview, requirements  # noqa: E402
from store import db  # noqa: E402
from store.context import Context  # noqa: E402
from store.models import Contact, ContactPerson, Opinion, Person, PersonRole, Proposal, Unit  # noqa: E402
from store.settings import load_settings  # noqa: E402

TODAY = dt.date(2026, 11, 23)
YEAR_START = dt.date(2026, 1, 1)
FORMS = ["走访"] * 5 + ["座谈"] * 2 + ["电话"] * 2 + ["调研", "活动", "会议", "接待", "慰问"]
CHUNK = 20_000


def build(url: str, n_people: int, n_contacts: int, seed: int = 7) -> dict:
    rnd = random.Random(seed)
    engine = db.get_engine(url)
    n_units = 50
    units = [{"id": i + 1, "name": f"第{i + 1}车间"} for i in range(n_units)]
    people, roles = [], []
    for pid in range(1, n_people + 1):
        unit = (pid - 1) % n_units + 1
        people.append({"id": pid, "name": f"职工{pid:05d}", "unit_id": unit, "constituency": f"第{unit}选区",
                       "is_admin": False, "created_at": dt.datetime(2026, 1, 1)})
        if pid == 1:
            r = ["工会主席"]
        elif pid <= 3:
            r = ["工会副主席"]
        elif pid <= 3 + n_units:
            r = ["车间工会主席", "职工代表"] if pid % 2 else ["车间工会主席"]
        elif pid <= 3 + n_units + 600:
            r = ["职工代表"]
        else:
            r = ["职工"]
        roles += [{"person_id": pid, "role": role, "position": i} for i, role in enumerate(r)]
    recorders = [p for p in range(1, 4 + n_units + 600)]
    workers_by_unit: dict[int, list[int]] = {}
    reps = [p for p in range(4, 4 + n_units + 600)]
    for p in people:
        if p["id"] > 3 + n_units + 600:
            workers_by_unit.setdefault(p["unit_id"], []).append(p["id"])
    t0 = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(insert(Unit.__table__), units)
        conn.execute(insert(Person.__table__), people)
        conn.execute(insert(PersonRole.__table__), roles)
    contacts, links = [], []
    days = (TODAY - YEAR_START).days + 1
    n_links = 0
    for cid in range(1, n_contacts + 1):
        rec = rnd.choice(recorders)
        unit = people[rec - 1]["unit_id"]
        pool = reps if rec <= 3 else workers_by_unit[unit]
        named = rnd.sample(pool, rnd.randint(0, 4) if rnd.random() < 0.9 else 0)
        headcount = max(len(named), rnd.choice([0, 0, 0, 5, 8]) if not named or rnd.random() < 0.1 else len(named))
        if headcount == 0:
            named, headcount = [rnd.choice(pool)], 1
        contacts.append({"id": cid, "date": YEAR_START + dt.timedelta(days=rnd.randrange(days)),
                         "form": rnd.choice(FORMS), "place": f"第{unit}车间", "recorded_by_id": rec,
                         "headcount": headcount, "topic": None, "text": "", "created_at": dt.datetime(2026, 1, 1)})
        links += [{"contact_id": cid, "person_id": p, "position": i} for i, p in enumerate(named)]
        if len(contacts) >= CHUNK:
            with engine.begin() as conn:
                conn.execute(insert(Contact.__table__), contacts)
                if links:
                    conn.execute(insert(ContactPerson.__table__), links)
            n_links += len(links)
            contacts, links = [], []
    with engine.begin() as conn:
        if contacts:
            conn.execute(insert(Contact.__table__), contacts)
        if links:
            conn.execute(insert(ContactPerson.__table__), links)
        n_links += len(links)
        statuses = ["登记", "立案", "交办", "办理中", "已办结", "已反馈"]
        opinions = []
        for oid in range(1, 6001):
            day = YEAR_START + dt.timedelta(days=rnd.randrange(days))
            status = rnd.choice(statuses)
            closed = min(TODAY, day + dt.timedelta(days=rnd.randrange(60))) if status in ("已办结", "已反馈") else None
            opinions.append({"id": oid, "content": "意见", "recorded_by_id": rnd.choice(recorders), "date": day,
                             "status": status, "closed_on": closed, "created_at": dt.datetime(2026, 1, 1)})
        conn.execute(insert(Opinion.__table__), opinions)
        proposals = []
        for i in range(1, 1201):
            day = YEAR_START + dt.timedelta(days=rnd.randrange(days))
            submitted = rnd.random() < 0.6
            proposals.append({"id": i, "title": "提案", "proposer_id": rnd.choice(recorders), "reason": "",
                              "suggestions": [], "seconders": [], "citations": [], "text": "",
                              "status": "已提交" if submitted else "草稿", "date": day,
                              "submitted_on": day if submitted else None, "created_at": dt.datetime(2026, 1, 1)})
        conn.execute(insert(Proposal.__table__), proposals)
    if url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return {"load_s": time.perf_counter() - t0, "contact_people": n_links,
            "sample": rnd.sample(range(4, 4 + n_units + 600), 60), "names": {p["id"]: p["name"] for p in people}}


def timed(fn, *args) -> tuple[float, object, float]:
    """(wall ms, result, CPU ms of this process). On a shared, loaded machine the CPU time is
    the fairer figure for SQLite (it runs in-process); PostgreSQL's work is in the server."""
    t, c = time.perf_counter(), time.process_time()
    out = fn(*args)
    return (time.perf_counter() - t) * 1000, out, (time.process_time() - c) * 1000


def measure(label: str, url: str, home: Path, n_people: int, n_contacts: int) -> None:
    built = build(url, n_people, n_contacts)
    ctx = Context(load_settings(home=home, db_url=url), TODAY)
    print(f"[{label}] loaded {n_people} people, {n_contacts} contacts, {built['contact_people']} contact_people "
          f"in {built['load_s']:.1f} s")
    names = [built["names"][pid] for pid in built["sample"]]
    requirements(ctx, names[0])  # warm: engine, rules, statement cache
    runs = [timed(requirements, ctx, name) for name in names]
    ms, cpu = [r[0] for r in runs], [r[2] for r in runs]
    ms_q = [timed(requirements, ctx, name, "2026Q4")[0] for name in names[:20]]
    print(f"[{label}] load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"[{label}] requirements, one person (all periods containing today): p50 {statistics.median(ms):.1f} ms, "
          f"p95 {sorted(ms)[int(len(ms) * 0.95) - 1]:.1f} ms, max {max(ms):.1f} ms, CPU p50 {statistics.median(cpu):.1f} ms "
          f"(n={len(ms)}; target < 20 ms on SQLite)")
    print(f"[{label}] requirements, one person, --period 2026Q4: p50 {statistics.median(ms_q):.1f} ms")
    for period in ("2026Q4", None):
        runs = [timed(overview, ctx, period) for _ in range(3)]
        t, out, c = min(runs, key=lambda r: r[0])
        behind = sum(1 for p in out["people"] if p["behind"])
        print(f"[{label}] overview, whole organisation, period {period or '(all containing today)'}: "
              f"best of 3 {t:.0f} ms (CPU {c:.0f} ms; median {statistics.median(r[0] for r in runs):.0f} ms; "
              f"target < 1000 ms on SQLite); {len(out['people'])} people with obligations, {behind} behind")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=5000)
    ap.add_argument("--contacts", type=int, default=200_000)
    ap.add_argument("--no-pg", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        measure("sqlite", f"sqlite:///{home / 'bench.db'}", home, args.people, args.contacts)
        if args.no_pg:
            print("[postgresql] skipped: --no-pg")
            return
        from pg import PgServer, find_pg_bin

        bin_dir = find_pg_bin()
        if bin_dir is None:
            print("[postgresql] skipped: PostgreSQL binaries not found (apt-get install postgresql)")
            return
        server = PgServer(bin_dir)
        try:
            server.start()
        except Exception as exc:  # noqa: BLE001
            server.stop()
            print(f"[postgresql] skipped: could not start a server: {exc}")
            return
        try:
            measure("postgresql", server.create_database("bench"), home, args.people, args.contacts)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
