"""The whole API against its own OpenAPI: schemathesis generates requests for every operation.

Schemathesis's command line runs against the live test server as a test user with a personal
access token, every check on: no server error, every status code, content type and response body
as documented, schema-violating input refused and schema-valid input accepted, authentication
enforced, deleted things gone, created things reachable. The seed is fixed and the examples per
operation few, so a run is the same each time and takes about a minute. A failure lists each
distinct finding once (check, operation, the answer, a curl line to reproduce it).

To reproduce a finding by hand, run the same command line (see `_command`) against
`manage.py runserver` with a token from Settings → API tokens.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test.testcases import QuietWSGIRequestHandler

from minime.accounts.tokens import token_create
from minime.core.db import SERVICE_DB

# The service connection too: accepting an invite (POST /api/v1/invites/accept) writes through it.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])

SEED = 20260101
MAX_EXAMPLES = 25
# A hard stop far above the usual minute, so that a hang fails the test instead of stalling CI.
RUN_SECONDS = 300

# Operations whose input can match the schema and still break a rule that JSON Schema cannot
# state, because the rule depends on what is stored or on two fields together. For these (and
# only these) a 422 in the error envelope is an acceptable answer to schema-valid input; every
# other check still applies to them.
RULES_BEYOND_THE_SCHEMA = {
    "POST /api/v1/areas": "the name is already one of the workspace's areas",
    "PATCH /api/v1/areas/{uuid}": "the name is already one of the workspace's areas",
    "POST /api/v1/goals": "the area uuid is not one of the workspace's areas",
    "PATCH /api/v1/goals/{uuid}": "the area uuid is not one of the workspace's areas",
    "POST /api/v1/projects": "the goal or area uuid is not in the workspace",
    "PATCH /api/v1/projects/{uuid}": "the goal or area uuid is not in the workspace",
    "POST /api/v1/tasks": "a related uuid is not in the workspace; a due time without a due date;"
    " an assignee who is not a member",
    "PATCH /api/v1/tasks/{uuid}": "a related uuid is not in the workspace; a time without a date;"
    " an assignee who is not a member",
    "POST /api/v1/tasks/reorder": "the project uuid is not in the workspace",
    "POST /api/v1/tasks/{uuid}/skip": "only a repeating task can be skipped",
    "POST /api/v1/capture/{uuid}/task": "only an item still in the inbox becomes a task",
    "POST /api/v1/smart-add": "an item names an area the workspace does not have",
    "POST /api/v1/routines": "no recurrence rule and no cadence; an area not in the workspace",
    "PATCH /api/v1/routines/{uuid}": "the area uuid is not one of the workspace's areas",
    "PUT /api/v1/me/rules": "the work day must end after it starts",
    "POST /api/v1/push-devices": "the endpoint must be on a push service; keys must be P-256",
    "PATCH /api/v1/push-devices/{uuid}": "a name is not only spaces",
    "POST /api/v1/decisions": "the area uuid is not one of the workspace's areas",
    "PATCH /api/v1/decisions/{uuid}": "the area uuid is not one of the workspace's areas",
    "POST /api/v1/decisions/{uuid}/choose": "the option is not the decision's; it was revisited",
    "POST /api/v1/decisions/{uuid}/revisit": "an open decision has no choice to look back on",
    "PUT /api/v1/decisions/{uuid}/scores": "an option or criterion is not the decision's",
    "POST /api/v1/decisions/{uuid}/options": "the decision has its 20 options already",
    "POST /api/v1/decisions/{uuid}/criteria": "the decision has its 20 criteria already",
    "DELETE /api/v1/decision-options/{uuid}": "the chosen option stays until the decision reopens",
    "POST /api/v1/focus/sessions": "the task is not an open task here; a session runs already",
    "POST /api/v1/focus/sessions/{uuid}/interrupt": "only a running session counts interruptions",
    "POST /api/v1/focus/sessions/{uuid}/end": "only a running session can be ended",
    "POST /api/v1/focus/sessions/{uuid}/cancel": "only a running session can be cancelled",
    "POST /api/v1/reviews/shutdown": "the notes are one line",
    "PATCH /api/v1/reviews/{uuid}/answers": "a step's answers have their limits; a finished review",
    "POST /api/v1/reviews/{uuid}/finish": "a review is finished once, and only a weekly one",
    "POST /api/v1/automation-rules": "what the trigger allows; a uuid not here; the rule limit",
    "PATCH /api/v1/automation-rules/{uuid}": "what the trigger allows; a uuid not in the workspace",
    "POST /api/v1/calendars": "the address must be https to a public host; the calendar limit",
    "GET /api/v1/tasks": "the assignee's email is not a member's",
    "POST /api/v1/workspaces": "the limit of shared workspaces one person owns",
    "DELETE /api/v1/workspaces/{uuid}": "the name typed is not the workspace's; a personal one",
    "POST /api/v1/workspaces/{uuid}/leave": "the last owner stays; the personal one is not left",
    "PATCH /api/v1/workspaces/{uuid}/members/{email}": "a workspace keeps an owner; a personal one",
    "DELETE /api/v1/workspaces/{uuid}/members/{email}": "an owner leaves, not removes themselves",
    "POST /api/v1/workspaces/{uuid}/invites": "a personal workspace; a member already; the limit",
    "POST /api/v1/invites/accept": "the token is not of an invite still open to the caller",
}
# schemathesis's default for positive_data_acceptance, and 422.
ACCEPTED_OR_REFUSED_BY_A_RULE = ["2XX", "3XX", "401", "403", "404", "409", "422", "429", "5XX"]


def _config() -> str:
    """schemathesis.toml: the operations above may answer schema-valid input with a 422."""
    blocks = []
    for name, rule in RULES_BEYOND_THE_SCHEMA.items():
        blocks.append(
            f"# {rule}\n"
            "[[operations]]\n"
            f"include-name = {json.dumps(name)}\n"
            "checks.positive_data_acceptance.expected-statuses = "
            f"{json.dumps(ACCEPTED_OR_REFUSED_BY_A_RULE)}\n"
        )
    return "\n".join(blocks)


def _command(base_url: str, token: str) -> list[str]:
    return [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file=schemathesis.toml",
        "run",
        f"{base_url}/api/v1/openapi.json",
        "--checks=all",
        "--mode=all",
        f"--seed={SEED}",
        "--generation-database=none",
        f"--max-examples={MAX_EXAMPLES}",
        # Text with NUL is refused on purpose (PostgreSQL cannot hold it), which the schema does
        # not state; minime/core/tests/test_api_nul_text.py covers that refusal.
        "--generation-allow-x00=false",
        "--workers=1",
        "--no-color",
        "--report=json",
        "--report-json-path=report.json",
        "--header",
        f"Authorization: Bearer {token}",
    ]


def _section(output: str, title: str) -> str:
    """The lines of one `=== TITLE ===` section of schemathesis's output."""
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines) if f" {title} " in line), None)
    if start is None:
        return ""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("====")), None)
    return "\n".join(lines[start + 1 : end])


