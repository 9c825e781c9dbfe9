"""Speed of retrieval and answering: per-question latency at ~2,000 chunks, index build, CLI cold start.

    .venv/bin/python evals/bench_retrieval.py [--chunks 2000] [--cold-runs 3]

The five regulations are replicated (as distinct documents) until the index holds about
the requested number of chunks; the questions are those of evals/qa_dev.jsonl. Prints
figures; asserts nothing (targets: p50 < 20 ms, p95 < 50 ms).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import store  # noqa: E402,F401
from knowledge import answer as answer_mod  # noqa: E402
from knowledge.documents import bundled_documents  # noqa: E402
from knowledge.retrieval import KnowledgeIndex  # noqa: E402

QA = ROOT / "evals" / "qa_dev.jsonl"
FALLBACK_QUESTIONS = ["职工代表每月要走访几次职工", "机关干部每人至少走访多少个企业", "年假有几天"]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", type=int, default=2000)
    ap.add_argument("--cold-runs", type=int, default=3)
    args = ap.parse_args()
    questions = ([json.loads(x)["question"] for x in QA.read_text(encoding="utf-8").splitlines() if x.strip()]
                 if QA.exists() else FALLBACK_QUESTIONS)

    base = list(bundled_documents())
    per_copy = len(KnowledgeIndex(base).chunks)
    copies = max(1, round(args.chunks / per_copy))
    docs = [replace(d, id=f"{d.id}-{i}" if i else d.id) for i in range(copies) for d in base]

    t = time.perf_counter()
    index = KnowledgeIndex(docs)
    build = time.perf_counter() - t
    print(f"index: {len(index.chunks)} chunks from {len(docs)} documents, built in {1000 * build:.0f} ms "
          f"(parse + chunk + BM25)")

    for label, fn in [
        ("retrieval (BM25 top 8)", lambda q: index.search(q, 8)),
        ("answer (retrieval + sentence selection + verification)",
         lambda q: (lambda hits: answer_mod.offline_answer(index, q, hits) if answer_mod.is_covered(hits, q, index) else None)(index.search(q, 8))),
    ]:
        for q in questions[:5]:
            fn(q)  # warm-up
        times = []
        for q in questions:
            t = time.perf_counter()
            fn(q)
            times.append(1000 * (time.perf_counter() - t))
        print(f"{label}: {len(times)} questions, p50 {percentile(times, 50):.2f} ms, "
              f"p95 {percentile(times, 95):.2f} ms, max {max(times):.2f} ms, mean {statistics.mean(times):.2f} ms")

    exe = ROOT / ".venv" / "bin" / "union-assistant"
    if not exe.exists():
        print("cold start: union-assistant not installed in .venv, skipped")
        return 0
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "UNION_ASSISTANT_HOME": home}
        runs = []
        for i in range(args.cold_runs + 1):
            t = time.perf_counter()
            res = subprocess.run([str(exe), "ask", "职工代表每个月要走访几次职工", "--json"], capture_output=True,
                                 text=True, env=env, timeout=300)
            elapsed = time.perf_counter() - t
            if res.returncode != 0:
                print(f"cold start: ask failed: {res.stderr[-500:]}")
                return 1
            if i:  # the first run also creates and migrates the database
                runs.append(elapsed)
            else:
                print(f"cold start, first run on a new home (creates the database): {elapsed:.2f} s")
        print(f"cold start of `union-assistant ask --json` (subprocess, existing database): "
              f"median {statistics.median(runs):.2f} s over {len(runs)} runs (min {min(runs):.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
