"""Scale-out, end to end on PostgreSQL, run from the files in deploy/ as production runs them.

Caddy (HTTPS, `tls internal`) balances two gunicorn web instances; two workers and two
schedulers share the same database. A threaded client creates tasks through the API and reads
Today with a session cookie while, midway, one web instance and the worker running a job are
SIGKILLed. Then: every acknowledged create is stored exactly once and the only failures were
requests on the killed instance as it died; every job finished once (the killed worker's job ran
again after its lease); every scheduler slot was enqueued once; a session made on one instance is
valid on the other. Last, the database is backed up with pg_dump and restored into a fresh one.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shlex
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django_tasks import task

from config.local_secrets import vapid_key_pair

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SUPERUSER_URL = os.environ.get(
    "TEST_PG_SUPERUSER_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
HOST = "minime.test"  # a public name: the deployment checks apply in full
PASSWORD = "correct horse battery staple"  # the test account
EMAILS = 20  # sign-in-link emails enqueued, one per reader
CLIENTS = 8  # client threads, each with one keep-alive connection through Caddy
LOAD_SECONDS = 8.0

pytestmark = pytest.mark.postgres


@task()
def hold_then_mark(*, key: str) -> None:
    """This test's job: record each start, wait for the test's go-ahead (so the worker is surely
    inside it when killed), then mark `key` done. Running it again leaves the same mark."""
    var = settings.VAR_DIR
    (var / "starts").mkdir(exist_ok=True)
    (var / "starts" / f"{key}.{os.getpid()}").touch()
    deadline = time.monotonic() + 60
    while not (var / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    (var / "marks").mkdir(exist_ok=True)
    (var / "marks" / key).write_text(key)


SETUP = f"""
import json
from minime.accounts.services import user_create
from minime.accounts.jobs import send_sign_in_link
from minime.accounts.tokens import token_create
from tests.test_scale_out import hold_then_mark
hold_then_mark.enqueue(key="held")
user = user_create(email="load@example.com", password={PASSWORD!r})
_, token = token_create(user=user, name="load")
for i in range({EMAILS}):
    reader = user_create(email=f"reader{{i}}@example.com", password=None)
    send_sign_in_link.enqueue(user_id=reader.pk)