def _findings(report: dict) -> list[str]:
    """One line per kind of failure: its code, title, count and the operations it was seen in."""
    return [
        f"{f['code']} {f['title']}: {f['count']} in {', '.join(f['operations'])}"
        for f in report["failures"]
    ] + [f"error: {e}" for e in report["errors"]]


def test_the_api_answers_every_generated_request_as_its_openapi_says(
    live_server, alice, tmp_path, monkeypatch
):
    # The live server answers in two writes (headers, then body); with Nagle's algorithm on, each
    # answer then waits for the client's delayed ACK (about 40 ms), which would triple the run.
    monkeypatch.setattr(QuietWSGIRequestHandler, "disable_nagle_algorithm", True)
    _, secret = token_create(user=alice, name="schemathesis")
    (tmp_path / "schemathesis.toml").write_text(_config())

    result = subprocess.run(
        _command(live_server.url, secret),
        cwd=tmp_path,  # its report and any cache stay out of the working tree
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
        check=False,
    )

    report_file = tmp_path / "report.json"
    assert report_file.exists(), f"schemathesis did not run:\n{result.stdout}\n{result.stderr}"
    report = json.loads(report_file.read_text())
    findings = _findings(report)
    assert findings == [], (
        f"{report['test_cases']['unique_failures']} distinct failures\n"
        + "\n".join(findings)
        + "\n\n"
        + _section(result.stdout, "FAILURES")
    )
    assert report["complete"], f"the run stopped early ({report['stop_reason']})"
    assert report["operations"]["tested"] == report["operations"]["total"], report["operations"]
    assert result.returncode == 0, result.stdout
