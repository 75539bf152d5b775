from __future__ import annotations

from datetime import date, timedelta

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.decisions.demo import populate
from minime.decisions.models import Decision
from minime.decisions.selectors import decision_sheet, decisions_needing_attention

TODAY = date(2026, 12, 6)


def test_the_demo_has_an_open_a_decided_and_a_revisited_decision(alice, personas):
    workspace = personas.personal(alice)
    with as_user(alice.pk):
        work = area_create(workspace=workspace, name="Work")
    lead, run, bike = populate(user=alice, workspace=workspace, today=TODAY)

    with as_user(alice.pk):
        assert [d.status for d in Decision.objects.order_by("created_at")] == [
            "open",
            "decided",
            "revisited",
        ]
        sheet = decision_sheet(lead)
        assert len(sheet.rows) == 3 and len(sheet.criteria) == 2 + 1
        assert all(cell.score is not None for row in sheet.rows for cell in row.cells)
        assert [row.leading for row in sheet.rows] == [False, False, True]
        assert lead.area == work and run.area is None and bike.area is None
        assert lead.deadline == TODAY + timedelta(days=10)
        assert run.chosen_option is not None and run.chosen_option.title == "Run in the evening"
        assert run.reasoning
        assert run.revisit_on == TODAY + timedelta(days=2)
        assert bike.outcome == "better" and bike.actual_outcome

        # Nothing needs a look today; the revisit comes up in two days.
        assert decisions_needing_attention(workspace, TODAY) == []
        due = decisions_needing_attention(workspace, TODAY + timedelta(days=2))
        assert [(a.decision.question, a.kind) for a in due] == [
            ("Run in the evening instead of before work?", "revisit_due")
        ]
