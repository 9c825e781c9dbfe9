"""Speed of one chat turn: in process (no LLM) and the cold start of `union-assistant say`.

Prints figures; asserts nothing (tests never time things). Target: p95 of one in-process
turn < 100 ms. The cold start is reported together with the heavy libraries the `say`
path imported (there should be none: no gradio, chromadb, torch, langchain).

    .venv/bin/python evals/bench_say.py [--turns 200] [--cold 5]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import store  # noqa: E402,F401  (offline environment first)
from assistant.core import Core  # noqa: E402
from store.settings import load_settings  # noqa: E402

TODAY = dt.date(2026, 11, 23)
ROSTER = ROOT / "store" / "demo" / "roster.csv"
HEAVY = ("gradio", "chromadb", "torch", "sentence_transformers", "langchain_core", "langchain_openai", "transformers")

SENTENCES = [
    "昨天到机加车间走访了张三和李四，他们反映夜班食堂没有热饭",
    "上周五在装配车间和张薇、杨帆等5名职工座谈，大家希望增加一趟夜班班车，还有更衣室太挤",
    "今天给欧阳明打电话，他反映车间通风不好",
    "到动力车间走访了黄磊",
    "张三建议增加一趟夜班班车",
    "你好",
]


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q * (len(values) - 1))))
    return values[k]


def in_process(turns: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix="bench_say_"))
    core = Core(load_settings(home=home, db_url=f"sqlite:///{home / 'records.db'}"), TODAY)
    core.roster_import(ROSTER)
    for text in SENTENCES:  # warm-up: tokenizer dictionaries, templates, engine
        core.say("陈立新", text)
    single, single_cpu, dialogue_write = [], [], []
    for i in range(turns):
        text = SENTENCES[i % len(SENTENCES)]
        t0, c0 = time.perf_counter(), time.process_time()
        core.say("陈立新", text)
        single.append((time.perf_counter() - t0) * 1000)
        single_cpu.append((time.process_time() - c0) * 1000)
    for i in range(max(20, turns // 10)):
        sid = f"b{i}"
        core.say("陈立新", SENTENCES[0], session=sid)
        t0 = time.perf_counter()
        result = core.say("陈立新", "确认", session=sid)
        dialogue_write.append((time.perf_counter() - t0) * 1000)
        assert result.written, result.reply
    return {
        "turn_ms_p50": round(statistics.median(single), 1),
        "turn_ms_p95": round(percentile(single, 0.95), 1),
        "turn_cpu_ms_p50": round(statistics.median(single_cpu), 1),
        "turn_cpu_ms_p95": round(percentile(single_cpu, 0.95), 1),
        "confirm_write_ms_p50": round(statistics.median(dialogue_write), 1),
        "confirm_write_ms_p95": round(percentile(dialogue_write, 0.95), 1),
        "turns": len(single),
    }


PROBE = """
import sys, json
from assistant.cli import main
code = main(sys.argv[1:])
heavy = sorted({m.split('.')[0] for m in sys.modules} & set(%r))
print(json.dumps({"heavy": heavy, "code": code}), file=sys.stderr)
""" % (HEAVY,)


def cold_start(runs: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix="bench_say_cold_"))
    db = f"sqlite:///{home / 'records.db'}"
    env = {**os.environ, "UNION_ASSISTANT_HOME": str(home)}
    exe = ROOT / ".venv" / "bin" / "union-assistant"
    subprocess.run([str(exe), "--db", db, "roster", "import", str(ROSTER), "--json"], env=env, check=True,
                   capture_output=True)
    args = ["--db", db, "--today", TODAY.isoformat(), "say", "--speaker", "陈立新", SENTENCES[0], "--json"]
    times = []
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True)
        times.append((time.perf_counter() - t0) * 1000)
        assert proc.returncode == 0, proc.stderr
        json.loads(proc.stdout)
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_ms = ((cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)) * 1000 / runs
    probe = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, cwd=ROOT)
    heavy = json.loads(probe.stderr.strip().splitlines()[-1])["heavy"]
    return {"cold_start_ms_median": round(statistics.median(times), 1), "cold_start_ms_max": round(max(times), 1),
            "cold_start_cpu_ms_mean": round(cpu_ms, 1),
            "runs": runs, "heavy_imports_on_say_path": heavy}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--cold", type=int, default=5)
    args = parser.parse_args()
    figures = {"load_average_1min": round(os.getloadavg()[0], 1), "cpus": os.cpu_count(),
               **in_process(args.turns), **cold_start(args.cold)}
    for key, value in figures.items():
        print(f"{key}: {value}")
    print(f"target p95 < 100 ms: {'met' if figures['turn_ms_p95'] < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
