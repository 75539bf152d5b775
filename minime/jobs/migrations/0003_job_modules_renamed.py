"""The job modules were renamed from tasks.py to jobs.py (accounts) and housekeeping.py (jobs).

The queue stores each job by its dotted path, so a job queued before the upgrade still names the
old module and the worker could not import it. Rewrite the path of the jobs still to run
(READY) or running (RUNNING, requeued if its worker died); finished jobs are history and keep
the path they ran under. Reversible: going back rewrites the new paths to the old ones.
"""

from django.db import migrations

UNFINISHED = ("READY", "RUNNING")

# Old dotted path -> new one, for every job the two modules held at the rename.
RENAMED = {
    f"minime.accounts.tasks.{name}": f"minime.accounts.jobs.{name}"
    for name in (
        "send_sign_up_link",
        "send_account_exists_notice",
        "send_password_reset",
        "send_sign_in_link",
        "prune_sign_in_records",
    )
} | {"minime.jobs.tasks.prune_job_history": "minime.jobs.housekeeping.prune_job_history"}


def _rewrite(apps, schema_editor, paths):
    results = apps.get_model("django_tasks_database", "DBTaskResult").objects.using(
        schema_editor.connection.alias
    )
    for old, new in paths.items():
        results.filter(task_path=old, status__in=UNFINISHED).update(task_path=new)


def forwards(apps, schema_editor):
    _rewrite(apps, schema_editor, RENAMED)


def backwards(apps, schema_editor):
    _rewrite(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("jobs", "0002_joblease"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
