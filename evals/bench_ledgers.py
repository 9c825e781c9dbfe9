"""Benchmark: export a year's ledgers for an organisation of 5,000 people.

Bulk-inserts (SQLAlchemy core) 5,000 rostered people in 50 units, all 职工代表 (one in ten
also 车间工会主席), each with one contact a month (two named workers, one issue) and two
opinions a year; then exports rep-monthly, liaison-register and quarterly-summary for the
year and prints wall and CPU time (wall time depends on the machine's load) and peak Python memory (tracemalloc, a second run) per export,
plus the process's peak RSS.

    .venv/bin/python evals/bench_ledgers.py [--people 5000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from assistant import ledgers  # noqa: E402
from store.context import Context  # noqa: E402
from store.db import get_engine  # noqa: E402
from store.models import Contact, ContactPerson, Issue, Opinion, Person, PersonRole, Unit  # noqa: E402
from store.settings import load_settings  # noqa: E402

YEAR = 2026
ISSUES = ["夜班食堂没有热饭", "班车太少", "更衣室太挤", "希望增加一趟班车", "宿舍热水不稳定", "车间通风差"]


def populate(url: str, people: int) -> dict:
    engine = get_engine(url)
    units = 50
    t0 = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(insert(Unit), [{"id": u + 1, "name": f"第{u + 1}车间"} for u in range(units)])
        conn.execute(insert(Person), [{"id": i + 1, "name": f"职工{i + 1:05d}", "unit_id": i % units + 1,
                                       "is_admin": False, "created_at": dt.datetime(2026, 1, 1)}
                                      for i in range(people)])
        roles = [{"person_id": i + 1, "role": "职工代表", "position": 0} for i in range(people)]
        roles += [{"person_id": i + 1, "role": "车间工会主席", "position": 1} for i in range(0, people, 10)]
        conn.execute(insert(PersonRole), roles)
        contacts, met, issues, opinions = [], [], [], []
        cid = 0
        for i in range(people):
            for m in range(1, 13):
                cid += 1
                day = dt.date(YEAR, m, 1 + (i + m) % 28)
                contacts.append({"id": cid, "date": day, "form": "走访", "place": f"第{i % units + 1}车间",
                                 "recorded_by_id": i + 1, "headcount": 2, "text": "", "created_at": dt.datetime(2026, 1, 1)})
                met += [{"contact_id": cid, "person_id": (i + 1) % people + 1, "position": 0},
                        {"contact_id": cid, "person_id": (i + 2) % people + 1, "position": 1}]
                issues.append({"contact_id": cid, "content": ISSUES[(i + m) % len(ISSUES)], "position": 0})
            for k in (3, 9):
                opinions.append({"content": ISSUES[(i + k) % len(ISSUES)], "raised_by_id": (i + 1) % people + 1,
                                 "recorded_by_id": i + 1, "date": dt.date(YEAR, k, 10), "status": "登记",
                                 "created_at": dt.datetime(2026, 1, 1)})
        for table, rows in ((Contact, contacts), (ContactPerson, met), (Issue, issues), (Opinion, opinions)):
            for start in range(0, len(rows), 20000):
                conn.execute(insert(table), rows[start:start + 20000])
    return {"contacts": len(contacts), "opinions": len(opinions), "insert_s": time.perf_counter() - t0}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=5000)
    ap.add_argument("--keep")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-ledgers-"))
    work.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{work / 'bench.db'}"
    if (work / "bench.db").exists():
        (work / "bench.db").unlink()
    counts = populate(url, args.people)
    print(f"people={args.people} contacts={counts['contacts']} opinions={counts['opinions']} "
          f"bulk insert {counts['insert_s']:.1f} s")
    ctx = Context(load_settings(home=work, db_url=url), dt.date(YEAR, 12, 31))
    for name in ("rep-monthly", "liaison-register", "quarterly-summary"):
        out = work / f"{name}.xlsx"
        t0, c0 = time.perf_counter(), time.process_time()
        result = ledgers.export_ledger(ctx, name, str(YEAR), out)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        tracemalloc.start()
        ledgers.export_ledger(ctx, name, str(YEAR), out)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{name:18s} rows={result['rows']:6d} wall={elapsed:6.2f} s cpu={cpu:6.2f} s  peak traced={peak / 2**20:6.1f} MiB  "
              f"file={out.stat().st_size / 2**20:5.1f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS {rss:.0f} MiB  load average {os.getloadavg()[0]:.1f}  (workdir {work})")


if __name__ == "__main__":
    main()
