"""Keep a few processes running on one machine: what `manage.py serve` becomes once it has built
the command lines.

    python -m minime.supervise '{"web": ["gunicorn", ...], "worker": ["python", ...]}'

Each child runs in its own process group (a Ctrl-C in the terminal reaches only this process,
which passes it on once). A child that exits, is killed, or cannot be started at all is started
again after a pause that doubles from FIRST_DELAY up to LONGEST_DELAY, and falls back to
FIRST_DELAY once the child has stayed up STEADY_SECONDS; the other children keep running. Every
death and every start is one line on stderr. SIGTERM or SIGINT stop everything: each child gets
SIGTERM, then its whole process group SIGKILL if it is still there after the grace period; the
exit status is 0. On Linux each child also gets SIGTERM when this process dies without a chance to
pass anything on (SIGKILL, the OOM killer): no orphan keeps holding the port or the job queue.

Standard library only, on purpose: this process lives as long as the app and should cost a few
MiB, not a loaded Django.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

FIRST_DELAY = 1.0
LONGEST_DELAY = 30.0
STEADY_SECONDS = 60.0
GRACE_SECONDS = 15.0
TICK = 0.2
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def log(message: str) -> None:
    print(f"supervise: {message}", file=sys.stderr, flush=True)


def describe(returncode: int) -> str:
    """`exit code 1` or `signal SIGKILL` (Popen reports a signal as a negative code)."""
    if returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    return f"exit code {returncode}"


@dataclass
class Child:
    name: str
    argv: list[str]
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    start_at: float = 0.0  # when to start it next, while it is not running
    failures: int = 0  # deaths in a row without a steady run

    def backoff(self, now: float) -> float:
        """Record a death (or a failed start) at `now`; return the pause before the next start."""
        if self.proc is not None and now - self.started_at >= STEADY_SECONDS:
            self.failures = 0
        delay = min(LONGEST_DELAY, FIRST_DELAY * 2**self.failures)
        self.failures += 1
        self.proc = None
        self.start_at = now + delay
        return delay


def die_with_parent() -> Callable[[], None] | None:
    """What a child runs between fork and exec so that the kernel sends it SIGTERM when this
    process dies (Linux only; None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def arm() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the supervisor died before the line above took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return arm


class Supervisor:
    def __init__(self, commands: dict[str, list[str]], grace: float = GRACE_SECONDS) -> None:
        self.children = [Child(name, argv) for name, argv in commands.items()]
        self.grace = grace
        self.stopping = False
        self.preexec = die_with_parent()

    def start(self, child: Child, now: float) -> None:
        try:
            child.proc = subprocess.Popen(  # noqa: S603
                child.argv, process_group=0, preexec_fn=self.preexec
            )
        except OSError as exc:
            delay = child.backoff(now)
            log(f"{child.name} could not start ({exc}); retrying in {delay:g} s")
            return
        child.started_at = now
        log(f"{child.name} started (pid {child.proc.pid})")

    def check(self, now: float) -> None:
        """Notice children that died; start the ones whose pause is over."""
        for child in self.children:
            if child.proc is not None:
                code = child.proc.poll()
                if code is None:
                    continue
                pid = child.proc.pid
                delay = child.backoff(now)
                log(f"{child.name} (pid {pid}) died: {describe(code)}; restarting in {delay:g} s")
            if now >= child.start_at:
                self.start(child, now)

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)
        while not self.stopping:
            self.check(time.monotonic())
            time.sleep(TICK)
        self.stop()
        return 0

    def stop(self) -> None:
        """SIGTERM every child, wait up to the grace period, then SIGKILL the process group of each
        one still running."""
        running = [c.proc for c in self.children if c.proc is not None and c.proc.poll() is None]
        for proc in running:
            proc.terminate()
        deadline = time.monotonic() + self.grace
        for proc in running:
            try:
                proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"pid {proc.pid} still running after {self.grace:g} s; killing its group")
                os.killpg(proc.pid, signal.SIGKILL)  # its own group: its children go too
                proc.wait()
        log("stopped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m minime.supervise", description=__doc__)
    parser.add_argument("commands", help='JSON object: {"name": ["program", "arg", ...], ...}')
    parser.add_argument("--grace", type=float, default=GRACE_SECONDS)
    args = parser.parse_args(argv)
    commands = json.loads(args.commands)
    if not isinstance(commands, dict) or not all(
        isinstance(cmd, list) and cmd and all(isinstance(a, str) for a in cmd)
        for cmd in commands.values()
    ):
        parser.error("commands must map each name to a non-empty list of strings")
    return Supervisor(commands, grace=args.grace).run()


if __name__ == "__main__":
    sys.exit(main())
