"""The local engines behind Break into steps, Break a project into tasks and Explain today.

They answer when no AI provider is configured and whenever a provider fails, so every AI
feature works without a network or an account: the app's promise is that nothing depends on
a third party. They are deterministic: the same input always gives the same answer, with no
network, clock or randomness, and they import nothing from Django.

- ``tables``: the plain-text tables (word lists, verbs, nouns, steps) the breakdowns read;
- ``words``: those tables parsed into lookups, and the word helpers shared by all engines;
- ``reading``: what a task's title and description say (verb, family, object, listed steps);
- ``steps``: assembling a breakdown (no repeats, fitting length, the right number of steps);
- ``task``: Break into steps; ``project``: Break a project into tasks;
- ``explain``: Explain today's plan.

``minime/ai/tests/test_local_engines.py`` checks the ranges over many generated titles.
"""

from __future__ import annotations

from .explain import explain_today
from .project import break_project
from .task import break_task

__all__ = ["break_project", "break_task", "explain_today"]
