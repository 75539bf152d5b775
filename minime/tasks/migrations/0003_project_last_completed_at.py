"""Keep the latest task completion on projects, goals and areas (Today reads these stamps
instead of aggregating every done task), and fill them from the tasks already done."""

from django.db import migrations, models

# A done task counts for its project, its goal (else its project's) and its area (else its
# project's): the rule minime.tasks.services follows from now on.
BACKFILL = [
    """
    UPDATE tasks_project SET last_completed_at = (
        SELECT MAX(t.completed_at) FROM tasks_task t
        WHERE t.status = 'done' AND t.project_id = tasks_project.id)
    """,
    """
    UPDATE goals_goal SET last_completed_at = (
        SELECT MAX(t.completed_at) FROM tasks_task t
        LEFT JOIN tasks_project p ON p.id = t.project_id
        WHERE t.status = 'done' AND COALESCE(t.goal_id, p.goal_id) = goals_goal.id)
    """,
    """
    UPDATE areas_lifearea SET last_completed_at = (
        SELECT MAX(t.completed_at) FROM tasks_task t
        LEFT JOIN tasks_project p ON p.id = t.project_id
        WHERE t.status = 'done' AND COALESCE(t.area_id, p.area_id) = areas_lifearea.id)
    """,
]
TABLES = ["tasks_task", "tasks_project", "goals_goal", "areas_lifearea"]


def backfill(apps, schema_editor):
    # The owner running migrations is subject to row-level security too (FORCE): lift it for
    # this transaction only, so the stamps are filled for every workspace. DDL is transactional
    # in PostgreSQL: no other session ever sees the tables unforced.
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        for table in TABLES:
            schema_editor.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
    for statement in BACKFILL:
        schema_editor.execute(statement)
    if postgres:
        for table in TABLES:
            schema_editor.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0002_add_list_order_index"),
        ("goals", "0002_goal_last_completed_at"),
        ("areas", "0002_lifearea_last_completed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="last_completed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
