"""Real faults for the reliability tests: a TCP proxy that can forward, hang or refuse; a real
`chroma run` server that can be killed, stopped (SIGSTOP: a hung server) and restarted; and the real
app served by uvicorn on a free port, in a thread."""

from __future__ import annotations

import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Literal

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

Mode = Literal["forward", "hang", "down"]
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, seconds: float = 60, process: subprocess.Popen[Any] | None = None) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on port {port}") from None
            time.sleep(0.1)


class FaultProxy:
    """127.0.0.1:<port> → upstream. `hang`: accepts connections and relays nothing, old ones included
    (a server that accepts and never answers); `down`: refuses connections and drops the open ones."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = upstream_port
        self.port = free_port()
        self.mode: Mode = "forward"
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stop = False
        self._listen()

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stop:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                self._sockets.append(client)
            if self.mode == "hang":
                continue  # held open, never read, never answered
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream), timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.append(upstream)
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while not self._stop:
                readable, _, _ = select.select([a, b], [], [], 0.05)
                if self.mode != "forward":
                    if self.mode == "down":
                        return
                    continue  # hang: the bytes stay unread on both sides
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    (b if source is a else a).sendall(data)
        except (OSError, ValueError):
            # ValueError: select() on a socket that close_all() closed from another thread.
            return
        finally:
            for s in (a, b):
                with suppress(OSError):
                    s.close()

    def set(self, mode: Mode) -> None:
        if mode == "down" and self.mode != "down":
            self.mode = "down"
            assert self._listener is not None
            self._listener.close()
            self._drop_all()
        elif mode != "down" and self.mode == "down":
            self.mode = mode
            self._listen()
        else:
            if mode == "forward" and self.mode == "hang":
                self._drop_all()  # the hung connections' half-sent requests cannot be resumed
            self.mode = mode

    def _drop_all(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for s in sockets:
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def close(self) -> None:
        self._stop = True
        if self._listener is not None:
            self._listener.close()
        self._drop_all()


class ChromaServer:
    """A real `chroma run` on a fixed port and folder, so a restart serves the same collections."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        chroma = Path(sys.executable).parent / "chroma"
        log = (self.folder / "server.log").open("ab")
        self.process = subprocess.Popen(
            [str(chroma), "run", "--path", str(self.folder / "data"), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, 60, self.process)

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=20)

    def pause(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.resume()
            self.process.terminate()
            self.process.wait(timeout=20)


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """The app on a real socket (uvicorn in a thread of this process), as in production."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", proxy_headers=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def eventually(check: Any, seconds: float = 20.0, every: float = 0.25) -> Any:
    """Retry `check` until it returns a truthy value (recovery happens by itself, within `seconds`)."""
    deadline = time.monotonic() + seconds
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"did not recover within {seconds} s (last: {last!r})")


def copy_index(corpus_services, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """The session's built index (side files and pointer) in another DATA_DIR; embedded Chroma excluded."""
    source = corpus_services.settings.paths.index_dir
    target = data_dir / "index"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "builds", target / "builds")
    shutil.copy2(source / "active.json", target / "active.json")


def postgres_database(suffix: str) -> str:
    """A database of its own beside the test database (created when missing); skips when PostgreSQL is down."""
    url = make_url(POSTGRES_URL)
    name = f"{url.database}_{suffix}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL} ({type(exc).__name__})")
    finally:
        admin.dispose()
    target = url.set(database=name)
    engine = create_engine(target)
    with engine.begin() as connection:  # start from nothing, whatever an older run or branch left
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return target.render_as_string(hide_password=False)


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True
