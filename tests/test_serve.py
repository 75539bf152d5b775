"""The run command's last step, end to end: `manage.py serve` starts the web app, the worker and
the scheduler on an SQLite file; the demo account signs in; Ctrl-C stops all three."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def _children(pid: int) -> set[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return {int(p) for p in out.split()}


@pytest.fixture
def app_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    env.update(
        MINIME_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings", DEBUG="false"
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["demo_account"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"]
            if command[0] != "demo_account"
            else [sys.executable, "manage.py", *command],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
    return env, tmp_path


def test_serve_runs_web_worker_and_scheduler_and_ctrl_c_stops_them(app_env):
    env, var = app_env
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}", "--web-workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    children: set[int] = set()
    try:

        def healthy() -> bool:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        _wait_for(healthy)
        children = _children(proc.pid)
        assert len(children) == 3  # web, worker, scheduler

        # The scheduler enqueued its jobs at start and the worker ran them.
        def jobs_done() -> bool:
            with sqlite3.connect(var / "minime.sqlite3") as db:
                rows = db.execute(
                    "SELECT status FROM django_tasks_database_dbtaskresult"
                ).fetchall()
            return len(rows) >= 2 and all(status == "SUCCESSFUL" for (status,) in rows)

        _wait_for(jobs_done)

        # The demo account signs in and sees the shell.
        password = json.loads((var / "local-secrets.json").read_text())["demo_password"]
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = opener.open(base + "/accounts/sign-in/").read().decode()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert match, form
        token = match.group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "email": "demo@minime.local", "password": password}
        ).encode()
        request = urllib.request.Request(
            base + "/accounts/sign-in/", data=data, headers={"Referer": base + "/"}
        )
        home = opener.open(request)
        assert home.url == base + "/today/"
        html = home.read().decode()
        assert "<h1>Today</h1>" in html
        # Personal pages: no cache may keep them. Collected static files: cached for good, even
        # for a signed-in visitor.
        assert {"private", "no-store"} <= {
            d.strip() for d in home.headers["Cache-Control"].split(",")
        }
        assert "camera=()" in home.headers["Permissions-Policy"]
        stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html)
        assert stylesheet, html
        static = opener.open(base + stylesheet.group(1))
        assert static.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    finally:
        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert proc.wait(timeout=30) == 0
    assert children
    assert not any(Path(f"/proc/{pid}").exists() for pid in children)
