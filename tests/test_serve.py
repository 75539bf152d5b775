"""The run command's last step, end to end: `manage.py serve` becomes a small supervisor (no
Django) that runs the web app and the worker (with the scheduler) on an SQLite file and restarts
either when it dies; the demo account signs in; Ctrl-C or SIGTERM stops everything."""

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


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _pss_mib(pid: int) -> float:
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
    assert match, rollup
    return int(match.group(1)) / 1024


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")


def _child(pid: int, marker: str) -> int:
    (found,) = [c for c in _children(pid) if marker in _cmdline(c)]
    return found


def _sign_in(base: str, var: Path):
    """Sign the demo account in (a write: session, last login); the opener and the answer."""
    password = json.loads((var / "local-secrets.json").read_text())["demo_password"]
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/accounts/sign-in/").read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert match, form
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1), "email": "demo@minime.local", "password": password}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/sign-in/", data=data, headers={"Referer": base + "/"}
    )
    return opener, opener.open(request)


def _signs_in(base: str, var: Path) -> bool:
    try:
        return _sign_in(base, var)[1].url == base + "/today/"
    except OSError:
        return False


def _jobs(var: Path, task: str = "") -> list[str]:
    """The status of every queued job, or of those whose dotted path ends with `task`."""
    with sqlite3.connect(var / "minime.sqlite3") as db:
        rows = db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE ?",
            [f"%{task}"],
        ).fetchall()
    return [status for (status,) in rows]


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a parent to collect it is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


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


def test_serve_runs_web_and_worker_with_scheduler_and_ctrl_c_stops_them(app_env):
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
        assert len(children) == 2  # web, worker (with the scheduler)

        # The scheduler enqueued its jobs at start and the worker ran them.
        def jobs_done() -> bool:
            statuses = _jobs(var)
            return len(statuses) >= 2 and set(statuses) == {"SUCCESSFUL"}

        _wait_for(jobs_done)

        # The demo account signs in and sees the shell.
        opener, home = _sign_in(base, var)
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


@pytest.fixture
def served(app_env):
    """`manage.py serve` running with one web worker: (process, base URL, log path)."""
    env, var = app_env
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = var / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}",
             "--web-workers", "1"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_for(lambda: _healthy(base))
        yield proc, base, log
    finally:
        if proc.poll() is None:
            proc.terminate()  # the supervisor stops its children
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_importing_the_supervisor_loads_no_django():
    code = "import sys, minime.supervise; print(sorted(m for m in sys.modules if 'django' in m))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "[]"


def test_the_supervisor_is_small_and_holds_no_django(served):
    proc, _, _ = served
    # serve replaced itself with the supervisor: same process, another program.
    assert "-m minime.supervise" in _cmdline(proc.pid)
    maps = Path(f"/proc/{proc.pid}/maps").read_text()
    assert "site-packages/django" not in maps
    assert _pss_mib(proc.pid) < 25


def test_a_killed_worker_is_restarted_and_the_web_stays_up(served):
    proc, base, log = served
    worker = _child(proc.pid, "run_worker")
    web = _child(proc.pid, "gunicorn")
    os.kill(worker, signal.SIGKILL)
    _wait_for(lambda: any("run_worker" in _cmdline(c) for c in _children(proc.pid) - {worker}))
    assert _healthy(base)
    assert web in _children(proc.pid)
    assert f"worker (pid {worker}) died: signal SIGKILL; restarting in 1 s" in log.read_text()


def test_a_killed_web_master_is_restarted_and_answers_again(served):
    proc, base, log = served
    web = _child(proc.pid, "gunicorn")
    os.kill(web, signal.SIGKILL)
    _wait_for(lambda: any("gunicorn" in _cmdline(c) for c in _children(proc.pid) - {web}))
    _wait_for(lambda: _healthy(base))
    assert f"web (pid {web}) died: signal SIGKILL" in log.read_text()


def test_sigterm_stops_every_child_and_exits_0(served):
    proc, _, log = served
    tree = _children(proc.pid)
    tree |= {g for c in tree for g in _children(c)}  # the web workers too
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in tree)
    assert "supervise: stopped" in log.read_text()


def test_a_killed_supervisor_takes_its_children_with_it(served):
    """SIGKILL (or the OOM killer) gives the supervisor no chance to stop anything: the kernel
    tells each child instead, so no orphan keeps the port or the job queue."""
    proc, _, _ = served
    tree = _children(proc.pid)
    tree |= {g for c in tree for g in _children(c)}
    assert len(tree) >= 3  # the worker, the web master and its worker
    proc.kill()
    proc.wait()
    _wait_for(lambda: not any(_alive(pid) for pid in tree))


def test_the_app_recovers_by_itself_once_a_read_only_data_directory_is_writable_again(
    served, app_env
):
    """The data directory turns read-only under the running app (a read-only bind mount over it:
    every file opened from then on is read-only, as on a disk remounted read-only), then
    writable again. Writes fail meanwhile; afterwards the web signs in again and the worker runs
    new jobs, with nobody restarting anything."""
    proc, base, _ = served
    env, var = app_env
    _wait_for(lambda: len(_jobs(var)) >= 2 and set(_jobs(var)) == {"SUCCESSFUL"})
    subprocess.run(["mount", "--bind", str(var), str(var)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(var)], check=True)
        assert not _signs_in(base, var)  # the session cannot be written
        time.sleep(3)  # the worker's rounds meet the read-only directory too
    finally:
        subprocess.run(["umount", str(var)], check=True)
    _wait_for(lambda: _signs_in(base, var))
    enqueue = "from minime.jobs.housekeeping import prune_job_history as t; t.enqueue()"
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", enqueue],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    # the job enqueued by hand ran, next to the scheduler's (one a minute: the recap's finder)
    _wait_for(
        lambda: (
            _jobs(var, ".prune_job_history") == ["SUCCESSFUL"] * 2
            and set(_jobs(var)) == {"SUCCESSFUL"}
        ),
        timeout=60,
    )
    assert proc.poll() is None
