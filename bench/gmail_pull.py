"""Pulling the inbox from a slow Gmail: a local fake Google whose every answer waits ``--latency``
seconds (100 ms by default), and ``minime.gmail.services.pull`` reading the latest 30 messages
as the Pull inbox button does (an access token from the refresh token, the list, then each
message's metadata), stored in the database.

    .venv/bin/python bench/gmail_pull.py [--db sqlite|postgres] [--runs 5] [--latency 0.1]

Reports, for several numbers of messages read at once (1 is one after the other; the product
reads ``google.CONCURRENT_READS`` at once), the median and worst time of a pull, the requests
Google received per pull, and the time the latency alone sets as a floor. Prints JSON.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from _setup import configure

RUNS, LATENCY = 5, 0.1
for flag in ("--runs", "--latency"):
    if flag in sys.argv:
        at = sys.argv.index(flag)
        value = sys.argv[at + 1]
        del sys.argv[at : at + 2]
        if flag == "--runs":
            RUNS = int(value)
        else:
            LATENCY = float(value)

args = configure(__doc__ or "")

import httpx  # noqa: E402
from django.conf import settings  # noqa: E402

from minime.accounts.plans import Plan  # noqa: E402
from minime.accounts.services import plan_set, user_create  # noqa: E402
from minime.gmail import google, services  # noqa: E402
from minime.gmail.tests import fake_google  # noqa: E402

CALLBACK = "http://localhost/accounts/settings/email/callback/"


def connect(user: Any, fake: fake_google.FakeGoogle) -> None:
    consent = services.connect_start(user=user, redirect_uri=CALLBACK)
    query = {k: v[0] for k, v in parse_qs(urlsplit(consent.url).query).items()}
    back = httpx.get(f"{fake.base}/o/oauth2/v2/approve", params={**query, "answer": "allow"})
    code = parse_qs(urlsplit(back.headers["location"]).query)["code"][0]
    services.connect_finish(user=user, code=code, verifier=consent.verifier, redirect_uri=CALLBACK)


def main() -> None:
    fake = fake_google.start()
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]
    for name, value in fake.settings().items():
        setattr(settings, name, value)
    user = user_create(email="bench@example.com", password="a sturdy passphrase 42")  # noqa: S106
    plan_set(user=user, plan=Plan.MAX)
    user.refresh_from_db()
    connect(user, fake)
    fake.latency = LATENCY
    product = google.CONCURRENT_READS
    results = []
    for at_once in sorted({1, 5, product, 30}):
        google.CONCURRENT_READS = at_once
        times, requests = [], 0
        for _ in range(RUNS):
            before = len(fake.requests)
            started = time.perf_counter()
            kept = services.pull(user=user)
            times.append(time.perf_counter() - started)
            requests = len(fake.requests) - before
            assert len(kept) == google.INBOX_SIZE
        rounds = 2 + -(-google.INBOX_SIZE // at_once)  # token, list, then the reads
        results.append(
            {
                "messages_at_once": at_once,
                "is_the_products": at_once == product,
                "median_ms": round(statistics.median(times) * 1000),
                "worst_ms": round(max(times) * 1000),
                "requests_per_pull": requests,
                "latency_floor_ms": round(rounds * LATENCY * 1000),
            }
        )
    google.CONCURRENT_READS = product
    fake.close()
    print(
        json.dumps(
            {
                "db": args.db,
                "latency_ms_per_call": round(LATENCY * 1000),
                "messages": google.INBOX_SIZE,
                "runs": RUNS,
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
