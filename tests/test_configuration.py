"""Every environment variable the code reads is documented in .env.example."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READS = re.compile(r'(?:env(?:\(\))?\.\w+|environ\.get|getenv)\(\s*"([A-Z][A-Z0-9_]+)"')


def _variables_read() -> set[str]:
    sources = [ROOT / "config" / "settings.py", *ROOT.glob("minime/**/*.py")]
    found: set[str] = set()
    for path in sources:
        if "tests" not in path.parts:
            found |= set(READS.findall(path.read_text()))
    return found


def test_every_variable_the_code_reads_is_in_env_example():
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    read = _variables_read()
    assert {"DATABASE_URL", "SECRET_KEY", "ENCRYPTION_KEYS", "ALLOWED_HOSTS"} <= read
    assert read - documented == set()
