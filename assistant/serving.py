"""Several server processes, each accepting on its own SO_REUSEPORT socket (ADR 0059).

uvicorn's supervisor hands every worker one shared listening socket; the worker that wakes first takes
every waiting connection, and clients keep their connections, so 8 keep-alive clients often all land
on one worker while the other idles (measured: the busier worker did 95% of the work). With one socket
per worker the kernel spreads connections over the workers (busier worker 59%, turns/s up a quarter).
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import time
from types import FrameType
from typing import Any

# A worker that dies is started again, but not in a tight loop if it dies at start-up.
RESTART_PAUSE_SECONDS = 1.0


def reuseport_available() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def _listen(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def _worker(host: str, port: int, options: dict[str, Any]) -> None:
    import uvicorn

    sock = _listen(host, port)
    config = uvicorn.Config("api.main:app", factory=True, **options)
    uvicorn.Server(config).run(sockets=[sock])


def serve_workers(host: str, port: int, workers: int, options: dict[str, Any]) -> None:
    """Start `workers` processes on (host, port) and keep them running until SIGINT or SIGTERM."""
    # The parent holds the port (bound, never listening) so no other program takes it between restarts;
    # a bound socket that does not listen receives no connections.
    holder = _listen(host, port)
    context = multiprocessing.get_context("spawn")
    stopping = False

    def start() -> multiprocessing.process.BaseProcess:
        process = context.Process(target=_worker, args=(host, port, options), daemon=False)
        process.start()
        return process

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    processes = [start() for _ in range(workers)]
    try:
        while not stopping:
            time.sleep(0.2)
            for i, process in enumerate(processes):
                if not process.is_alive() and not stopping:
                    time.sleep(RESTART_PAUSE_SECONDS)
                    processes[i] = start()
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()  # uvicorn finishes the requests in flight on SIGTERM
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
        holder.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
