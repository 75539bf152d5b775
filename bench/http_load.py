"""Writes under load, over HTTP, against the app as `scripts/run` starts it; memory at rest and
under load; the size of Today's JSON with and without compression.

    .venv/bin/python bench/http_load.py [--db sqlite|postgres] [--connections 8] [--seconds 20]

Starts `manage.py serve` (web, worker, scheduler) on a free loopback port over a fresh database,
makes one account per connection (each with an API token and `--open-tasks` open tasks), then
each connection creates tasks through `POST /api/v1/tasks` on its own keep-alive HTTP connection
for `--seconds`. It reports throughput, latency percentiles and errors; checks that every
acknowledged create is in the database exactly once; and sums the proportional set size (PSS,
what the processes cost the machine, shared pages counted once) of the whole process tree at rest
and at its peak under load. Prints one JSON object.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from _setup import ROOT, configure

MIB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree(pid: int) -> list[int]:
    """`pid` and every descendant."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


def pss_mib(pid: int) -> float:
    total = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return round(total / MIB, 1)


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds the processes have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def postgres_pids() -> list[int]:
    out = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout  # noqa: S607
    return [int(p) for p in out.split()]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def setup_accounts(count: int, open_tasks: int) -> list[tuple[int, str]]:
    """`count` accounts with an API token each and `open_tasks` open tasks; (user id, token)."""
    from minime.accounts.services import user_create
    from minime.accounts.tokens import token_create
    from minime.core.db import as_user
    from minime.tasks.models import Task
    from minime.workspaces.models import Workspace

    accounts = []
    for i in range(count):
        user = user_create(
            email=f"load{i}@example.com",
            password="load test password",  # noqa: S106 - a throwaway account
            time_zone="UTC",
        )
        with as_user(user.pk):
            _, secret = token_create(user=user, name="load")
            ws = Workspace.objects.get(created_by=user, is_personal=True)
            Task.objects.bulk_create(
                [
                    Task(workspace=ws, title=f"Existing {n}", position=n, priority=n % 4)
                    for n in range(open_tasks)
                ]
            )
        accounts.append((user.pk, secret))
    return accounts


def start_server(port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy(),
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not come up")


def client(
    port: int, token: str, until: float, results: list[tuple[float, int]], titles: list[str]
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    while time.monotonic() < until:
        title = f"Load {uuid.uuid4().hex[:12]}"
        started = time.perf_counter()
        try:
            conn.request("POST", "/api/v1/tasks", json.dumps({"title": title}), headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except OSError:
            status = 0
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        results.append(((time.perf_counter() - started) * 1000, status))
        if status == 201:
            titles.append(title)


def run_load(
    port: int, tokens: list[str], seconds: float, server_pid: int
) -> tuple[dict[str, object], list[str]]:
    results: list[tuple[float, int]] = []
    titles: list[str] = []
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client, args=(port, t, until, results, titles)) for t in tokens
    ]
    peak = 0.0
    started = time.monotonic()
    server_cpu = cpu_seconds(tree(server_pid))
    pg_cpu = cpu_seconds(postgres_pids())
    client_cpu = time.process_time()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        peak = max(peak, pss_mib(server_pid))
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    server_cpu = cpu_seconds(tree(server_pid)) - server_cpu
    pg_cpu = cpu_seconds(postgres_pids()) - pg_cpu
    client_cpu = time.process_time() - client_cpu
    latencies = [ms for ms, _ in results]
    errors: dict[str, int] = {}
    for _, status in results:
        if status != 201:
            errors[str(status)] = errors.get(str(status), 0) + 1
    return {
        "requests": len(results),
        "creates_per_second": round(len(titles) / elapsed, 1),
        "p50_ms": percentile(latencies, 0.50),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "max_ms": round(max(latencies), 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "errors": errors,
        "peak_pss_mib": peak,
        # CPU milliseconds per request: the app's processes, PostgreSQL's, this load client's.
        "cpu_ms_per_request": {
            "app": round(server_cpu * 1000 / max(1, len(results)), 2),
            "postgres": round(pg_cpu * 1000 / max(1, len(results)), 2),
            "client": round(client_cpu * 1000 / max(1, len(results)), 2),
        },
    }, titles


def today_sizes(port: int, token: str) -> dict[str, int | str]:
    sizes: dict[str, int | str] = {}
    for label, accept in (("identity", "identity"), ("gzip", "gzip")):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(
            "GET",
            "/api/v1/today",
            headers={"Authorization": f"Bearer {token}", "Accept-Encoding": accept},
        )
        response = conn.getresponse()
        body = response.read()
        sizes[f"{label}_bytes"] = len(body)
        if label == "gzip":
            sizes["gzip_encoding"] = response.getheader("Content-Encoding") or "none"
            if response.getheader("Content-Encoding") == "gzip":
                assert json.loads(gzip.decompress(body))
    return sizes


def main() -> None:
    import argparse

    extra = argparse.ArgumentParser(add_help=False)
    extra.add_argument("--connections", type=int, default=8)
    extra.add_argument("--seconds", type=float, default=20.0)
    extra.add_argument("--open-tasks", type=int, default=300)
    own, rest = extra.parse_known_args()
    sys.argv = [sys.argv[0], *rest]
    args = configure(__doc__ or "")

    accounts = setup_accounts(own.connections, own.open_tasks)
    from django.db import connections

    connections.close_all()  # the server's processes take it from here
    port = free_port()
    server = start_server(port)
    try:
        tokens = [secret for _, secret in accounts]
        time.sleep(5)
        fresh = pss_mib(server.pid)
        # Warm every web worker and thread before measuring.
        run_load(port, tokens, 3, server.pid)
        time.sleep(5)
        rest_pss = pss_mib(server.pid)
        load, titles = run_load(port, tokens, own.seconds, server.pid)
        time.sleep(2)
        sizes = today_sizes(port, tokens[0])
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)

    from minime.core.db import SERVICE_DB
    from minime.tasks.models import Task

    stored = list(
        Task.objects.using(SERVICE_DB)
        .filter(title__startswith="Load ")
        .values_list("title", flat=True)
    )
    acknowledged = set(titles)
    report = {
        "db": args.db,
        "connections": own.connections,
        "seconds": own.seconds,
        "open_tasks_per_account": own.open_tasks,
        "pss_mib_at_start": fresh,
        "pss_mib_at_rest": rest_pss,
        "load": load,
        "lost": len(acknowledged - set(stored)),
        "duplicated": len(stored) - len(set(stored)),
        "today_json": sizes,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
