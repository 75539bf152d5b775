"""The engine is pure Python: importing it pulls in no Django, so it can be run and tested on plain
values. What it keeps a copy of (the energy levels) is tied here to the models' definition."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "engine"
ROOT = ENGINE.parents[2]


def test_importing_the_engine_does_not_import_django() -> None:
    # A fresh interpreter: this test process has Django loaded by pytest-django already.
    code = (
        "import sys\n"
        "import minime.today.engine as engine\n"
        "engine.plan_today\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_no_engine_module_mentions_django_in_an_import() -> None:
    for path in sorted(ENGINE.glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "django" or n.startswith("django.") for n in names), path
            assert not any(n.startswith("minime.") and ".engine" not in n for n in names), path


def test_the_engines_energy_levels_are_the_models_choices() -> None:
    from minime.core.vocabulary import Energy
    from minime.tasks.models import Task
    from minime.today.engine.scoring import ENERGY_LEVEL
    from minime.today.engine.snapshot import ENERGIES
    from minime.today.models import DayState

    assert ENERGIES == tuple(Energy.values) == tuple(ENERGY_LEVEL)
    for field in (DayState._meta.get_field("energy"), Task._meta.get_field("energy")):
        assert [value for value, _ in field.choices or ()] == list(ENERGIES)
