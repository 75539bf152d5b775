"""App boundaries the import contracts (pyproject.toml) cannot see: no app imports another app's
private names (a leading underscore), so each app's public surface is what others may use."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "minime"


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "minime" else None


def test_no_app_imports_another_apps_private_names() -> None:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT.parent)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        own = relative.parts[1] if len(relative.parts) > 2 else None
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            app = _app(node.module)
            private = [a.name for a in node.names if a.name.startswith("_")]
            if app and app != own and (private or node.module.split(".")[-1].startswith("_")):
                found.append(f"{relative}: from {node.module} import {', '.join(private) or '…'}")
    assert found == []


def test_the_check_sees_the_whole_tree() -> None:
    # A guard for the test above: it reads every app's modules, not an empty or moved tree.
    apps = {
        p.parts[0] for p in (q.relative_to(ROOT) for q in ROOT.rglob("*.py")) if len(p.parts) > 1
    }
    assert {"core", "accounts", "workspaces", "tasks", "today", "yourdata"} <= apps