print(json.dumps({{"token": token}}))
"""


# --- The deploy/ files -------------------------------------------------------------------------
def env_file() -> dict[str, str]:
    """deploy/minime.env as systemd reads it: KEY=value lines, comments skipped."""
    lines = (DEPLOY / "minime.env").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if line and not line.startswith("#")]
    return {key: value.strip().strip('"') for key, value in pairs}


def exec_start(unit: str, instance: str, env: dict[str, str]) -> list[str]:
    """A unit's ExecStart with systemd's %i, %H and ${VAR} filled in, run from this checkout."""
    text = (DEPLOY / unit).read_text()
    line = next(x for x in text.splitlines() if x.startswith("ExecStart="))
    line = line.removeprefix("ExecStart=").replace("%i", instance).replace("%H", "scale")
    argv = shlex.split(re.sub(r"\$\{(\w+)\}", lambda m: env[str(m.group(1))], line))
    assert argv[0] == "/srv/minime/.venv/bin/python", argv
    assert "WorkingDirectory=/srv/minime" in text
    return [sys.executable, *argv[1:]]


# --- Processes ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(predicate: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Processes:
    """Each started in its own session, so a SIGKILL takes a whole instance (gunicorn's master
    and its workers) at once. Output goes to one log file per process."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        with open(self.logs / f"{name}.log", "wb") as log:
            proc = subprocess.Popen(
                argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.running[name] = proc
        return proc

    def kill(self, name: str) -> None:
        proc = self.running.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def stop_all(self) -> None:
        for proc in self.running.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for name, proc in self.running.items():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise AssertionError(f"{name} did not stop on SIGTERM") from None
        self.running.clear()

    def tail(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
            for p in sorted(self.logs.glob("*.log"))
        )


# --- HTTP --------------------------------------------------------------------------------------
class Https(http.client.HTTPSConnection):
    """HTTPS to Caddy on 127.0.0.1 for the site's name (SNI and Host), as if DNS said so."""

    def __init__(self, port: int, tls: ssl.SSLContext) -> None:
        super().__init__(HOST, port, context=tls, timeout=15)
        self.tls = tls

    def connect(self) -> None:
        raw = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str


def direct(port: int, site: str, method: str, path: str, **headers: str) -> Answer:
    """A request straight to one web instance, with the headers Caddy adds."""
    body = headers.pop("body", None)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(
            method, path, body=body,
            headers={"Host": site, "X-Forwarded-Proto": "https", **headers},
        )  # fmt: skip
        resp = conn.getresponse()
        return Answer(resp.status, resp.headers, resp.read().decode())
    finally:
        conn.close()


def cookies(answer: Answer) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in answer.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int, site: str) -> str:
    """Sign in on one web instance; return its session cookie."""
    form = direct(port, site, "GET", "/accounts/sign-in/")
    csrf = cookies(form)["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    assert token, form.body
    body = f"csrfmiddlewaretoken={token.group(1)}&email=load%40example.com&password=" + (
        PASSWORD.replace(" ", "+")
    )
    done = direct(
        port, site, "POST", "/accounts/sign-in/", body=body,
        Cookie=f"csrftoken={csrf}", Referer=f"https://{site}/", Origin=f"https://{site}",
        **{"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert done.status == 302 and done.headers["Location"] == "/today/", done
    return cookies(done)["sessionid"]


def signed_in(answer: Answer) -> bool:
    return answer.status == 200 and "<h1>Today</h1>" in answer.body


@dataclass
class Outcome:
    kind: str  # "create" or "page"
    title: str
    status: int  # 0: no answer at all
    start: float
    end: float


def client(
    n: int, port: int, tls: ssl.SSLContext, token: str, session: str, until: float
) -> list[Outcome]:
    """One keep-alive connection through Caddy: two task creates, then a Today page, repeated."""
    outcomes: list[Outcome] = []
    conn = Https(port, tls)
    i = 0
    while time.monotonic() < until:
        i += 1
        title = f"scale {n}-{i}"
        if i % 3:
            kind, method, path = "create", "POST", "/api/v1/tasks"
            body: str | None = json.dumps({"title": title})
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        else:
            kind, method, path, body = "page", "GET", "/today/", None
            headers = {"Cookie": f"sessionid={session}"}
        start = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            text = resp.read().decode()
            status = resp.status
            if kind == "page" and status == 200 and "<h1>Today</h1>" not in text:
                status = -1  # a 200 that is not the signed-in page
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = Https(port, tls)
        outcomes.append(Outcome(kind, title, status, start, time.monotonic()))
    conn.close()
    return outcomes


# --- Database ----------------------------------------------------------------------------------
def url_for(url: str, dbname: str) -> str:
    return psycopg.conninfo.make_conninfo(url, dbname=dbname)


def query(dbname: str, sql: str, *params: object) -> list[tuple]:
    with psycopg.connect(url_for(SUPERUSER_URL, dbname), autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture
def scale_db() -> Iterator[str]:
    name = f"minime_scale_{secrets.token_hex(4)}"
    yield name
    with psycopg.connect(SUPERUSER_URL, autocommit=True) as conn:
        for db in (name, f"{name}_restored"):
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def role_url(variable: str, dbname: str) -> str:
    """The suite's role URL (scripts/test sets it) pointed at this test's database."""
    return re.sub(r"/[^/]*$", f"/{dbname}", os.environ[variable])


# --- The test ----------------------------------------------------------------------------------
def test_scale_out_survives_a_killed_web_instance_and_worker(tmp_path: Path, scale_db: str):
    began = time.monotonic()
    var, logs, caddy_home = tmp_path / "var", tmp_path / "logs", tmp_path / "caddy"
    for folder in (var, logs, caddy_home):
        folder.mkdir()
    port, web_ports = free_port(), (free_port(), free_port())
    site = f"{HOST}:{port}"
    production = env_file()
    overrides = {
        "SITE_URL": f"https://{site}",
        "ALLOWED_HOSTS": HOST,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        **{key.upper(): value for key, value in vapid_key_pair().items()},
        "DATABASE_URL": role_url("DATABASE_URL", scale_db),
        "DATABASE_OWNER_URL": role_url("DATABASE_OWNER_URL", scale_db),
        "DATABASE_SERVICE_URL": role_url("DATABASE_SERVICE_URL", scale_db),
        "EMAIL_URL": f"filemail://{var / 'mail'}",
        "MINIME_VAR_DIR": str(var),
        "JOB_LEASE_SECONDS": "3",
    }
    assert overrides.keys() <= production.keys()
    assert production["BEHIND_PROXY"] == "true" and production["DEBUG"] == "false"
    env = {
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **production,
        **overrides,
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    # Install as docs/deploy.md does: roles and database, migrations, static files.
    manage("pg_provision", "--allow-createdb", "--superuser-url", SUPERUSER_URL, "--verbosity", "0")
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    token = json.loads(manage("shell", "-c", SETUP).strip().splitlines()[-1])["token"]

    procs = Processes(logs)
    caddy_env = {
        "PATH": os.environ["PATH"],
        "HOME": str(caddy_home),
        "XDG_DATA_HOME": str(caddy_home / "data"),
        "XDG_CONFIG_HOME": str(caddy_home / "config"),
        "CADDY_ADMIN": f"127.0.0.1:{free_port()}",
        "CADDY_HTTP_PORT": str(free_port()),
        "MINIME_SITE": site,
        "MINIME_TLS": "internal",
        "MINIME_UPSTREAMS": " ".join(f"127.0.0.1:{p}" for p in web_ports),
        "MINIME_HOST": HOST,
    }
    caddyfile = str(DEPLOY / "Caddyfile")
    try:
        procs.start(
            "caddy", ["caddy", "run", "--config", caddyfile, "--adapter", "caddyfile"], caddy_env
        )
        for i, web_port in enumerate(web_ports, 1):
            procs.start(f"web{i}", exec_start("minime-web@.service", str(web_port), env), env)
        workers = {}
        for i in (1, 2):
            workers[f"scale-{i}"] = procs.start(
                f"worker{i}", exec_start("minime-worker@.service", str(i), env), env
            )
            procs.start(f"scheduler{i}", exec_start("minime-scheduler.service", "", env), env)

        root_ca = caddy_home / "data/caddy/pki/authorities/local/root.crt"
        wait_for(root_ca.exists, "Caddy's root certificate")
        tls = ssl.create_default_context(cafile=str(root_ca))

        def through_proxy(path: str, **headers: str) -> Answer:
            conn = Https(port, tls)
            try:
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                return Answer(resp.status, resp.headers, resp.read().decode())
            finally:
                conn.close()

        def healthy(web_port: int) -> bool:
            try:
                return direct(web_port, site, "GET", "/healthz").status == 200
            except OSError:
                return False

        for web_port in web_ports:
            wait_for(partial(healthy, web_port), f"web instance on {web_port}")
        wait_for(lambda: through_proxy("/healthz").status == 200, "Caddy")
        assert through_proxy("/healthz").headers["Strict-Transport-Security"]

        # A session made on one instance is valid on the other.
        session = sign_in(web_ports[0], site)
        today = direct(web_ports[1], site, "GET", "/today/", Cookie=f"sessionid={session}")
        assert signed_in(today), today.status

        def held_by() -> str | None:
            """The worker inside the held job, once one has taken it."""
            running = query(
                scale_db,
                "SELECT worker_ids FROM django_tasks_database_dbtaskresult "
                "WHERE status = 'RUNNING' AND task_path LIKE %s",
                "%.hold_then_mark",
            )
            return running[0][0][-1] if running else None

        wait_for(held_by, "a worker to take the held job")

        # Load through Caddy; midway, SIGKILL one web instance and the worker inside a job.
        until = time.monotonic() + LOAD_SECONDS
        results: list[list[Outcome]] = [[] for _ in range(CLIENTS)]

        def run(n: int) -> None:
            results[n] = client(n, port, tls, token, session, until)

        threads = [threading.Thread(target=run, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(LOAD_SECONDS / 2)
        kill_sent = time.monotonic()
        procs.kill("web1")
        killed_at = time.monotonic()
        holder = held_by()
        assert holder is not None
        killed_worker = workers[holder].pid
        procs.kill(f"worker{holder.rsplit('-', 1)[1]}")
        (var / "go").touch()
        for thread in threads:
            thread.join()
        outcomes = [o for r in results for o in r]

        # The session still works through Caddy, now on the surviving instance.
        assert signed_in(through_proxy("/today/", Cookie=f"sessionid={session}"))

        # Every job finishes, the killed worker's one included, once its lease expired.
        def jobs_settled() -> bool:
            pending = query(
                scale_db,
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE status IN ('READY', 'RUNNING')",
            )
            return pending[0][0] == 0

        wait_for(jobs_settled, "every job to finish")
        checked_at = datetime.now(UTC)
    except BaseException:
        procs.stop_all()
        print(procs.tail())
        raise
    procs.stop_all()

    # Requests: every acknowledged create stored exactly once; failures only in flight at the kill.
    ok = [o for o in outcomes if 200 <= o.status < 300]
    failed = [o for o in outcomes if not 200 <= o.status < 300]
    # 502: Caddy's answer when the upstream died before answering; 0: it died mid-answer, so
    # Caddy could only cut the connection.
    assert {o.status for o in failed} <= {0, 502}, Counter(o.status for o in failed)
    # Each failure was on the killed instance: in flight when it died, or sent within a second of
    # its death on a connection Caddy still held open to it (a POST is not retried elsewhere:
    # it may have been applied). Nothing failed after that.
    assert all(o.end >= kill_sent and o.start <= killed_at + 1 for o in failed), (kill_sent, failed)
    assert len(failed) <= CLIENTS, failed
    creates = {o.title: o for o in outcomes if o.kind == "create"}
    stored = dict(
        query(
            scale_db,
            "SELECT title, count(*) FROM tasks_task WHERE title LIKE 'scale %%' GROUP BY title",
        )
    )
    acknowledged = {o.title for o in ok if o.kind == "create"}
    assert acknowledged <= stored.keys()
    assert set(stored.values()) == {1}
    assert stored.keys() <= creates.keys()
    assert len(stored.keys() - acknowledged) <= len([o for o in failed if o.kind == "create"])

    # Jobs: every one SUCCESSFUL; each email sent once; the held job ran twice, marked once.
    statuses = Counter(
        dict(
            query(
                scale_db,
                "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status",
            )
        )
    )
    assert set(statuses) == {"SUCCESSFUL"}, statuses
    recipients = Counter(
        to
        for message in (var / "mail").iterdir()
        for to in re.findall(r"^To: (\S+)$", message.read_text(), re.MULTILINE)
    )
    assert recipients == Counter({f"reader{i}@example.com": 1 for i in range(EMAILS)})
    starts = sorted(int(p.suffix[1:]) for p in (var / "starts").iterdir())
    assert len(starts) == 2 and killed_worker in starts, (starts, killed_worker)
    assert [p.name for p in (var / "marks").iterdir()] == ["held"]

    # Scheduler: each (job, slot) once, and every slot of the run is there.
    from minime.jobs.schedule import SCHEDULE
    from minime.jobs.scheduler import slot_start

    slots = query(scale_db, "SELECT job, slot, enqueued_at, task_id FROM jobs_scheduledslot")
    assert len({(job, slot) for job, slot, _, _ in slots}) == len(slots)
    for job in SCHEDULE:
        mine = sorted((slot, at) for name, slot, at, _ in slots if name == job.name)
        assert mine, f"{job.name} was never enqueued"
        expected, at = [], slot_start(mine[0][1], job)
        while at <= slot_start(checked_at - timedelta(seconds=2), job):
            expected.append(at)
            at += job.every
        assert [slot for slot, _ in mine][: len(expected)] == expected, job.name
        assert len(mine) <= len(expected) + 1, job.name  # one more if a slot began since
    assert all(task_id for _, _, _, task_id in slots)

    # Backup and restore, as docs/deploy.md says.
    dump = tmp_path / "minime.dump"
    restored = f"{scale_db}_restored"
    pg_dump = ["pg_dump", "--format=custom", f"--file={dump}", url_for(SUPERUSER_URL, scale_db)]
    subprocess.run(pg_dump, check=True)
    for variable in ("DATABASE_URL", "DATABASE_OWNER_URL", "DATABASE_SERVICE_URL"):
        env[variable] = role_url(variable, restored)
    manage("pg_provision", "--allow-createdb", "--superuser-url", SUPERUSER_URL, "--verbosity", "0")
    pg_restore = ["pg_restore", "--exit-on-error", f"--dbname={url_for(SUPERUSER_URL, restored)}"]
    subprocess.run([*pg_restore, str(dump)], check=True)
    count = "SELECT count(*) FROM tasks_task"
    assert query(restored, count) == query(scale_db, count) != [(0,)]

    latencies = sorted(o.end - o.start for o in ok)
    print(
        f"\nscale-out: {len(outcomes)} requests through Caddy, {len(ok)} ok, "
        f"{len(failed)} failed (on the killed instance), "
        f"{len(stored.keys() - acknowledged)} unacknowledged creates stored; "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.0f} ms; "
        f"{sum(statuses.values())} jobs SUCCESSFUL, {len(slots)} scheduler slots; "
        f"{time.monotonic() - began:.1f} s"
    )
