"""The engine is pure Python: importing it pulls in no Django (CONVENTIONS rule 1)."""

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
