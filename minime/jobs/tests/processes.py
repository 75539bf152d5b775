"""Helpers for tests that run `run_worker` and `run_scheduler` as real processes on the test
database (a file on SQLite, the test database on PostgreSQL), and a TCP forwarder to cut."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
DATABASE_VARIABLES = ("DATABASE_URL", "DATABASE_SERVICE_URL", "DATABASE_OWNER_URL")


def database_urls(port: int | None = None) -> dict[str, str]:
    """The test database as DATABASE_* URLs; on PostgreSQL through `port` when given."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return dict.fromkeys(DATABASE_VARIABLES, f"sqlite:///{name}")
    urls = {}
    for variable in DATABASE_VARIABLES:
        url = urlsplit(os.environ[variable])._replace(path=f"/{name}")
        if port is not None:
            url = url._replace(netloc=f"{url.netloc.rpartition('@')[0]}@127.0.0.1:{port}")
        urls[variable] = url.geturl()
    return urls


def process_env(var_dir: Path, **variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", MINIME_VAR_DIR=str(var_dir), DEBUG="false")
    env.update(database_urls())
    env.update(variables)
    return env


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip


def start_worker(env: dict[str, str], log: Path, *options: str) -> subprocess.Popen[bytes]:
    return start(
        ["run_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", *options],
        env,
        log,
    )


def stop(process: subprocess.Popen[bytes], timeout: float = 10) -> int:
    """SIGTERM, as a supervisor stops it; the exit status."""
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=timeout)


def wait_for(predicate: Callable[[], bool], timeout: float = 60.0, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(every)
    raise AssertionError("timed out")


def wait_for_log(log: Path, text: str, timeout: float = 60.0) -> None:
    """Until a process has written `text` to its log (e.g. that it has started)."""
    wait_for(lambda: log.exists() and text in log.read_text(errors="replace"), timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Forwarder:
    """Forwards 127.0.0.1:port to `target` until cut: then every open connection is closed and
    new ones are refused (nothing listens), as when a database server goes away."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        if self.listener is not None:
            _close(self.listener)
            self.listener = None
        with self.lock:
            for s in self.sockets:
                _close(s)
            self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
                upstream = socket.create_connection(self.target)
            except OSError:
                return  # cut
            with self.lock:
                self.sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            _close(s)


def _close(s: socket.socket) -> None:
    with suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in accept() or recv()
    s.close()
