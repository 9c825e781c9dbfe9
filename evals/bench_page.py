"""Benchmark the page: cold start of `union-assistant serve`, its memory, and one chat turn through it.

    .venv/bin/python evals/bench_page.py [--turns 5]

Prints figures (no pass/fail):
- cold start: seconds from spawning `union-assistant serve` to the first page served (the port is polled);
- RSS of the server process after start and after the chat turns (MiB, from /proc);
- chat turn: seconds per turn through the page's own endpoint (gradio_client, logged in), first and median.
The server runs over a temp home with the demo loaded and the demo passwords set.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "assistant.cli"]
TARGET_START_S = 10.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int) -> float:
    """Resident memory of the process and its children (MiB)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def wait_for_page(url: str, proc: subprocess.Popen, timeout: float = 120) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter()
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server did not answer within the timeout")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=5)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="bench-page-"))
    env = {**os.environ, "UNION_ASSISTANT_HOME": str(home), "NO_PROXY": "127.0.0.1,localhost"}
    subprocess.run([*CLI, "demo", "--json"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", "from store.auth import set_demo_passwords; from store.settings import "
                    "load_settings; set_demo_passwords(load_settings().database_url)"],
                   env=env, cwd=ROOT, check=True, capture_output=True)

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    proc = subprocess.Popen([*CLI, "serve", "--port", str(port)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        served = wait_for_page(url, proc)
        cold = served - started
        rss_start = rss_mib(proc.pid)
        print(f"cold start to first page: {cold:.2f} s (target < {TARGET_START_S:.0f} s)")
        print(f"RSS after start: {rss_start:.0f} MiB")

        from gradio_client import Client

        client = Client(url, auth=("陈立新", "demo1234"), verbose=False, download_files=False)
        sentences = ["这个季度我还差什么", "昨天到机加车间走访了张三和李四，反映夜班食堂没有热饭",
                     "职工代表每月要联系几名职工？", "周三给欧阳明打电话，他反映车间通风不好", "算了"]
        times = []
        for i in range(args.turns):
            t = time.perf_counter()
            client.predict(sentences[i % len(sentences)], [], api_name="/chat_say")
            times.append(time.perf_counter() - t)
        print(f"chat turn through the page: first {times[0]:.2f} s, median {statistics.median(times):.2f} s "
              f"({len(times)} turns)")
        print(f"RSS after {len(times)} turns: {rss_mib(proc.pid):.0f} MiB")
        print(f"load average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
