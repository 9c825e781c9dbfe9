"""Run the `union-assistant` entry point (`assistant.cli.main(argv)`) inside the test process.

For tests that check what a command does, not how the console script starts: the same argv,
the same environment (UNION_ASSISTANT_HOME set, the other UNION_ASSISTANT_* and OPENAI_*
variables removed, as the tests' subprocesses did), and the same stdout, stderr and exit
status, without a subprocess's second of start-up. The console script itself is checked
black-box by tests/test_cli_contract.py and the black-box set of tests/test_acceptance_contract.py.
"""
from __future__ import annotations

import contextlib
import io
import os
import subprocess
import threading
from pathlib import Path

import pytest

from assistant import cli


def run_cli(args: list[str], home: Path | str) -> subprocess.CompletedProcess:
    """`union-assistant ARGS` in this process; returns what `subprocess.run(..., text=True)` would.

    Only from the main thread: it swaps the process-wide environment and sys.stdout/stderr.
    """
    assert threading.current_thread() is threading.main_thread(), "run_cli swaps process-wide state"
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith(("UNION_ASSISTANT_", "OPENAI_")):
                mp.delenv(key)
        mp.setenv("UNION_ASSISTANT_HOME", str(home))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main([str(a) for a in args])
    return subprocess.CompletedProcess(["union-assistant", *map(str, args)], status, out.getvalue(), err.getvalue())
