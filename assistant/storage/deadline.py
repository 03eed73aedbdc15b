"""A client-side deadline on every checked-out PostgreSQL connection.

A server that accepts connections and then never answers (hung, stopped, or behind a broken
network path whose kernel still acknowledges packets) blocks psycopg's socket wait forever: no
TCP timeout fires and `statement_timeout` needs a live server to apply. So each connection is
armed when it is checked out of the pool and disarmed when it is returned; one watchdog thread
shuts down the socket of any connection held past its deadline. The blocked call then fails at
once with a lost-connection error, SQLAlchemy discards the connection, and the request gets 503.

The pool's own pre-ping runs outside these events, so the ping is done here, under the deadline.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)
_TICK = 0.05


class CheckoutDeadline:
    def __init__(self, seconds: float) -> None:
        if seconds <= 0:
            raise ValueError(f"seconds must be positive, got {seconds}")
        self.seconds = seconds
        self._lock = threading.Lock()
        self._armed: dict[int, tuple[float, int]] = {}  # id(connection record) → (deadline, socket fd)
        self._thread: threading.Thread | None = None

    def install(self, engine: Engine) -> None:
        pool = engine.pool

        @event.listens_for(pool, "checkout")
        def _arm(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
            record.info["deadline"] = self
            self.arm(record, dbapi_connection, self.seconds)
            if record.info.pop("fresh", False):
                return
            try:  # the pre-ping, under the deadline: a dead connection is replaced, a hung one times out
                cursor = dbapi_connection.cursor()
                cursor.execute("SELECT 1")
                cursor.close()
            except Exception as exc:
                self.disarm(record)
                raise sa_exc.DisconnectionError("the pooled connection did not answer a ping") from exc

        @event.listens_for(pool, "connect")
        def _fresh(_dbapi_connection: Any, record: Any) -> None:
            record.info["fresh"] = True

        @event.listens_for(pool, "checkin")
        def _disarm(_dbapi_connection: Any, record: Any) -> None:
            self.disarm(record)

        @event.listens_for(pool, "invalidate")
        def _invalidated(_dbapi_connection: Any, record: Any, _exc: Any) -> None:
            self.disarm(record)

    def arm(self, record: Any, dbapi_connection: Any, seconds: float) -> None:
        fd = _socket_fd(dbapi_connection)
        if fd is None:
            return
        with self._lock:
            self._armed[id(record)] = (time.monotonic() + seconds, fd)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="db-deadline", daemon=True)
                self._thread.start()

    def disarm(self, record: Any) -> None:
        with self._lock:
            self._armed.pop(id(record), None)

    def _watch(self) -> None:
        while True:
            time.sleep(_TICK)
            now = time.monotonic()
            with self._lock:
                expired = [(key, fd) for key, (deadline, fd) in self._armed.items() if deadline <= now]
                for key, _ in expired:
                    del self._armed[key]
                # Shut down under the lock: a checkin (disarm) cannot race us into a reused descriptor.
                for _, fd in expired:
                    _shut_down(fd)
            for _ in expired:
                log.warning("a database connection outlived its %.1f s deadline; it was closed", self.seconds)


def hold_longer(connection: Connection, seconds: float) -> None:
    """Give this checkout a longer deadline (a conversation lock is held for a whole turn)."""
    record = connection.connection._connection_record
    deadline: CheckoutDeadline | None = record.info.get("deadline") if record is not None else None
    if deadline is not None and record is not None:
        deadline.arm(record, connection.connection.dbapi_connection, seconds)


def _socket_fd(dbapi_connection: Any) -> int | None:
    pgconn = getattr(dbapi_connection, "pgconn", None)
    try:
        return int(pgconn.socket) if pgconn is not None else None
    except Exception:  # a connection already closed has no socket
        return None


def _shut_down(fd: int) -> None:
    try:
        duplicate = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    try:
        duplicate.shutdown(socket.SHUT_RDWR)  # acts on the shared socket: the blocked reader wakes with EOF
    except OSError:
        pass
    finally:
        duplicate.close()
