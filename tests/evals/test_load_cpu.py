"""The load benchmark's CPU a turn: read from /proc for the server and its worker processes."""

from __future__ import annotations

import subprocess
import sys
import time

from evals.bench import load

BURN = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\ntime.sleep(30)"


def test_cpu_of_a_process_tree_counts_its_children() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {BURN!r}])"]
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (load._tree_cpu_seconds(parent.pid) or 0) < 0.4:
            time.sleep(0.1)
        assert load.children(parent.pid), "the worker process is found by its parent's id"
        assert (load._tree_cpu_seconds(parent.pid) or 0) >= 0.4  # the child's burn counts
    finally:
        for pid in load.children(parent.pid):
            subprocess.run(["kill", str(pid)], check=False)
        parent.kill()
        parent.wait()
    assert load._tree_cpu_seconds(None) is None


def test_cpu_note_per_turn() -> None:
    result = load.LoadResult(seconds=10, latencies_ms=[1.0] * 100, server_cpu_seconds=2.5, client_cpu_seconds=0.3)
    assert result.cpu_note() == "CPU a turn: server 25.0 ms, load generator 3.0 ms"
    assert load.LoadResult(seconds=1).cpu_note() == "CPU a turn: load generator 0.0 ms"
