"""Real database outages for tests, on either backend.

PostgreSQL: the app's connection goes through `Forwarder`, a stdlib TCP forwarder on 127.0.0.1;
`Outage.start()` cuts it (the listening port closes, every forwarded connection drops), as a
restarting server would. SQLite: another connection holds the file's write lock while the app's
connection waits at most a fifth of a second for it, so every write times out with "database is
locked" (reads go on: WAL).
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
from typing import Any

from django.db import connection

SQLITE_TIMEOUT_SECONDS = 0.2


class Forwarder:
    """127.0.0.1:<port> → `target`, each connection pumped both ways by two threads."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._cut = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._cut.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._open += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self._cut.set()
        self._listener.close()
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()


class Outage:
    """Set up before the requests that must work (`Outage()`), `start()` the outage, `end()` it
    (which also puts the connection back as it was)."""

    def __init__(self) -> None:
        self.settings = connection.settings_dict
        self.saved: dict[str, Any] = {
            "HOST": self.settings.get("HOST"),
            "PORT": self.settings.get("PORT"),
            "OPTIONS": dict(self.settings["OPTIONS"]),
        }
        self.forwarder: Forwarder | None = None
        self.holder: sqlite3.Connection | None = None
        connection.close()
        if connection.vendor == "postgresql":
            target = (self.settings["HOST"] or "127.0.0.1", int(self.settings["PORT"] or 5432))
            self.forwarder = Forwarder(target)
            self.settings.update(HOST="127.0.0.1", PORT=str(self.forwarder.port))
        else:
            self.settings["OPTIONS"] = {
                **self.settings["OPTIONS"],
                "timeout": SQLITE_TIMEOUT_SECONDS,
            }

    def start(self) -> None:
        if self.forwarder is not None:
            self.forwarder.cut()
        else:
            self.holder = sqlite3.connect(self.settings["NAME"], isolation_level=None)
            self.holder.execute("BEGIN EXCLUSIVE")

    def end(self) -> None:
        if self.forwarder is not None:
            self.forwarder.cut()
        if self.holder is not None:
            self.holder.rollback()
            self.holder.close()
        connection.close()
        self.settings.update(self.saved)
