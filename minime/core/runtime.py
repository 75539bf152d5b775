"""Process-level tuning of a long-lived web worker (config/wsgi.py; the benchmarks do the same)."""

from __future__ import annotations

import gc

# The collector's youngest generation runs after this many allocations (Python's default: 700).
# A Today request on a big list allocates a few hundred thousand short-lived objects (a tuple
# and reasons per open task); at 700 the collector ran hundreds of times per request and cost
# about 10 ms of it. Garbage here is freed by reference counting anyway: the collector only
# finds cycles, and waiting longer for them costs a little memory, not correctness.
YOUNG_GENERATION_THRESHOLD = 50_000


def settle_worker() -> None:
    """Call once the app is loaded, before serving.

    Everything loaded so far lives as long as the worker: moving it out of the collector's
    generations (``gc.freeze``) keeps full collections from rescanning it during requests
    (without it, one request in twenty on a busy page paid 100 ms more: bench/pages.py). Then
    collect less often (``YOUNG_GENERATION_THRESHOLD``)."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, older, oldest)
