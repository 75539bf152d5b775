"""The supervisor alone (minime.supervise), with tiny children: restart with backoff, a child that
cannot start, a stop that kills the stubborn."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from minime import supervise


def test_backoff_doubles_to_the_longest_and_resets_after_a_steady_run():
    child = supervise.Child("worker", ["true"])
    delays = []
    for _ in range(7):
        child.proc = subprocess.Popen(["true"])
        child.proc.wait()
        child.started_at = 100.0
        delays.append(child.backoff(101.0))
    assert delays == [1, 2, 4, 8, 16, 30, 30]
    child.proc = subprocess.Popen(["true"])
    child.proc.wait()
    assert child.backoff(100.0 + supervise.STEADY_SECONDS) == 1


def test_describe_exit_code_and_signal():
    assert supervise.describe(3) == "exit code 3"
    assert supervise.describe(-9) == "signal SIGKILL"


def _run(commands: str, seconds: float) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "minime.supervise", commands, "--grace", "1"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(seconds)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    return subprocess.CompletedProcess(proc.args, proc.returncode, "", err)


def test_a_child_that_cannot_start_is_retried_and_the_others_run():
    result = _run('{"broken": ["/nonexistent/program"], "sleeper": ["sleep", "60"]}', seconds=2.5)
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    failures = [line for line in lines if line.startswith("supervise: broken could not start")]
    assert [f.rsplit("retrying in ", 1)[1] for f in failures] == ["1 s", "2 s"]
    assert sum("sleeper started" in line for line in lines) == 1


def test_a_child_that_exits_is_restarted_with_its_exit_code_logged():
    result = _run('{"quitter": ["sh", "-c", "exit 3"]}', seconds=1.6)
    assert "supervise: quitter (pid " in result.stderr
    assert "died: exit code 3; restarting in 1 s" in result.stderr
    assert result.stderr.count("quitter started") == 2


def test_stop_kills_a_child_that_ignores_sigterm_after_the_grace_period():
    result = _run('{"stubborn": ["sh", "-c", "trap \\"\\" TERM; sleep 60 & wait"]}', seconds=0.5)
    assert result.returncode == 0
    assert "still running after 1 s; killing its group" in result.stderr


@pytest.mark.parametrize("commands", ['["not", "a", "map"]', '{"empty": []}'])
def test_bad_commands_are_refused(commands):
    with pytest.raises(SystemExit):
        supervise.main([commands])
